// Safety: hostile data shows as text, every request stays on the server's
// origin, and the pages run under the strict Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expect } from './expect.js';
import {
  continueAsGuest, CSP, launchBrowser, openPage, recordRows, registerOwner, screenshot, slot,
  startServer,
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

test('xss: a hostile vehicle number is shown as text everywhere', async () => {
  const page = await openPage(browser, server);
  await continueAsGuest(page);
  const hostile = '<img src=x onerror=alert(1)>';
  const stored = hostile.toUpperCase(); // vehicle numbers are upper-cased by the server

  await slot(page, 'G4').click();
  await page.locator('#walkin-vehicle').fill(hostile);
  await page.getByRole('button', { name: 'Park vehicle' }).click();
  await expect(page.locator('#walkin-msg')).toHaveText(`${stored} assigned to slot G4.`);
  await expect(slot(page, 'G4')).toHaveAttribute('data-state', 'occupied');

  // Records: the cell holds the literal text.
  await expect.poll(async () => (await recordRows(page))[0]?.[1]).toBe(stored);
  // Vehicle status (the number travels URL-encoded in the path).
  await page.locator('#vstatus-vehicle').fill(hostile);
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.locator('#vstatus-result .result-title')).toHaveText(`${stored} is parked in G4`);
  // The map's selection line names the parked vehicle too.
  await slot(page, 'G4').click();
  await expect(page.locator('#selection-text')).toContainText(`${stored} is parked here`);
  await screenshot(page, 'xss-as-text');

  // Release it: the bill names it as text as well.
  await page.getByRole('button', { name: 'Release' }).click();
  await expect(page.locator('#vstatus-msg')).toHaveText(`${stored} released from slot G4.`);
  await expect(page.locator('#vstatus-result .result-title')).toHaveText(`Bill · ${stored} left G4`);

  assert.equal(await page.locator('img').count(), 0, 'no <img> element may be created');
  assert.deepEqual(page.dialogs, [], 'no dialog may open');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('xss: an owner\'s hostile vehicle number and name are shown as text', async () => {
  const page = await openPage(browser, server);
  await registerOwner(page, { name: '<b onmouseover=alert(2)>Mallory</b>' });
  await expect(page.locator('#who-name')).toHaveText('<b onmouseover=alert(2)>Mallory</b>');
  await page.goto('/vehicles.html');
  await page.waitForSelector('body[data-ready="true"]');
  await page.getByLabel('Vehicle number').fill('<b>bold</b>');
  await page.getByRole('button', { name: 'Add vehicle' }).click();
  await expect(page.locator('#vehicle-list .vehicle-number')).toHaveText('<B>BOLD</B>');
  await page.goto('/');
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.locator('#reserve-vehicle option').first()).toHaveText('<B>BOLD</B> · Car');
  assert.equal(await page.locator('b').count(), 0, 'no <b> element may be created');
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('origin: every request goes to the server, fonts are bundled, the CSP holds', async () => {
  const page = await openPage(browser, server);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  const cspViolations = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  const login = await page.goto('/login.html');
  assert.equal(login.headers()['content-security-policy'], CSP);
  await screenshot(page, 'login');
  await page.getByRole('button', { name: 'Continue as guest' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.waitForSelector('body[data-ready="true"]');
  const dashboard = await page.goto('/');
  assert.equal(dashboard.headers()['content-security-policy'], CSP);
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'live');

  // Use the page a little: park, look up, release, load more records.
  await page.locator('#walkin-vehicle').fill('ORIGIN-1');
  await page.getByRole('button', { name: 'Park vehicle' }).click();
  await expect(page.locator('#walkin-msg')).toHaveText(/^ORIGIN-1 assigned to slot [A-G]\d+\.$/);
  await page.locator('#vstatus-vehicle').fill('ORIGIN-1');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.locator('#vstatus-result')).toContainText('ORIGIN-1 is parked in');

  // The bundled fonts are in use.
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return {
      mono: document.fonts.check('16px "Share Tech Mono"'),
      syne: document.fonts.check('800 16px "Syne"'),
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`),
    };
  });
  assert.ok(fonts.mono && fonts.syne, `fonts: ${JSON.stringify(fonts)}`);
  assert.ok(fonts.loaded.some((f) => f.includes('Share Tech Mono')), `loaded: ${fonts.loaded}`);
  assert.ok(requests.some((url) => url.includes('/static/fonts/') && url.endsWith('.woff2')));
  assert.ok(requests.some((url) => url.endsWith('/events')), 'the event stream was opened');

  const foreign = requests.filter((url) => new URL(url).origin !== server.origin);
  assert.deepEqual(foreign, [], 'every request must go to the server\'s origin');
  assert.ok(requests.length > 10, `saw ${requests.length} requests`);
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
