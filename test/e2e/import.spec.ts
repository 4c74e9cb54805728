// Many lines at once, end to end in the browser host: a spreadsheet imported (chosen as a file,
// and pasted) with good and bad rows, nothing fixed, the good rows sent through the outbox to
// the fake Linq API, the summary with the right counts and exactly the good rows at Linq; and
// the card form's line picker, with reputations, updates of lines that have a card, a warning
// for numbers that are not the account's, and the cached lines while Linq is unreachable.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { LinqApi } from '../../shared/bridge.ts';
import { appError } from '../../shared/error-catalogue.ts';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { chooseSpreadsheet, connectAccount, fillCard, openNewCard } from './support.ts';

const exportDir = await mkdtemp(join(tmpdir(), 'linq-e2e-import-export-'));
test.use({ mainEnv: { LINQ_EXPORT_DIR: exportDir } });

/** The fake's own lines: +14155550132, +14155550133 and +12125550100. */
const ROWS = [
  ['Phone', 'First name', 'Last name'],
  ['(415) 555-0132', 'Downtown', 'Store'], // good
  ['+1 212 555 0100', '"Uptown, NYC"', 'Store'], // good, a quoted comma
  ['(303) 555-0101', 'Denver', ''], // good, with a warning: not one of the account's lines
  ['12345', 'Bad', 'Number'], // error: not a valid number
  ['(512) 555-0102', '', 'Nofirst'], // error: no first name
  ['303-555-0101', 'Denver', 'Again'], // error: same number as line 4
  ['(415) 555-0133', 'Existing', 'Card'], // already has a card: skipped
];
const GOOD = [
  { phone_number: '+14155550132', first_name: 'Downtown', last_name: 'Store' },
  { phone_number: '+12125550100', first_name: 'Uptown, NYC', last_name: 'Store' },
  { phone_number: '+13035550101', first_name: 'Denver' },
];

const csv = () => ROWS.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
const tsv = () =>
  ROWS.map((cells) => cells.map((cell) => cell.replace(/^"|"$/g, '')).join('\t')).join('\n');

async function setUpExistingCard(app: AppUnderTest): Promise<void> {
  await openNewCard(app);
  await fillCard(app, { firstName: 'Existing', phone: '(415) 555-0133' });
  await app.page.getByRole('button', { name: 'Set up card' }).click();
  await expect(
    app.page.getByRole('status').filter({ hasText: 'Card is active on +1 415 555 0133' }),
  ).toBeVisible();
}

async function openImport(page: Page): Promise<void> {
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { name: 'Import cards' })).toBeFocused();
}

/** From the map step to the summary, fixing nothing; returns the ledger entries it caused. */
async function importWithDefaults(app: AppUnderTest, screenshots: boolean) {
  const { page, fake } = app;
  await expect(page.getByRole('heading', { name: 'Map the columns' })).toBeFocused();
  await expect(page.getByLabel('Phone number')).toHaveValue('0');
  await expect(page.getByLabel('First name')).toHaveValue('1');
  await expect(page.getByLabel('Last name')).toHaveValue('2');
  await expect(page.getByLabel('The first row is a header')).toBeChecked();
  await page.getByRole('button', { name: 'Preview the rows' }).click();

  await expect(page.getByRole('heading', { name: 'Check the rows' })).toBeFocused();
  const list = page.getByRole('listbox', { name: /^Rows of the file/ });
  const rows = list.getByRole('option');
  await expect(rows).toHaveCount(7);
  await expect(page.getByText('Looking up which numbers already have a card')).toHaveCount(0);
  const row = (line: number) => rows.filter({ hasText: new RegExp(`^Line ${line}: `) });
  await expect(row(2)).toContainText('+14155550132');
  // A number without +country code is read in the default country: worth a look, not an error.
  await expect(row(2)).toContainText('Warning');
  await expect(row(2)).toContainText('No country code: read as a number in United States');
  await expect(row(3)).toContainText('Ready');
  await expect(row(4)).toContainText('Warning');
  await expect(row(4)).toContainText("Not one of your account's lines");
  await expect(row(5)).toContainText('Error: left out');
  await expect(row(6)).toContainText('Error: left out');
  await expect(row(7)).toContainText('Duplicate');
  await expect(row(7)).toContainText('Same number as line 4');
  await expect(row(8)).toContainText('Skipped: has a card');
  const counts = page.locator('.import-counts');
  await expect(counts).toContainText('Rows7');
  await expect(counts).toContainText('With errors (left out)3');
  await expect(counts).toContainText('Already have a card1');
  await expect(page.getByRole('radio', { name: /Skip them/ })).toBeChecked();
  if (screenshots) await app.screenshot('20-import-preview');

  // The filter shows just the rows with errors; the selected row's reasons show in full.
  await page.getByLabel('Show', { exact: true }).selectOption('error');
  await expect(rows).toHaveCount(3);
  await rows.first().click();
  await expect(page.locator('.import-detail')).toContainText('Line 5');
  await page.getByLabel('Show', { exact: true }).selectOption('all');
  await expect(rows).toHaveCount(7);

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
  await expect(page.getByText('4 rows are left out')).toBeVisible();
  const before = fake.ledger.length;
  // Slow enough that the progress can be seen (and photographed) before it ends.
  fake.setLatency(screenshots ? 1_500 : 0);
  await page.getByRole('button', { name: 'Import 3 cards' }).click();
  if (screenshots) {
    await expect(page.getByRole('heading', { name: 'Sending the cards' })).toBeFocused();
    await expect(page.getByRole('progressbar')).toBeVisible();
    await app.screenshot('21-import-progress');
  }
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused({
    timeout: 20_000,
  });
  fake.setLatency(0);
  const summary = page.locator('.import-counts');
  await expect(summary).toContainText('Set up3');
  await expect(summary).toContainText('Updated0');
  await expect(summary).toContainText('Skipped4');
  await expect(summary).toContainText('Failed0');
  await expect(summary).toContainText('Needs your decision0');
  const summaryRows = page
    .getByRole('listbox', { name: /^Rows of the import/ })
    .getByRole('option');
  await expect(summaryRows).toHaveCount(7);
  if (screenshots) await app.screenshot('22-import-summary');
  return fake.ledger.slice(before);
}

function expectExactlyTheGoodRows(effects: { effect: string; body: unknown }[]): void {
  expect(effects.map((effect) => effect.effect)).toEqual([
    'card.created',
    'card.created',
    'card.created',
  ]);
  expect(effects.map((effect) => effect.body)).toEqual(expect.arrayContaining(GOOD));
}

test('imports a CSV file: the good rows are sent, the bad ones listed as skipped', async ({
  app,
}) => {
  const { page } = app;
  await connectAccount(app);
  await setUpExistingCard(app);
  await openImport(page);
  await chooseSpreadsheet(app, 'stores.csv', Buffer.from('\uFEFF' + csv(), 'utf8'));
  const effects = await importWithDefaults(app, true);
  expectExactlyTheGoodRows(effects);

  // The summary by outcome, and as CSV.
  const rows = page.getByRole('listbox', { name: /^Rows of the import/ }).getByRole('option');
  await page.getByLabel('Show', { exact: true }).selectOption('skipped');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: '+14155550133' })).toContainText('Skipped');
  await page.getByRole('button', { name: 'Export summary as CSV' }).click();
  const exported = page.getByRole('status').filter({ hasText: /Exported 7 rows to/ });
  await expect(exported).toBeVisible();
  const path = /to (.+\.csv)\./.exec((await exported.textContent()) ?? '')![1]!;
  const written = await readFile(path, 'utf8');
  expect(written).toContain('+14155550132');
  expect(written).toContain('Uptown, NYC');

  // Leaving the screen and coming back keeps the summary.
  await page.keyboard.press('Control+3');
  await openImport(page);
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeVisible();

  // So does a reload of the window: the finished import is offered from the first step.
  await page.reload();
  await expect(page.getByRole('navigation').getByRole('button', { name: /Import/ })).toBeVisible();
  await openImport(page);
  await expect(page.getByText('Your last import: stores.csv.')).toBeVisible();
  await page.getByRole('button', { name: 'See its summary' }).click();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeVisible();
  await expect(page.locator('.import-counts')).toContainText('Set up3');
});

test.describe('local images', () => {
  // Linq takes only https image URLs: the fake hands out its attachments' from this origin.
  test.use({ fakeOptions: { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' } });

  test('local images are read from the file’s folder, or a folder chosen in main’s dialog', async ({
    app,
  }) => {
    const { page, fake } = app;
    await connectAccount(app);
    await openImport(page);
    // stores.csv and its logo in one folder, another image in a folder next to it.
    const root = await mkdtemp(join(tmpdir(), 'linq-e2e-import-images-'));
    const sheets = join(root, 'sheets');
    const other = join(root, 'other');
    await mkdir(sheets);
    await mkdir(other);
    const photo = await readFile(new URL('../fixtures/images/photo.jpg', import.meta.url));
    await writeFile(join(sheets, 'logo.jpg'), photo);
    await writeFile(join(other, 'elsewhere.jpg'), photo);
    const sheet = [
      'Phone,First name,Image',
      `+14155550132,Downtown,${join(sheets, 'logo.jpg')}`,
      `+12125550100,Uptown,${join(other, 'elsewhere.jpg')}`,
    ].join('\n');
    await chooseSpreadsheet(app, 'stores.csv', sheet, sheets);
    await expect(page.getByRole('heading', { name: 'Map the columns' })).toBeFocused();
    await expect(page.getByLabel('Image')).toHaveValue('2');
    await page.getByRole('button', { name: 'Preview the rows' }).click();
    const rows = page.getByRole('listbox', { name: /^Rows of the file/ }).getByRole('option');
    const row = (line: number) => rows.filter({ hasText: new RegExp(`^Line ${line}: `) });
    await expect(row(2)).toContainText('Ready');
    await expect(row(3)).toContainText('Error: left out');
    await row(3).click();
    await expect(page.locator('.import-detail')).toContainText('not in the chosen folder');
    await expect(
      page.getByText('One image is not in the folder of stores.csv: the app reads images only'),
    ).toBeVisible();
    await app.screenshot('26-import-image-not-in-folder');

    // The folder that holds both: every image is checked again, and both rows are ready.
    await app.answerOpenDialog(root);
    await page.getByRole('button', { name: 'Choose the images’ folder…' }).click();
    await expect(row(3)).toContainText('Ready');
    await expect(row(2)).toContainText('Ready');
    await expect(
      page.getByText(/The images are read from the folder “linq-e2e-import-images-/),
    ).toBeVisible();
    await app.screenshot('27-import-image-folder-chosen');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Import 2 cards' }).click();
    await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused({
      timeout: 20_000,
    });
    // Both cards went with the photo main read (one upload: the same bytes).
    for (const number of ['+14155550132', '+12125550100']) {
      expect(fake.cards.get(number)?.image_url).toMatch(/^https:\/\/cdn\.fake-linq\.invalid\//);
    }
  });
});

test('imports rows pasted from a spreadsheet', async ({ app }) => {
  const { page } = app;
  await connectAccount(app);
  await setUpExistingCard(app);
  await openImport(page);
  await page.getByLabel('Or paste rows copied from a spreadsheet').fill(tsv());
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  expectExactlyTheGoodRows(await importWithDefaults(app, false));
});

test('the rows are checked again when the default country changes', async ({ app }) => {
  const { page } = app;
  await connectAccount(app);
  await openImport(page);
  await page
    .getByLabel('Or paste rows copied from a spreadsheet')
    .fill('Phone\tFirst name\n020 7946 0958\tLondon\n(415) 555-0132\tDowntown\n');
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  await page.getByRole('button', { name: 'Preview the rows' }).click();
  const rows = page.getByRole('listbox', { name: /^Rows of the file/ }).getByRole('option');
  await expect(rows.first()).toContainText('Error: left out');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Import 1 card' })).toBeVisible();

  // The preview's warnings say the numbers were read as US numbers: the user fixes that.
  await page.keyboard.press('Control+4');
  await page.getByLabel('Default country').selectOption('GB');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Preferences saved.')).toBeVisible();

  // Back on the import: the rows were read again with the new country, and the plan that was
  // waiting for confirmation is back in the preview.
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { name: 'Check the rows' })).toBeVisible();
  await expect(rows.first()).toContainText('+442079460958');
  await expect(rows.first()).toContainText('read as a number in United Kingdom');
  await expect(rows.nth(1)).toContainText('Error: left out');
});

test('the line picker lists the lines with their reputation, and warns of other numbers', async ({
  app,
}) => {
  const { page, fake } = app;
  fake.addPhoneNumber('+16175550104', { reputation: 'AT_RISK' });
  fake.addPhoneNumber('+16175550105', { reputation: 'CRITICAL' });
  await connectAccount(app);
  await setUpExistingCard(app); // +1 415 555 0133 now has a card

  const phone = page.getByRole('combobox', { name: 'Phone number' });
  const lines = page.getByRole('listbox', { name: 'Your lines' });
  await phone.focus();
  await phone.press('Alt+ArrowDown');
  await expect(phone).toHaveAttribute('aria-expanded', 'true');
  await expect(lines.getByRole('option')).toHaveCount(5);
  await expect(lines.getByRole('option').filter({ hasText: '+1 617 555 0104' })).toContainText(
    'Reputation: At risk',
  );
  await expect(lines.getByRole('option').filter({ hasText: '+1 617 555 0105' })).toContainText(
    'Critical',
  );
  // The line's card as the history knows it (main re-publishes the lines as cards change).
  const existing = lines.getByRole('option').filter({ hasText: '+1 415 555 0133' });
  await expect(existing).toContainText('Existing');
  await expect(existing).toContainText('Active');
  await expect(page.getByText(/5 lines in your account · Updated/)).toBeVisible();
  // Screen readers hear the outcome of a refresh, not the list's age every minute: the live
  // region says nothing that changes with the clock.
  const linesStatus = page.locator('.lines-status');
  await expect(linesStatus.getByRole('status')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /lines in your account/ })).toHaveText(
    '5 lines in your account',
  );
  await app.screenshot('23-line-picker');

  // Typing filters (by number or by the card's name); the keyboard chooses.
  await phone.fill('617');
  await expect(lines.getByRole('option')).toHaveCount(2);
  await phone.press('ArrowDown');
  await expect(phone).toHaveAttribute('aria-activedescendant', /option-0$/);
  await phone.press('Enter');
  await expect(phone).toHaveValue('+1 617 555 0104');
  await expect(phone).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByText('Will be sent as +16175550104')).toBeVisible();

  // A line that has a card: choosing it leads to an update of that card.
  await phone.fill('existing');
  await expect(lines.getByRole('option')).toHaveCount(1);
  await lines.getByRole('option').click();
  await expect(page.getByLabel('First name')).toHaveValue('Existing');
  await expect(page.getByRole('button', { name: 'Submit the update' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop editing' }).click();

  // A valid number that is not one of the lines: a warning, then one question on submit.
  await page.getByLabel('First name').fill('Elsewhere');
  await phone.fill('(303) 555-0101');
  await phone.press('Escape');
  await expect(page.getByText("+1 303 555 0101 is not one of your account's lines.")).toBeVisible();
  await page.getByRole('button', { name: 'Set up card' }).click();
  const dialog = page.getByRole('dialog', { name: 'Not one of your lines' });
  await expect(dialog).toContainText(
    "+1 303 555 0101 is not one of your account's lines. Set up its card anyway?",
  );
  expect(fake.cards.has('+13035550101')).toBe(false);
  await dialog.getByRole('button', { name: 'Set up anyway' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Card is active on +1 303 555 0101' }),
  ).toBeVisible();

  // Offline, after a restart: the lines cached in main still show.
  await fake.goOffline();
  await app.restartMain();
  await openNewCard(app);
  await phone.focus();
  await phone.press('Alt+ArrowDown');
  await expect(lines.getByRole('option')).toHaveCount(5);
  await phone.press('Escape');
  await page.getByRole('button', { name: 'Refresh lines' }).click();
  await expect(page.getByText(/Showing the 5 lines saved on this computer/)).toBeVisible();
  await phone.focus();
  await phone.press('Alt+ArrowDown');
  await expect(lines.getByRole('option')).toHaveCount(5);
});

test('the header keeps the key status whole with five screens, from the smallest window up', async ({
  app,
}) => {
  const { page, fake } = app;
  await connectAccount(app);
  // The widest the navigation gets: an import of 10,000 cards waiting in the outbox.
  await fake.goOffline();
  const stored = await page.evaluate(async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      line: i + 2,
      action: 'setup' as const,
      phoneNumber: `+1415${String(5_000_000 + i).padStart(7, '0')}`,
      firstName: `Store ${i}`,
    }));
    const { linq } = window as unknown as { linq: LinqApi };
    const result = await linq.importCards({
      requestId: crypto.randomUUID(),
      fileName: 'stores.csv',
      rows,
      skipped: [],
    });
    return result.ok;
  });
  expect(stored).toBe(true);
  const nav = page.getByRole('navigation', { name: 'Main' });
  // "999+" on screen, the count in words for screen readers.
  const outbox = nav.getByRole('button', { name: /^Outbox/ });
  await expect(outbox).toHaveAccessibleName(/^Outbox\s*10,000\s*waiting$/);
  await expect(outbox.locator('.nav-badge [aria-hidden="true"]')).toHaveText('999+');
  const pill = page.getByRole('button', { name: /^Key •••• \d{4} · verified$/ });
  for (const width of [900, 1000, 1001, 1100, 1180, 1181, 1280, 1499, 1500, 1920]) {
    await page.setViewportSize({ width, height: 760 });
    const fits = await pill.evaluate((button) => {
      const text = button.querySelector('.pill-text')!;
      const header = button.closest('header')!;
      const nav = header.querySelector('nav')!.getBoundingClientRect();
      const box = button.getBoundingClientRect();
      const padding = parseFloat(getComputedStyle(header).paddingRight);
      return {
        whole: text.scrollWidth <= text.clientWidth,
        // Within the header's padding, and clear of the navigation.
        inside: box.right <= header.getBoundingClientRect().right - padding + 0.5,
        clear: box.left - nav.right >= 12,
      };
    });
    expect(fits, `at ${width} px`).toEqual({ whole: true, inside: true, clear: true });
    // Every screen's name stays readable too.
    for (const name of ['New card', 'Outbox', 'History', 'Settings', 'Import']) {
      await expect(nav.getByRole('button', { name: new RegExp(`^${name}`) })).toBeInViewport({
        ratio: 1,
      });
    }
  }
  await page.setViewportSize({ width: 1100, height: 760 });
  await app.screenshot('24-header-busy-outbox');
});

test('a window reloaded before the import was confirmed finds it again by its request id', async ({
  app,
}) => {
  const { page, fake } = app;
  await connectAccount(app);
  await openImport(page);
  const rows = [
    ['Phone', 'First name', 'Last name'],
    ['+14155550132', 'Downtown', 'Store'],
    ['+12125550100', 'Uptown', 'Store'],
  ];
  await page
    .getByLabel('Or paste rows copied from a spreadsheet')
    .fill(rows.map((cells) => cells.join('\t')).join('\n'));
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  await page.getByRole('button', { name: 'Preview the rows' }).click();
  await expect(page.getByRole('heading', { name: 'Check the rows' })).toBeFocused();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();

  // What the window writes down for a reload, in order: the request before it is sent, then
  // the import main answered with. A window reloaded in between knows only the first.
  await page.evaluate(() => {
    const written: string[] = [];
    (window as unknown as { __lastImportWrites: string[] }).__lastImportWrites = written;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'linq:last-import') written.push(value);
      return setItem.call(this, key, value);
    };
  });
  await fake.goOffline(); // the rows stay in the outbox, so the import is still under way
  await page.getByRole('button', { name: 'Import 2 cards' }).click();
  await expect(page.getByRole('heading', { name: 'Sending the cards' })).toBeFocused();
  const writes = await page.evaluate(
    () => (window as unknown as { __lastImportWrites: string[] }).__lastImportWrites,
  );
  expect(writes).toHaveLength(2);
  expect(JSON.parse(writes[0]!)).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(JSON.parse(writes[1]!)).toEqual({ id: expect.any(Number) });

  await page.evaluate((value) => localStorage.setItem('linq:last-import', value), writes[0]!);
  await page.reload();
  await expect(page.getByRole('navigation').getByRole('button', { name: /Import/ })).toBeVisible();
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { name: 'Sending the cards' })).toBeVisible();
  await expect(page.getByRole('progressbar')).toBeVisible();

  await fake.goOnline();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.locator('.import-counts')).toContainText('Set up2');
  expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(2);
});

test('rows do not go on while the app cannot tell which numbers already have a card', async ({
  app,
}, testInfo) => {
  test.skip(
    testInfo.project.name !== 'browser',
    'Needs the browser host: it answers one call with an error in place of main.',
  );
  const { page } = app;
  await connectAccount(app);
  await setUpExistingCard(app);
  await openImport(page);
  app.failNextCall!('lookupCards', appError('INTERNAL'));
  await page.getByLabel('Or paste rows copied from a spreadsheet').fill(tsv());
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  await page.getByRole('button', { name: 'Preview the rows' }).click();
  const lookupFailed = page
    .getByRole('alert')
    .filter({ hasText: 'could not look up which numbers already have a card' });
  await expect(lookupFailed).toBeVisible();
  // Going on now would send the existing card's row as a setup, to come back as a conflict.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Try the lookup again' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Check the rows' })).toBeVisible();

  await lookupFailed.getByRole('button', { name: 'Retry' }).click();
  const rows = page.getByRole('listbox', { name: /^Rows of the file/ }).getByRole('option');
  await expect(rows.filter({ hasText: /^Line 8: / })).toContainText('Skipped: has a card');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
});
