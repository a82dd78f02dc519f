// Usable on a 390 px phone and by keyboard alone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expect } from './expect.js';
import {
  continueAsGuest, launchBrowser, openPage, registerOwner, screenshot, slot, startServer,
} from './helpers.js';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const PHONE = { width: 390, height: 844 };

async function assertNoHorizontalScroll(page, what) {
  const widths = await page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
  }));
  assert.ok(widths.document <= PHONE.width && widths.body <= PHONE.width,
    `${what}: the page scrolls sideways (${JSON.stringify(widths)})`);
}

/** The element is laid out inside the phone's width once scrolled to. */
async function assertReachable(page, locator, what) {
  await locator.scrollIntoViewIfNeeded();
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width + 0.5,
    `${what} is outside the screen: ${JSON.stringify(box)}`);
}

test('phone: 390 px wide, no sideways scrolling, every form reachable and usable', async () => {
  const page = await openPage(browser, server, { viewport: PHONE });
  await page.goto('/login.html');
  await assertNoHorizontalScroll(page, 'login');
  await screenshot(page, 'phone-login');

  await registerOwner(page, { name: 'Pat Phone' });
  await page.goto('/vehicles.html');
  await page.waitForSelector('body[data-ready="true"]');
  await page.getByLabel('Vehicle number').fill('PHONE-1');
  await page.getByRole('button', { name: 'Add vehicle' }).click();
  await expect(page.locator('#vehicle-list li')).toHaveCount(1);
  await assertNoHorizontalScroll(page, 'vehicles');
  await screenshot(page, 'phone-vehicles');
  await page.goto('/profile.html');
  await page.waitForSelector('body[data-ready="true"]');
  await assertNoHorizontalScroll(page, 'profile');

  await page.goto('/');
  await page.waitForSelector('body[data-ready="true"]');
  await assertNoHorizontalScroll(page, 'dashboard');
  // The map scrolls inside its own box; the page does not.
  const map = await page.locator('.lot-scroll').evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  assert.ok(map.client <= PHONE.width && map.scroll > map.client, JSON.stringify(map));

  for (const [selector, what] of [
    ['.lot-scroll', 'slot map'], ['#count-free', 'status panel'], ['#walkin-form button[type="submit"]', 'walk-in form'],
    ['#vstatus-form button[type="submit"]', 'vehicle status form'], ['#reserve-form button[type="submit"]', 'reservation form'],
    ['#records-table', 'records'],
  ]) {
    await assertReachable(page, page.locator(selector), what);
  }

  // Park with a tap on a slot, reserve, and see both without sideways scrolling.
  await slot(page, 'A3').click();
  await page.locator('#walkin-vehicle').fill('PHONE-1');
  await page.locator('#walkin-form button[type="submit"]').click();
  await expect(page.locator('#walkin-msg')).toHaveText('PHONE-1 assigned to slot A3.');
  await page.locator('#reserve-slot').fill('B2');
  await expect(page.locator('#reserve-preview-amount')).toHaveText('6.00');
  await page.locator('#reserve-form button[type="submit"]').click();
  await expect(page.locator('#reserve-msg')).toHaveAttribute('data-kind', 'ok');
  await expect(page.locator('#records-body tr')).toHaveCount(2);
  await assertNoHorizontalScroll(page, 'dashboard with records');
  await screenshot(page, 'phone-dashboard');

  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('keyboard: Tab into the map, arrows to a slot, Enter/Space select it, park by keyboard', async () => {
  const page = await openPage(browser, server);
  await continueAsGuest(page);

  // Tab from the top of the page until a slot has focus.
  await page.locator('body').focus();
  let focused = null;
  for (let i = 0; i < 30 && !focused; i += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.dataset?.slot ?? null);
  }
  assert.equal(focused, 'A1', 'Tab reaches the map at its first slot');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(slot(page, 'B3')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(slot(page, 'B3')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#walkin-selected-text')).toHaveText('Selected slot: B3');

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(slot(page, 'B4')).toHaveAttribute('aria-pressed', 'true');
  await expect(slot(page, 'B3')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('End');
  await expect(slot(page, 'B16')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(slot(page, 'B1')).toBeFocused();

  // Only one slot is in the tab order: the next Tab leaves the map for the forms.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter'); // B4 again: a second press clears the selection
  await expect(slot(page, 'B4')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Space');
  await expect(slot(page, 'B4')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('#walkin-vehicle').focus();
  await page.keyboard.type('KEY-1');
  await page.keyboard.press('Enter');
  await expect(page.locator('#walkin-msg')).toHaveText('KEY-1 assigned to slot B4.');
  await expect(slot(page, 'B4')).toHaveAttribute('data-state', 'occupied');

  // Every form control has a label tied to it.
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
    .filter((el) => el.type !== 'hidden' && !el.hidden && el.labels.length === 0 && !el.getAttribute('aria-label'))
    .map((el) => el.id || el.name));
  assert.deepEqual(unlabeled, []);

  assert.deepEqual(page.problems, []);
  await page.context().close();
});
