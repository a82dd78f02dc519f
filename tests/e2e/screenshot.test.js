// The dashboard of a busy lot at 1280×800: occupied, reserved-now and
// upcoming slots on the map and in the status panel. Saved to test-artifacts/;
// with DOCKPOINT_DOCS_SCREENSHOT=1 also to docs/console.png (the README's picture).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { expect } from './expect.js';
import {
  ARTIFACTS, launchBrowser, lotTomorrow, openPage, PASSWORD, ROOT, slot, startServer,
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

async function call(request, method, url, data) {
  const response = await request.fetch(url, { method, data });
  const body = await response.json();
  assert.ok(response.ok(), `${method} ${url} ${JSON.stringify(data)} → ${response.status()} ${JSON.stringify(body)}`);
  return body;
}

/** Reserves from the current minute (lot time); retries once if the minute turned meanwhile. */
async function reserveNow(request, vehicle, slotNumber, hours) {
  for (let attempt = 0; ; attempt += 1) {
    const { now } = await call(request, 'GET', '/lot');
    const start = now.slice(0, 16);
    const end = new Date(Date.parse(`${start}:00Z`) + hours * 3600 * 1000).toISOString().slice(0, 16);
    const response = await request.post('/reservations', {
      data: { vehicle_number: vehicle, slot_number: slotNumber, entry_time: start, exit_time: end, vehicle_type_id: 3 },
    });
    if (response.ok() || attempt > 0) {
      assert.ok(response.ok(), `reserve now: ${await response.text()}`);
      return;
    }
  }
}

test('screenshot: a busy lot at 1280×800', async () => {
  // A guest parks ten vehicles of different types.
  const guest = await openPage(browser, server);
  await call(guest.request, 'POST', '/auth/guest');
  const parked = [['A2', 3], ['A6', 3], ['A9', 2], ['C3', 4], ['C10', 3], ['E1', 3], ['E15', 5], ['F6', 1], ['G12', 3], ['G18', 6]];
  for (const [i, [slotNumber, type]] of parked.entries()) {
    await call(guest.request, 'POST', '/assign', { vehicle_number: `B-${100 + i * 7}`, slot_number: slotNumber, vehicle_type_id: type });
  }

  // An owner with three vehicles: one reservation running now, two ahead.
  const page = await openPage(browser, server);
  await call(page.request, 'POST', '/auth/register', {
    owner_name: 'Lot Operator', email: 'operator@example.com', password: PASSWORD,
  });
  for (const [number, type] of [['OP-1', 3], ['OP-2', 4], ['OP-3', 2]]) {
    await call(page.request, 'POST', '/owner/vehicles', { vehicle_number: number, vehicle_type_id: type });
  }
  await reserveNow(page.request, 'OP-1', 'B7', 3);
  const day = lotTomorrow();
  await call(page.request, 'POST', '/reservations', {
    vehicle_number: 'OP-2', slot_number: 'D12', entry_time: `${day}T09:00`, exit_time: `${day}T11:00`, vehicle_type_id: 4,
  });
  await call(page.request, 'POST', '/reservations', {
    vehicle_number: 'OP-3', slot_number: 'F14', entry_time: `${day}T14:00`, exit_time: `${day}T18:30`, vehicle_type_id: 2,
  });

  await page.goto('/');
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.locator('#count-occupied')).toHaveText('10');
  await expect(page.locator('#count-reserved')).toHaveText('1');
  await expect(page.locator('#count-free')).toHaveText('113');
  await expect(page.locator('#count-ev')).toHaveText('13');
  await expect(page.locator('#count-hc')).toHaveText('13');
  await expect(slot(page, 'B7')).toHaveAttribute('data-state', 'reserved');
  await expect(slot(page, 'B7').locator('.slot-state')).toHaveText('reserved');
  await expect(slot(page, 'D12')).toHaveAttribute('data-upcoming', 'true');
  await expect(slot(page, 'C10')).toHaveAttribute('data-state', 'occupied');
  await expect(page.locator('#records-body tr')).toHaveCount(13);
  await expect(page.locator('#live')).toHaveAttribute('data-state', 'live');
  await slot(page, 'C10').click();
  await expect(page.locator('#selection-text')).toContainText('B-128 is parked here');

  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-1280x800.png'), animations: 'disabled' });
  assert.equal(shot.readUInt32BE(16), 1280); // PNG width
  assert.equal(shot.readUInt32BE(20), 800); // PNG height
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-full.png'), fullPage: true, animations: 'disabled' });
  if (process.env.DOCKPOINT_DOCS_SCREENSHOT === '1') {
    await page.screenshot({ path: path.join(ROOT, 'docs', 'console.png'), animations: 'disabled' });
  }

  assert.deepEqual(page.problems, []);
  await guest.context().close();
  await page.context().close();
});
