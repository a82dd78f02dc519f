// An owner registers, adds a vehicle, reserves a slot for tomorrow with the
// cost preview shown, and sees the booking on the map and in the records;
// profile and vehicle management show their errors beside their forms.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expect } from './expect.js';
import {
  launchBrowser, lotTomorrow, openPage, PASSWORD, recordRows, registerOwner, screenshot, slot,
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

test('owner: register, add a vehicle, reserve a slot for tomorrow with a preview', async () => {
  const page = await openPage(browser, server);
  await registerOwner(page, { name: 'Ada Owner' });
  await expect(page.locator('#who-name')).toHaveText('Ada Owner');

  // Without a vehicle the reservation panel says what to do.
  await expect(page.locator('#reserve-novehicle')).toBeVisible();
  await page.getByRole('link', { name: 'My vehicles' }).first().click();
  await page.waitForURL('**/vehicles.html');
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.locator('#vehicle-empty')).toBeVisible();

  await page.getByLabel('Vehicle number').fill('own-1');
  await page.getByLabel('Vehicle type').selectOption({ label: 'Car · 3.00/h' });
  await page.getByRole('button', { name: 'Add vehicle' }).click();
  await expect(page.locator('#vehicle-msg')).toHaveText('OWN-1 registered.');
  await expect(page.locator('#vehicle-list li')).toHaveCount(1);
  await expect(page.locator('#vehicle-list li').first()).toContainText('OWN-1');
  await expect(page.locator('#vehicle-list li').first()).toContainText('Car · 3.00/h');

  // A duplicate is refused beside the form.
  await page.getByLabel('Vehicle number').fill('OWN-1');
  await page.getByRole('button', { name: 'Add vehicle' }).click();
  await expect(page.locator('#vehicle-msg')).toHaveText('OWN-1 is already registered.');
  await expect(page.locator('#vehicle-msg')).toHaveAttribute('data-kind', 'error');
  await screenshot(page, 'owner-vehicles');

  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.locator('#reserve-form')).toBeVisible();
  await expect(page.locator('#reserve-vehicle')).toHaveValue('OWN-1');
  await expect(page.locator('#reserve-type')).toHaveText('Billed as Car at 3.00/h.');
  // The form opens with a window from the next full hour and its preview.
  await expect(page.locator('#reserve-preview-amount')).toHaveText('6.00');

  // The walk-in form takes an owner's vehicle type from the registration.
  await page.locator('#walkin-vehicle').fill('own-1');
  await expect(page.locator('#walkin-type')).toBeDisabled();
  await expect(page.locator('#walkin-vehicle-hint')).toHaveText('Registered as Car; that type is billed.');
  await page.locator('#walkin-vehicle').fill('');

  // Slot by clicking the map; times for tomorrow in the lot's zone.
  await slot(page, 'D7').click();
  await expect(page.locator('#reserve-slot')).toHaveValue('D7');
  const day = lotTomorrow();
  await page.getByLabel('Entry', { exact: true }).fill(`${day}T10:00`);
  await page.getByLabel('Exit', { exact: true }).fill(`${day}T13:00`);
  await expect(page.locator('#reserve-preview-amount')).toHaveText('9.00');
  await expect(page.locator('#reserve-preview')).toContainText('3 h 00 min, billed 3 h × 3.00/h');
  // The preview follows the fields as they change: 2 h 30 min bills 3 h, 2 h bills 2 h.
  await page.getByLabel('Exit', { exact: true }).fill(`${day}T12:30`);
  await expect(page.locator('#reserve-preview')).toContainText('2 h 30 min, billed 3 h × 3.00/h');
  await page.getByLabel('Exit', { exact: true }).fill(`${day}T12:00`);
  await expect(page.locator('#reserve-preview-amount')).toHaveText('6.00');
  // An exit before the entry: the server's reason shows in the preview.
  await page.getByLabel('Exit', { exact: true }).fill(`${day}T09:00`);
  await expect(page.locator('#reserve-preview')).toHaveText('Exit must be after entry.');
  await page.getByLabel('Exit', { exact: true }).fill(`${day}T12:00`);
  await expect(page.locator('#reserve-preview-amount')).toHaveText('6.00');

  // A typed slot works as well as a clicked one (and selects it on the map).
  await page.locator('#reserve-slot').fill('d8');
  await expect(slot(page, 'D8')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('#reserve-slot').fill('D7');
  await expect(slot(page, 'D7')).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'Reserve' }).click();
  await expect(page.locator('#reserve-msg')).toHaveText(
    'Reservation created for OWN-1 at slot D7. (RS-0001) Amount 6.00.',
  );
  // On the map: still free now, with an upcoming reservation.
  await expect(slot(page, 'D7')).toHaveAttribute('data-upcoming', 'true');
  await expect(slot(page, 'D7').locator('.slot-state')).toHaveText('upcoming');
  await expect(slot(page, 'D7')).toHaveAttribute(
    'aria-label', `D7, Regular, free, upcoming reservation ${day} 10:00 to ${day} 12:00`,
  );
  // In the records, newest (latest entry) first.
  await expect.poll(async () => (await recordRows(page))[0]).toEqual(
    ['RS-0001', 'OWN-1', 'D7', 'Car', `${day} 10:00`, `${day} 12:00`, '6.00', 'Reservation'],
  );
  // The same booking overlapping again is refused beside the reservation form.
  await page.getByRole('button', { name: 'Reserve' }).click();
  await expect(page.locator('#reserve-msg')).toHaveText('Slot D7 is already reserved during that window.');
  await expect(page.locator('#reserve-msg')).toHaveAttribute('data-kind', 'error');

  // "Mine" shows the owner's own history.
  await page.getByRole('button', { name: 'Mine' }).click();
  await expect(page.getByRole('button', { name: 'Mine' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await recordRows(page)).map((r) => r[0])).toEqual(['RS-0001']);
  await screenshot(page, 'owner-dashboard-reserved');

  // A vehicle with an upcoming reservation cannot be removed; the reason shows in the list.
  await page.getByRole('link', { name: 'My vehicles' }).first().click();
  await page.waitForSelector('body[data-ready="true"]');
  await page.getByRole('button', { name: 'Remove OWN-1' }).click();
  await expect(page.locator('#list-msg')).toHaveText('OWN-1 has upcoming reservations.');
  await page.getByLabel('Vehicle number').fill('OWN-2');
  await page.getByRole('button', { name: 'Add vehicle' }).click();
  await expect(page.locator('#vehicle-list li')).toHaveCount(2);
  await page.getByRole('button', { name: 'Remove OWN-2' }).click();
  await expect(page.locator('#list-msg')).toHaveText('OWN-2 removed.');
  await expect(page.locator('#vehicle-list li')).toHaveCount(1);

  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('owner: edit the profile and change the password with the current one', async () => {
  const page = await openPage(browser, server);
  const email = await registerOwner(page, { name: 'Bea Profile' });
  await page.getByRole('link', { name: 'Profile' }).click();
  await page.waitForURL('**/profile.html');
  await page.waitForSelector('body[data-ready="true"]');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Bea Profile');
  await expect(page.getByLabel('Email', { exact: true })).toHaveValue(email);

  await page.getByLabel('Name', { exact: true }).fill('Bea Renamed');
  await page.getByLabel('Phone', { exact: true }).fill('+49 30 1234567');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.locator('#profile-msg')).toHaveText('Profile updated.');
  await expect(page.locator('#who-name')).toHaveText('Bea Renamed');

  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByLabel('Email', { exact: true }).evaluate((input) => { input.type = 'text'; }); // let the server judge it
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.locator('#profile-msg')).toHaveText('Invalid email address.');
  await page.getByLabel('Email', { exact: true }).fill(email);

  // A wrong current password is refused beside the password form.
  await page.getByLabel('Current password').fill('wrong-password');
  await page.getByLabel('New password', { exact: true }).fill('better-secret');
  await page.getByLabel('Repeat new password').fill('better-secret');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#password-msg')).toHaveText('Current password is incorrect.');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#password-msg')).toHaveText('Password changed.');
  await screenshot(page, 'owner-profile');

  // Log out, and back in by phone number with the new password.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login.html');
  await page.getByLabel('Email or phone').fill('+49 30 1234567');
  await page.locator('#login-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#login-msg')).toHaveText('Invalid credentials.');
  await page.locator('#login-password').fill('better-secret');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.locator('#who-name')).toHaveText('Bea Renamed');

  assert.deepEqual(page.problems, []);
  await page.context().close();
});
