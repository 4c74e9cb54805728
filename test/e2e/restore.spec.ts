// Restoring an earlier version end to end in the browser host: a card set up with a photo and
// then updated (new first name, new photo) is put back from its History detail. The dialog
// compares the card Linq shows now with the card after the restore and marks the two fields
// that change; "Restore" queues one update, sent like any other; the new version says it was
// restored, and the fake received exactly those fields. Driven by the keyboard. A restore at a
// chosen time waits in the Outbox's "Held and scheduled" list until Send now.
import { readFile } from 'node:fs/promises';
import type { LinqApi } from '../../shared/bridge.ts';
import { audit } from './axe-audit.ts';
import { expect, test } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount, drop, localInputValue, setUpCardWithPhoto } from './support.ts';
import { uploadedElsewhere } from '../support/uploaded-elsewhere.ts';

const HOUR = 3_600_000;

test('restores an earlier version from the card’s detail, sending only what differs', async ({
  app,
}) => {
  const { page, fake } = app;
  fake.addPhoneNumber('+14155550132');
  await connectAccount(app);
  await setUpCardWithPhoto(app, { firstName: 'Acme', lastName: 'Pharmacy', phone: '4155550132' });
  const firstImage = fake.cards.get('+14155550132')!.image_url;

  await page.keyboard.press('Control+3');
  const list = page.getByRole('listbox', { name: /Cards, \d+ in all/ });
  await list.getByRole('option').filter({ hasText: 'Acme' }).click();
  const detail = page.getByRole('region', { name: '+1 415 555 0132' });
  await detail.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('First name').fill('Acme Health');
  await drop(page, 'exif-orientation-8-le.jpg', 'image/jpeg');
  await expect(page.getByRole('img', { name: /Photo framing/ })).toBeVisible();
  await page.getByRole('button', { name: 'Submit the update' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();

  await page.keyboard.press('Control+3');
  await list.getByRole('option').filter({ hasText: 'Acme' }).click();
  const entries = detail
    .getByRole('list', { name: 'Versions, newest first' })
    .getByRole('listitem');
  await expect(entries).toHaveCount(2);
  // The card Linq shows now has no restore button; the earlier one has.
  await expect(entries.nth(0).getByRole('button', { name: /^Restore this version/ })).toHaveCount(
    0,
  );
  const restoreButton = entries
    .nth(1)
    .getByRole('button', { name: /^Restore this version.*Acme Pharmacy/ });
  await restoreButton.focus();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: /Restore the card for \+1 415 555 0132/ });
  await expect(dialog).toBeVisible();
  const table = dialog.getByRole('table', {
    name: 'The card Linq shows now and after the restore',
  });
  await expect(table).toBeVisible();
  const changed = table.locator('tr.compare-changed');
  await expect(changed).toHaveCount(2);
  await expect(changed.nth(0)).toContainText('First name');
  await expect(changed.nth(0)).toContainText('Acme Health');
  await expect(changed.nth(0)).toContainText('Acme');
  await expect(changed.nth(1)).toContainText('Image URL');
  await expect(dialog).toContainText('old address, which still serves it');
  const send = dialog.getByRole('button', { name: 'Restore 2 fields' });
  await expect(send).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await audit(page), `restore dialog, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshotEveryWay(app, 'i17-restore-dialog');

  const writesBefore = fake.requests.filter((r) => r.method === 'PATCH').length;
  await page.keyboard.press('Tab'); // from Cancel (focused first) to the restore button
  await expect(send).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(
    detail.getByRole('status').filter({ hasText: /Restore queued as #\d+/ }),
  ).toBeVisible();
  // Focus went back to the button that opened the dialog.
  await expect(
    detail.getByRole('button', { name: /^Restore this version.*Acme Pharmacy/ }),
  ).toBeFocused();

  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('Acme Pharmacy');
  // Named by the version it restored (the oldest one, listed last).
  const restoredWhen = await entries.nth(2).locator('time').textContent();
  await expect(entries.nth(0)).toContainText(`Restored from the version of ${restoredWhen}`);
  await expect(entries.nth(0)).toContainText('Now');
  const patches = fake.requests.filter((r) => r.method === 'PATCH').slice(writesBefore);
  expect(patches.map((r) => r.body)).toEqual([{ first_name: 'Acme', image_url: firstImage }]);
  await entries.nth(0).scrollIntoViewIfNeeded();
  await screenshotEveryWay(app, 'i17-restore-done');
});

test('offers the names only when the version’s photo is gone, and sends nothing before', async ({
  app,
}) => {
  const { page, fake } = app;
  await connectAccount(app);
  const jpeg = await readFile(new URL('../fixtures/images/photo.jpg', import.meta.url));
  const imageUrl = await uploadedElsewhere(app.fake, jpeg);
  fake.seedCard({
    phone_number: '+14155550133',
    first_name: 'Elsewhere',
    image_url: imageUrl,
    is_active: true,
  });
  await page.keyboard.press('Control+3');
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  const list = page.getByRole('listbox', { name: /Cards, \d+ in all/ });
  await list.getByRole('option').filter({ hasText: 'Elsewhere' }).click();
  const detail = page.getByRole('region', { name: '+1 415 555 0133' });
  await detail.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('First name').fill('Here');
  await drop(page, 'exif-orientation-8-le.jpg', 'image/jpeg');
  await expect(page.getByRole('img', { name: /Photo framing/ })).toBeVisible();
  await page.getByRole('button', { name: 'Submit the update' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();
  // The other computer's upload is gone: its address serves nothing, and this one never had it.
  fake.attachments.delete(new URL(imageUrl).pathname.split('/')[2]!);

  await page.keyboard.press('Control+3');
  await list.getByRole('option').filter({ hasText: 'Here' }).click();
  const entries = detail
    .getByRole('list', { name: 'Versions, newest first' })
    .getByRole('listitem');
  await expect(entries).toHaveCount(2);
  const writesBefore = fake.requests.filter((r) => r.method !== 'GET').length;
  await entries
    .nth(1)
    .getByRole('button', { name: /^Restore this version/ })
    .click();
  const dialog = page.getByRole('dialog', { name: /Restore the card for \+1 415 555 0133/ });
  await expect(dialog).toContainText('no longer available');
  const namesOnly = dialog.getByRole('button', { name: 'Restore the names only' });
  await expect(namesOnly).toBeVisible();
  // Only the first name is marked as changing: the image is left as it is.
  await expect(dialog.locator('tr.compare-changed')).toHaveCount(1);
  expect(fake.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  await screenshotEveryWay(app, 'i17-restore-photo-gone');

  await namesOnly.click();
  await expect(dialog).toBeHidden();
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('Elsewhere');
  const writes = fake.requests.filter((r) => r.method !== 'GET').slice(writesBefore);
  expect(writes.map((r) => r.body)).toEqual([{ first_name: 'Elsewhere' }]);
});

test('a restore at a chosen time waits in the Outbox with its zone; Send now sends what differs', async ({
  app,
}) => {
  const { page, fake } = app;
  const number = '+14155550134';
  fake.addPhoneNumber(number);
  await page.setViewportSize({ width: 1280, height: 800 });
  await connectAccount(app);
  // Two versions, through the page's bridge (the form's own path is covered above).
  const set = await page.evaluate(
    ({ phoneNumber }) =>
      (window as unknown as { linq: LinqApi }).linq
        .setupCard({ phoneNumber, firstName: 'Acme', lastName: 'Pharmacy' })
        .then((r) => r.ok),
    { phoneNumber: number },
  );
  expect(set).toBe(true);
  await expect.poll(() => fake.cards.get(number)?.last_name).toBe('Pharmacy');
  const updated = await page.evaluate(
    ({ phoneNumber }) =>
      (window as unknown as { linq: LinqApi }).linq
        .updateCard({ phoneNumber, lastName: 'Health' })
        .then((r) => r.ok),
    { phoneNumber: number },
  );
  expect(updated).toBe(true);
  await expect.poll(() => fake.cards.get(number)?.last_name).toBe('Health');

  await page.keyboard.press('Control+3');
  const list = page.getByRole('listbox', { name: /Cards, \d+ in all/ });
  await list.getByRole('option').filter({ hasText: 'Acme' }).click();
  const detail = page.getByRole('region', { name: '+1 415 555 0134' });
  const entries = detail
    .getByRole('list', { name: 'Versions, newest first' })
    .getByRole('listitem');
  await expect(entries).toHaveCount(2);
  await entries
    .nth(1)
    .getByRole('button', { name: /^Restore this version/ })
    .click();

  const dialog = page.getByRole('dialog', { name: /Restore the card for \+1 415 555 0134/ });
  const when = dialog.getByRole('group', { name: 'When to restore' });
  await expect(when.getByRole('radio', { name: 'Now' })).toBeChecked();
  await expect(when.getByRole('checkbox')).toHaveCount(0); // no "one line first" for one card
  await when.getByRole('radio', { name: 'At a chosen time' }).check();
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await expect(when).toContainText(`${zone} time`);
  const send = dialog.getByRole('button', { name: 'Schedule: restore 1 field' });
  await send.click(); // no time yet: nothing is sent, and the dialog says where to look
  await expect(dialog.getByRole('alert')).toContainText('choose a time under “When to restore”');
  await when.getByLabel('Send at').fill(await localInputValue(page, 2 * HOUR));
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await audit(page), `restore dialog with a time, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshotEveryWay(app, 'i17-restore-scheduled-dialog');

  const patchesBefore = fake.requests.filter((r) => r.method === 'PATCH').length;
  await send.click();
  await expect(dialog).toBeHidden();
  const outcome = detail.locator('.versions-restored');
  await expect(outcome).toContainText(
    new RegExp(`Restore #\\d+ scheduled for .*\\(${zone.replace('/', '\\/')}\\)`),
  );
  await expect(outcome).toContainText('Outbox under “Held and scheduled”');
  await detail.getByRole('button', { name: 'Go to the Outbox' }).scrollIntoViewIfNeeded();
  await screenshotEveryWay(app, 'i17-restore-scheduled-outcome');
  expect(fake.requests.filter((r) => r.method === 'PATCH').length).toBe(patchesBefore);

  await detail.getByRole('button', { name: 'Go to the Outbox' }).click();
  const scheduled = page
    .getByRole('list', { name: 'Held and scheduled changes' })
    .getByRole('listitem')
    .filter({ hasText: '+1 415 555 0134' });
  await expect(scheduled).toContainText(new RegExp(`Scheduled for .*\\(${zone}\\)`));
  await scheduled.getByRole('button', { name: 'Send now' }).click();
  await expect.poll(() => fake.cards.get(number)?.last_name).toBe('Pharmacy');
  const patches = fake.requests.filter((r) => r.method === 'PATCH').slice(patchesBefore);
  expect(patches.map((r) => r.body)).toEqual([{ last_name: 'Pharmacy' }]);
});
