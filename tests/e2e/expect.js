// A small retrying `expect` for playwright-core locators (the full
// @playwright/test runner is not used: node:test runs these files).
// Each matcher polls until it holds or the timeout passes, then fails with
// what it last saw.
import assert from 'node:assert/strict';

const TIMEOUT_MS = 5000;
const INTERVAL_MS = 50;

const normalize = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
const matches = (actual, expected) => (expected instanceof RegExp ? expected.test(actual) : actual === expected);

async function retry(describe, probe, check, timeout = TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (check(last)) return last;
    } catch (error) {
      last = `(${error.message.split('\n')[0]})`;
    }
    if (Date.now() > deadline) {
      throw new assert.AssertionError({ message: `${describe}: last saw ${JSON.stringify(last)}` });
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}

const quick = { timeout: 500 };

export function expect(locator, { timeout = TIMEOUT_MS } = {}) {
  const name = locator.toString();
  return {
    toHaveText: (text) => retry(`${name} to have text ${text}`,
      async () => normalize(await locator.textContent(quick)), (t) => matches(t, text), timeout),
    toContainText: (text) => retry(`${name} to contain ${text}`,
      async () => normalize(await locator.textContent(quick)), (t) => t.includes(text), timeout),
    toHaveAttribute: (attr, value) => retry(`${name} to have ${attr}=${value}`,
      () => locator.getAttribute(attr, quick), (v) => v !== null && matches(v, value), timeout),
    toHaveValue: (value) => retry(`${name} to have value ${value}`,
      () => locator.inputValue(quick), (v) => matches(v, value), timeout),
    toHaveCount: (n) => retry(`${name} to count ${n}`, () => locator.count(), (c) => c === n, timeout),
    toBeVisible: () => retry(`${name} to be visible`, () => locator.isVisible(), (v) => v === true, timeout),
    toBeHidden: () => retry(`${name} to be hidden`, () => locator.isHidden(), (v) => v === true, timeout),
    toBeChecked: () => retry(`${name} to be checked`, () => locator.isChecked(quick), (v) => v === true, timeout),
    toBeDisabled: () => retry(`${name} to be disabled`, () => locator.isDisabled(quick), (v) => v === true, timeout),
    toBeFocused: () => retry(`${name} to be focused`,
      () => locator.evaluate((el) => el === document.activeElement, null, quick), (v) => v === true, timeout),
  };
}

/** expect.poll(fn).toBe(v) / .toEqual(v) / .toMatch(re) / .toSatisfy(pred): retries fn. */
expect.poll = (fn, { timeout = TIMEOUT_MS } = {}) => ({
  toBe: (v) => retry(`value to be ${JSON.stringify(v)}`, fn, (x) => x === v, timeout),
  toEqual: (v) => retry(`value to equal ${JSON.stringify(v)}`, fn, (x) => {
    try {
      assert.deepEqual(x, v);
      return true;
    } catch {
      return false;
    }
  }, timeout),
  toMatch: (re) => retry(`value to match ${re}`, fn, (x) => re.test(x), timeout),
  toSatisfy: (pred, what = 'predicate') => retry(`value to satisfy ${what}`, fn, pred, timeout),
});
