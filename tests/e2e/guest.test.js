// A guest parks a vehicle in a slot picked on the map, looks it up, releases
// it and sees the bill; errors appear beside the form that caused them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expect } from './expect.js';
import {
  continueAsGuest, launchBrowser, openPage, recordRows, screenshot, slot, startServer,
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

test('guest: park in a clicked slot, look it up, release it, see the bill', async () => {
  const page = await openPage(browser, server);
  await continueAsGuest(page);
  await expect(page.locator('#who-name')).toHaveText('guest');
  await expect(page.locator('#count-total')).toHaveText('124');
  await expect(page.locator('#count-free')).toHaveText('124');
  await expect(page.locator('#slot-map button.slot')).toHaveCount(124);

  // Guests are told why they cannot reserve.
  await expect(page.locator('#reserve-guest')).toBeVisible();
  await expect(page.locator('#reserve-guest')).toContainText('owner account');
  await expect(page.locator('#reserve-form')).toBeHidden();

  // Pick C5 on the map: it becomes the walk-in's slot.
  await slot(page, 'C5').click();
  await expect(slot(page, 'C5')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#walkin-selected')).toBeChecked();
  await expect(page.locator('#walkin-selected-text')).toHaveText('Selected slot: C5');
  await expect(page.locator('#selection-text')).toContainText('C5, Regular, free');

  await page.getByLabel('Vehicle number').first().fill('gst-101');
  await page.locator('#walkin-type').selectOption({ label: 'Car · 3.00/h' });
  await page.getByRole('button', { name: 'Park vehicle' }).click();
  await expect(page.locator('#walkin-msg')).toHaveText('GST-101 assigned to slot C5.');
  await expect(slot(page, 'C5')).toHaveAttribute('data-state', 'occupied');
  await expect(slot(page, 'C5').locator('.slot-state')).toHaveText('occupied');
  await expect(slot(page, 'C5')).toHaveAttribute('aria-label', /^C5, Regular, occupied/);
  await expect(page.locator('#count-occupied')).toHaveText('1');
  await expect(page.locator('#count-free')).toHaveText('123');
  const rows = await recordRows(page);
  assert.deepEqual(rows[0].slice(0, 4), ['WK-0001', 'GST-101', 'C5', 'Car']);
  assert.equal(rows[0][5], 'Still parked');

  // Parking it again is refused, and the reason shows beside the walk-in form.
  await page.locator('#walkin-vehicle').fill('GST-101');
  await page.getByRole('button', { name: 'Park vehicle' }).click();
  await expect(page.locator('#walkin-msg')).toHaveText('GST-101 is already parked.');
  await expect(page.locator('#walkin-msg')).toHaveAttribute('data-kind', 'error');

  // Vehicle status: slot, type, entry, duration, what it would pay now (a
  // started hour of a Car: 3.00 once a second has passed).
  await page.waitForTimeout(1100);
  await page.locator('#vstatus-vehicle').fill('gst-101');
  await page.getByRole('button', { name: 'Look up' }).click();
  const result = page.locator('#vstatus-result');
  await expect(result).toContainText('GST-101 is parked in C5');
  await expect(result.locator('dd').nth(1)).toHaveText('Car');
  await expect(result.locator('dd').nth(2)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await expect(result.locator('.vstatus-duration')).toHaveText(/^\d+ min$/);
  await expect(result.locator('.amount')).toHaveText('3.00');
  await screenshot(page, 'guest-dashboard-parked');

  // Release: the bill, the slot free again, the record closed.
  await page.getByRole('button', { name: 'Release' }).click();
  await expect(page.locator('#vstatus-msg')).toHaveText('GST-101 released from slot C5.');
  await expect(result).toContainText('Bill · GST-101 left C5');
  await expect(result.locator('.amount')).toHaveText('3.00');
  await expect(result).toContainText('1 h');
  await expect(slot(page, 'C5')).toHaveAttribute('data-state', 'free');
  await expect(page.locator('#count-occupied')).toHaveText('0');
  const closed = await expect.poll(async () => (await recordRows(page))[0])
    .toSatisfy((row) => row[5] !== 'Still parked', 'the record is closed');
  assert.deepEqual(closed.slice(0, 5), rows[0].slice(0, 5));
  assert.deepEqual(closed.slice(6), ['3.00', 'Walk-in']);
  assert.match(closed[5], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

  // Looking it up now says it is not parked; releasing again is an error beside that form.
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(result).toHaveText('GST-101 is not parked.');
  await page.getByRole('button', { name: 'Release' }).click();
  await expect(page.locator('#vstatus-msg')).toHaveText('GST-101 not found in active records.');
  await screenshot(page, 'guest-dashboard-released');

  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('records: newest first, 50 at a time, more on request, new ones merged in live', async () => {
  const page = await openPage(browser, server);
  await continueAsGuest(page);
  const recordRequests = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/records') recordRequests.push(request.url());
  });
  // 60 walk-ins made outside the page (so the page only hears of them live).
  for (let i = 1; i <= 60; i += 1) {
    const response = await page.request.post('/assign', { data: { vehicle_number: `PG-${String(i).padStart(3, '0')}`, vehicle_type_id: 1 } });
    assert.ok(response.ok(), await response.text());
  }
  // The live refresh brings the newest 50, newest first (ties: higher id first).
  await expect.poll(async () => (await recordRows(page)).length).toBe(50);
  let rows = await recordRows(page);
  assert.equal(rows[0][1], 'PG-060');
  assert.equal(rows[49][1], 'PG-011');
  await expect(page.locator('#records-count')).toHaveText('Showing the newest 50.');
  await page.getByRole('button', { name: 'Load 50 more' }).click();
  await expect.poll(async () => (await recordRows(page)).length).toBe(61); // 60 + GST-101 from the first test
  rows = await recordRows(page);
  assert.equal(rows[59][1], 'PG-001');
  assert.equal(new Set(rows.map((r) => r[0])).size, 61, 'no row twice');
  await expect(page.getByRole('button', { name: 'Load 50 more' })).toBeHidden();
  await expect(page.locator('#records-count')).toHaveText('61 records, all shown.');

  // One more walk-in: it appears on top, the 61 loaded rows stay.
  await page.request.post('/assign', { data: { vehicle_number: 'PG-NEW', vehicle_type_id: 1 } });
  await expect.poll(async () => (await recordRows(page))[0]?.[1]).toBe('PG-NEW');
  assert.equal((await recordRows(page)).length, 62);
  // Every records request is a bounded page.
  assert.ok(recordRequests.length >= 3);
  for (const url of recordRequests) assert.match(url, /[?&]limit=\d+/);
  // "Load more" continues after the last row's cursor, not at an offset.
  const more = recordRequests.filter((url) => url.includes('before='));
  assert.equal(more.length, 1, recordRequests.join('\n'));
  assert.match(more[0], /[?&]before=\d+-w\d+(&|$)/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
