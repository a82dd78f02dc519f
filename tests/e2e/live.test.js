// Live updates: a change made in one browser shows in another's map, status
// panel and records within a second or two, without a reload — also after the
// server restarts (the event stream reconnects by itself).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expect } from './expect.js';
import {
  continueAsGuest, launchBrowser, openPage, recordRows, slot, startServer,
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

const LIVE = { timeout: 2000 };

async function park(page, number, slotNumber) {
  await slot(page, slotNumber).click();
  await page.locator('#walkin-vehicle').fill(number);
  await page.getByRole('button', { name: 'Park vehicle' }).click();
  await expect(page.locator('#walkin-msg')).toHaveText(`${number} assigned to slot ${slotNumber}.`);
}

test('live: an assign in one browser appears in another without reload', async () => {
  const actor = await openPage(browser, server);
  const watcher = await openPage(browser, server);
  await Promise.all([continueAsGuest(actor), continueAsGuest(watcher)]);
  await expect(watcher.locator('#live')).toHaveAttribute('data-state', 'live');
  await expect(watcher.locator('#live')).toHaveText('live');
  let reloaded = false;
  watcher.on('framenavigated', () => { reloaded = true; });

  await park(actor, 'LIVE-1', 'E3');
  await expect(slot(watcher, 'E3'), LIVE).toHaveAttribute('data-state', 'occupied');
  await expect(watcher.locator('#count-occupied'), LIVE).toHaveText('1');
  await expect.poll(async () => (await recordRows(watcher))[0]?.slice(1, 3), LIVE).toEqual(['LIVE-1', 'E3']);

  // The watcher looks LIVE-1 up; the actor releases it; the watcher's status follows.
  await watcher.locator('#vstatus-vehicle').fill('LIVE-1');
  await watcher.getByRole('button', { name: 'Look up' }).click();
  await expect(watcher.locator('#vstatus-result')).toContainText('LIVE-1 is parked in E3');
  await actor.locator('#vstatus-vehicle').fill('LIVE-1');
  await actor.getByRole('button', { name: 'Release' }).click();
  await expect(actor.locator('#vstatus-msg')).toHaveText('LIVE-1 released from slot E3.');
  // The bill depends on how many seconds the car stood (0.00 within the same
  // second, 3.00 after): the watcher's record must show the actor's bill.
  const billed = await actor.locator('#vstatus-result .amount').textContent();
  assert.match(billed, /^(0\.00|3\.00)$/);
  await expect(slot(watcher, 'E3'), LIVE).toHaveAttribute('data-state', 'free');
  await expect(watcher.locator('#vstatus-result'), LIVE).toHaveText('LIVE-1 is not parked.');
  await expect.poll(async () => (await recordRows(watcher))[0]?.[6], LIVE).toBe(billed);
  assert.equal(reloaded, false, 'the watching page must not reload');

  // Restart the server: the stream comes back by itself and updates resume.
  await server.restart();
  await expect(watcher.locator('#live'), LIVE).toHaveAttribute('data-state', /reconnecting|offline/);
  await expect(watcher.locator('#live'), { timeout: 8000 }).toHaveAttribute('data-state', 'live');
  await expect(actor.locator('#live'), { timeout: 8000 }).toHaveAttribute('data-state', 'live');
  await park(actor, 'LIVE-2', 'F9');
  await expect(slot(watcher, 'F9'), LIVE).toHaveAttribute('data-state', 'occupied');
  assert.equal(reloaded, false, 'the watching page must not reload');

  assert.deepEqual(actor.problems, []);
  assert.deepEqual(watcher.problems, []);
  await actor.context().close();
  await watcher.context().close();
});
