// Undoing an import end to end in the browser host: rows pasted that update three cards Linq
// had and set up a fourth; one card is changed again at Linq; "Undo this import" from the
// summary shows the counts (the set-up cannot be removed, the changed card is listed and left
// alone), then the undo runs to its own summary, exported as CSV, and Linq has the old cards.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from './axe-audit.ts';
import { expect, test } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount, importPastedUpdates } from './support.ts';

const exportDir = await mkdtemp(join(tmpdir(), 'linq-e2e-undo-export-'));
test.use({ mainEnv: { LINQ_EXPORT_DIR: exportDir } });

const OLD = [
  { phone_number: '+14155550132', first_name: 'Downtown', last_name: 'Pharmacy' },
  { phone_number: '+14155550133', first_name: 'Harbour', last_name: 'Pharmacy' },
  { phone_number: '+12125550100', first_name: 'Uptown', last_name: 'Pharmacy' },
];

test('an import undone: counts first, the changed card left alone, then its own summary', async ({
  app,
}) => {
  test.setTimeout(90_000);
  const { page, fake } = app;
  fake.addPhoneNumber('+16175550104');
  for (const card of OLD) fake.seedCard(card);
  await connectAccount(app);
  await page.keyboard.press('Control+3');
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  await expect(page.getByText(/Synced/)).toBeVisible();

  const summary = await importPastedUpdates(page, [
    ['+1 415 555 0132', 'Downtown', 'Chemist'],
    ['+1 415 555 0133', 'Harbour', 'Chemist'],
    ['+1 212 555 0100', 'Uptown', 'Chemist'],
    ['+1 617 555 0104', 'Boston', 'Chemist'],
  ]);
  await expect(page.locator('.import-counts')).toContainText('Updated3');
  expect(fake.cards.get('+14155550133')?.last_name).toBe('Chemist');

  // Someone changes one of the imported cards at Linq; a refresh sees it.
  fake.cards.get('+12125550100')!.first_name = 'Uptown NYC';
  await page.keyboard.press('Control+3');
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  await expect(page.getByText(/Synced .* 1 changed/)).toBeVisible();
  await page.keyboard.press('Control+5');
  await expect(summary).toBeVisible();

  // The confirmation, by keyboard: the counts, and the changed card unticked.
  await page.getByRole('button', { name: 'Undo this import…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Undo this import?' });
  await expect(dialog).toContainText('2 cards go back to their details from before the import');
  await expect(dialog).toContainText(
    '1 card set up by this import cannot be removed (Linq has no way to delete a card)',
  );
  await expect(dialog).toContainText('1 card changed since the import');
  const changed = dialog.getByRole('checkbox', { name: /Line 4, \+1 212 555 0100/ });
  await expect(changed).not.toBeChecked();
  await expect(changed).toHaveAccessibleName(
    /now “Uptown NYC Chemist”, changed at Linq since\. Tick to put it back too$/,
  );
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await audit(page), `undo dialog, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshotEveryWay(app, '60-undo-confirm');

  const writesBefore = fake.ledger.length;
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Undo: send 2 cards back' })).toBeFocused();
  await page.keyboard.press('Enter');
  // The undo's own summary, which offers no undo of itself.
  await expect(page.getByRole('heading', { name: 'Undo summary' })).toBeFocused({
    timeout: 20_000,
  });
  await expect(page.getByText(/^Undo of .*: 4 rows\.$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo this import…' })).toHaveCount(0);
  const counts = page.locator('.import-counts');
  await expect(counts).toContainText('Updated2');
  await expect(counts).toContainText('Skipped2');
  const rows = page.getByRole('listbox', { name: /^Rows of the import/ }).getByRole('option');
  await expect(rows.filter({ hasText: 'no way to delete a card' })).toContainText('Boston');
  await expect(rows.filter({ hasText: 'Changed again since the import' })).toContainText(
    '+1 212 555 0100',
  );
  await screenshotEveryWay(app, '61-undo-summary');

  // Linq has the cards from before the import back, and the changed one as it was changed.
  expect(fake.ledger.slice(writesBefore).map((entry) => entry.phoneNumber)).toEqual([
    '+14155550132',
    '+14155550133',
  ]);
  expect(fake.cards.get('+14155550132')).toMatchObject({ last_name: 'Pharmacy' });
  expect(fake.cards.get('+14155550133')).toMatchObject({ last_name: 'Pharmacy' });
  expect(fake.cards.get('+12125550100')).toMatchObject({ first_name: 'Uptown NYC' });
  expect(fake.cards.get('+16175550104')).toMatchObject({ first_name: 'Boston' });

  await page.getByRole('button', { name: 'Export summary as CSV' }).click();
  await expect(page.getByText(/Exported 4 rows to/)).toBeVisible();
  const names = await readdir(exportDir);
  const csv = await readFile(
    join(
      exportDir,
      names.find((n) => n.startsWith('Undo of'))!,
    ),
    'utf8',
  );
  expect(csv).toContain('Changed again since the import: left alone.');
});
