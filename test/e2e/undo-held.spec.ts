// An undo held back in the browser host, as staff would do it: the undo's confirmation offers
// "How to send the undo" (one line first, a chosen time) and says when the cards go back; sent
// to one line first, one card goes back and the Outbox holds the rest under "Undo of …" until
// Send the rest; scheduled, nothing goes and the Outbox and the undo's progress show the time.
import { audit } from './axe-audit.ts';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount, importPastedUpdates, localInputValue } from './support.ts';

const NUMBERS = ['+14155550142', '+14155550143', '+14155550144'];
const HOUR = 3_600_000;

/** Three cards at Linq renamed by a pasted import; the undo's confirmation opened. */
async function importedThenUndoOpened(app: AppUnderTest) {
  const { page, fake } = app;
  NUMBERS.forEach((phone_number, i) => {
    fake.addPhoneNumber(phone_number);
    fake.seedCard({ phone_number, first_name: `Store ${i + 1}`, last_name: 'Pharmacy' });
  });
  await connectAccount(app);
  await page.keyboard.press('Control+3');
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  await expect(page.getByText(/Synced/)).toBeVisible();
  await importPastedUpdates(
    page,
    NUMBERS.map((phone, i) => [phone, `Store ${i + 1}`, 'Chemist']),
  );
  await page.getByRole('button', { name: 'Undo this import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Undo this import?' });
  await expect(dialog).toContainText('3 cards go back to their details from before the import');
  return { dialog, options: dialog.getByRole('group', { name: 'How to send the undo' }) };
}

const writtenSince = (app: AppUnderTest, from: number) =>
  app.fake.ledger.slice(from).flatMap((entry) => entry.phoneNumber ?? []);

test('an undo sent to one line first: one card goes back, the Outbox holds the rest', async ({
  app,
}) => {
  test.setTimeout(90_000);
  const { page, fake } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const { dialog, options } = await importedThenUndoOpened(app);
  await expect(options.getByRole('radio', { name: 'Now' })).toBeChecked();
  await options.getByRole('checkbox', { name: 'Send to one line first' }).check();
  await expect(dialog.getByRole('status').filter({ hasText: 'first card' })).toHaveText(
    'The first card goes back now; the other 2 cards then wait in the Outbox until you choose “Send the rest” there.',
  );
  const undo = dialog.getByRole('button', {
    name: 'Undo: send the first card back, hold the rest',
  });
  await expect(undo).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await audit(page), `undo dialog with its options, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshotEveryWay(app, '82-undo-first-line');

  const from = fake.ledger.length;
  await undo.click();
  const note = page.locator('.import-held-note');
  await expect(note).toContainText('2 changes are held in the Outbox');
  await expect.poll(() => writtenSince(app, from)).toEqual([NUMBERS[0]]);
  await screenshotEveryWay(app, '83-undo-held-progress');

  await note.getByRole('button', { name: 'Go to the Outbox' }).click();
  const held = page
    .getByRole('list', { name: 'Held and scheduled changes' })
    .getByRole('listitem')
    .filter({ hasText: 'Undo of Pasted rows' });
  await expect(held).toContainText('Held: waiting for you to check the first line');
  await expect(held).toContainText('2 held · 1 sent');
  await screenshotEveryWay(app, '84-outbox-undo-held');
  expect(writtenSince(app, from)).toEqual([NUMBERS[0]]);

  await held.getByRole('button', { name: 'Send the rest' }).click();
  await expect(held).toHaveCount(0);
  await expect.poll(() => [...writtenSince(app, from)].sort()).toEqual(NUMBERS);
  for (const phone of NUMBERS) expect(fake.cards.get(phone)?.last_name).toBe('Pharmacy');
});

test('a scheduled undo: nothing goes before its time, the Outbox shows it with its zone', async ({
  app,
}) => {
  test.setTimeout(90_000);
  const { page, fake } = app;
  await page.setViewportSize({ width: 900, height: 700 });
  const { dialog, options } = await importedThenUndoOpened(app);
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  await options.getByRole('radio', { name: 'At a chosen time' }).check();
  const sendAt = options.getByLabel('Send at');
  await sendAt.fill(await localInputValue(page, -2 * HOUR));
  await expect(options.getByRole('alert')).toHaveText(
    'The chosen time has passed. Choose a later time, or send now.',
  );
  const from = fake.ledger.length;
  await dialog.getByRole('button', { name: 'Undo: schedule 3 cards' }).click();
  await expect(dialog.getByText('Nothing was sent: check the time')).toBeVisible();

  await sendAt.fill(await localInputValue(page, HOUR));
  await expect(options.getByRole('alert')).toHaveCount(0);
  await expect(dialog.getByRole('status').filter({ hasText: 'go back at' })).toHaveText(
    new RegExp(`^All 3 cards wait in the Outbox and go back at .*\\(${zone}\\)\\.$`),
  );
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await audit(page), `undo dialog scheduled, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshotEveryWay(app, '85-undo-scheduled');

  await dialog.getByRole('button', { name: 'Undo: schedule 3 cards' }).click();
  const note = page.locator('.import-held-note');
  await expect(note).toContainText(new RegExp(`3 changes are scheduled for .*\\(${zone}\\)`));
  await note.getByRole('button', { name: 'Go to the Outbox' }).click();
  const scheduled = page
    .getByRole('list', { name: 'Held and scheduled changes' })
    .getByRole('listitem')
    .filter({ hasText: 'Undo of Pasted rows' });
  await expect(scheduled).toContainText(new RegExp(`Scheduled for .*\\(${zone}\\)`));
  await screenshotEveryWay(app, '86-outbox-undo-scheduled');
  expect(writtenSince(app, from)).toEqual([]);
});
