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
  ['(303) 555-0101', 'Denver', ''], // good, but not one of the account's lines: held back
  ['12345', 'Bad', 'Number'], // error: not a valid number
  ['(512) 555-0102', '', 'Nofirst'], // error: no first name
  ['303-555-0101', 'Denver', 'Again'], // error: same number as line 4
  ['(415) 555-0133', 'Existing', 'Card'], // already has a card: skipped
];
const LINES = [
  { phone_number: '+14155550132', first_name: 'Downtown', last_name: 'Store' },
  { phone_number: '+12125550100', first_name: 'Uptown, NYC', last_name: 'Store' },
];
/** Sent only when "Include them anyway" is checked on Confirm. */
const NOT_A_LINE = { phone_number: '+13035550101', first_name: 'Denver' };
const FILE_NOTE = 'Numbers without a country code were read as United States (+1)';

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

/**
 * From the map step to the summary, fixing nothing, including the number that is not one of
 * the account's lines or not; returns the ledger entries it caused.
 */
async function importWithDefaults(
  app: AppUnderTest,
  { screenshots, includeOthers }: { screenshots: boolean; includeOthers: boolean },
) {
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
  // Numbers as people read them; E.164 stays in the data.
  await expect(row(2)).toContainText('+1 415 555 0132');
  // A number without +country code is read in the default country: one note for the file,
  // not a warning on every row.
  await expect(row(2)).toContainText('Ready');
  await expect(rows.filter({ hasText: 'No country code' })).toHaveCount(0);
  await expect(page.getByText(FILE_NOTE)).toHaveCount(1);
  await expect(page.getByText(FILE_NOTE)).toContainText('5 rows');
  await expect(row(3)).toContainText('Ready');
  await expect(row(4)).toContainText('Warning');
  await expect(row(4)).toContainText("Not one of your account's lines");
  await expect(row(4)).toContainText('Left out unless you include it on the Confirm step');
  await expect(row(5)).toContainText('Error: left out');
  await expect(row(6)).toContainText('Error: left out');
  await expect(row(7)).toContainText('Duplicate');
  await expect(row(7)).toContainText('Same number as line 4');
  await expect(row(8)).toContainText('Skipped: has a card');
  const counts = page.locator('.import-counts');
  await expect(counts).toContainText('Rows7');
  await expect(counts).toContainText('Ready2');
  await expect(counts).toContainText('With warnings1');
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
  // The number that is not a line is listed on its own, left out unless included.
  const others = page.getByRole('group', { name: '1 number is not a line of this Linq account' });
  await expect(others).toContainText('+1 303 555 0101');
  await expect(others).toContainText('Denver');
  const include = others.getByRole('checkbox', { name: 'Include them anyway' });
  await expect(include).not.toBeChecked();
  await expect(page.getByRole('button', { name: 'Import 2 cards' })).toBeVisible();
  if (includeOthers) await include.check();
  const cards = includeOthers ? 3 : 2;
  if (screenshots) await app.screenshot('20b-import-confirm');
  const before = fake.ledger.length;
  const requestsBefore = fake.requests.length;
  // Slow enough that the progress can be seen (and photographed) before it ends.
  fake.setLatency(screenshots ? 3_000 : 0);
  await page.getByRole('button', { name: `Import ${cards} cards` }).click();
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
  await expect(summary).toContainText(`Set up${cards}`);
  await expect(summary).toContainText('Updated0');
  await expect(summary).toContainText(`Skipped${7 - cards}`);
  await expect(summary).toContainText('Failed0');
  await expect(summary).toContainText('Needs your decision0');
  const summaryRows = page
    .getByRole('listbox', { name: /^Rows of the import/ })
    .getByRole('option');
  await expect(summaryRows).toHaveCount(7);
  if (screenshots) await app.screenshot('22-import-summary');
  // What Linq received, not only what it applied: the number left out was never asked for.
  const sent = fake.requests
    .slice(requestsBefore)
    .filter((request) => request.path.endsWith('/v3/contact_card') && request.method !== 'GET');
  expect(sent.some((request) => JSON.stringify(request.body).includes('+13035550101'))).toBe(
    includeOthers,
  );
  return fake.ledger.slice(before);
}

function expectExactly(effects: { effect: string; body: unknown }[], good: object[]): void {
  expect(effects.map((effect) => effect.effect)).toEqual(good.map(() => 'card.created'));
  expect(effects.map((effect) => effect.body)).toEqual(expect.arrayContaining(good));
}

test('imports a CSV file: the good rows are sent, the bad ones listed as skipped', async ({
  app,
}) => {
  const { page } = app;
  await connectAccount(app);
  await setUpExistingCard(app);
  await openImport(page);
  await chooseSpreadsheet(app, 'stores.csv', Buffer.from('\uFEFF' + csv(), 'utf8'));
  const effects = await importWithDefaults(app, { screenshots: true, includeOthers: true });
  expectExactly(effects, [...LINES, NOT_A_LINE]);

  // The summary by outcome, and as CSV.
  const rows = page.getByRole('listbox', { name: /^Rows of the import/ }).getByRole('option');
  await page.getByLabel('Show', { exact: true }).selectOption('skipped');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: '+1 415 555 0133' })).toContainText('Skipped');
  await page.getByRole('button', { name: 'Export summary as CSV' }).click();
  const exported = page.getByRole('status').filter({ hasText: /Exported 7 rows to/ });
  await expect(exported).toBeVisible();
  const path = /to (.+\.csv)\./.exec((await exported.textContent()) ?? '')![1]!;
  const written = await readFile(path, 'utf8');
  // The export keeps E.164 (a spreadsheet or another import reads it back as it is).
  expect(written).toContain('+14155550132');
  expect(written).not.toContain('+1 415 555 0132');
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

test('imports rows pasted from a spreadsheet, leaving out the number that is not a line', async ({
  app,
}) => {
  const { page } = app;
  await connectAccount(app);
  await setUpExistingCard(app);
  await openImport(page);
  await page.getByLabel('Or paste rows copied from a spreadsheet').fill(tsv());
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  expectExactly(await importWithDefaults(app, { screenshots: false, includeOthers: false }), LINES);
  // Reported as skipped, with the reason.
  const rows = page.getByRole('listbox', { name: /^Rows of the import/ }).getByRole('option');
  const denver = rows.filter({ hasText: /^Line 4: / });
  await expect(denver).toContainText('+1 303 555 0101');
  await expect(denver).toContainText('Skipped');
  await expect(denver).toContainText(
    `Not one of your account's lines. "Include them anyway" was not checked: left out.`,
  );
  expect(app.fake.cards.has('+13035550101')).toBe(false);
});

/** Pastes rows (tab-separated, with a header) and goes on to the preview. */
async function pasteAndPreview(page: Page, rows: string[][]): Promise<void> {
  await page
    .getByLabel('Or paste rows copied from a spreadsheet')
    .fill(rows.map((cells) => cells.join('\t')).join('\n'));
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  await page.getByRole('button', { name: 'Preview the rows' }).click();
  await expect(page.getByRole('heading', { name: 'Check the rows' })).toBeFocused();
  await expect(page.getByText('Looking up which numbers already have a card')).toHaveCount(0);
}

test('a clean file of national numbers that are all lines reads all ready, with one note', async ({
  app,
}) => {
  const { page, fake } = app;
  fake.addPhoneNumber('+16175550104');
  await connectAccount(app);
  await openImport(page);
  await pasteAndPreview(page, [
    ['Phone', 'First name'],
    ['(415) 555-0132', 'Downtown'],
    ['(415) 555-0133', 'Harbour'],
    ['212-555-0100', 'Uptown'],
    ['617 555 0104', 'Boston'],
  ]);
  const counts = page.locator('.import-counts');
  await expect(counts).toContainText('Rows4');
  await expect(counts).toContainText('Ready4');
  await expect(counts).toContainText('With warnings0');
  const rows = page.getByRole('listbox', { name: /^Rows of the file/ }).getByRole('option');
  await expect(rows).toHaveCount(4);
  await expect(rows.filter({ hasText: 'Warning' })).toHaveCount(0);
  await expect(page.getByText(FILE_NOTE)).toHaveCount(1);
  await expect(page.getByText(FILE_NOTE)).toContainText('4 rows');
  await expect(rows.first()).toContainText('+1 415 555 0132');
  await expect(rows.nth(3)).toContainText('+1 617 555 0104');

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
  await expect(page.getByText('Every row of the file will be imported.')).toBeVisible();
  await expect(page.getByRole('group', { name: /not .*lines? of this Linq account/ })).toHaveCount(
    0,
  );
  await page.getByRole('button', { name: 'Import 4 cards' }).click();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused({
    timeout: 20_000,
  });
  await expect(page.locator('.import-counts')).toContainText('Set up4');
});

test('numbers that are not lines are sent only when "Include them anyway" is checked', async ({
  app,
}) => {
  test.setTimeout(120_000); // three imports
  const { page, fake } = app;
  await connectAccount(app);
  await openImport(page);
  const file = [
    ['Phone', 'First name'],
    ['+1 415 555 0132', 'Downtown'],
    ['(303) 555-0101', 'Denver'],
    ['+1 (617) 555-0199', 'Boston'],
  ];
  await pasteAndPreview(page, file);
  await page.getByRole('button', { name: 'Continue' }).click();
  const others = page.getByRole('group', { name: '2 numbers are not lines of this Linq account' });
  await expect(others).toContainText('+1 303 555 0101');
  await expect(others).toContainText('+1 617 555 0199');
  await expect(others.getByRole('checkbox', { name: 'Include them anyway' })).not.toBeChecked();
  const sentFor = (number: string) =>
    fake.requests.filter(
      (request) =>
        request.path.endsWith('/v3/contact_card') &&
        request.method !== 'GET' &&
        JSON.stringify(request.body ?? {}).includes(number),
    ).length;

  // Left unchecked: only the line is sent; the others are skipped, with the reason.
  await page.getByRole('button', { name: 'Import 1 card' }).click();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused({
    timeout: 20_000,
  });
  await expect(page.locator('.import-counts')).toContainText('Set up1');
  await expect(page.locator('.import-counts')).toContainText('Skipped2');
  expect(sentFor('+14155550132')).toBe(1);
  expect(sentFor('+13035550101')).toBe(0);
  expect(sentFor('+16175550199')).toBe(0);

  // The same rows again, included: now they are sent.
  await page.getByRole('button', { name: 'Import another file' }).click();
  await pasteAndPreview(page, file);
  await page.getByRole('button', { name: 'Continue' }).click();
  await others.getByRole('checkbox', { name: 'Include them anyway' }).check();
  await page.getByRole('button', { name: 'Import 2 cards' }).click();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused({
    timeout: 20_000,
  });
  expect(sentFor('+13035550101')).toBe(1);
  expect(sentFor('+16175550199')).toBe(1);

  // A file of such numbers only gets as far as Confirm, where they can be included.
  await page.getByRole('button', { name: 'Import another file' }).click();
  await pasteAndPreview(page, [
    ['Phone', 'First name'],
    ['(303) 555-0102', 'Aurora'],
  ]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
  await page.getByRole('button', { name: 'Import 0 cards' }).click();
  await expect(page.getByRole('alert')).toContainText('Check "Include them anyway"');
  expect(sentFor('+13035550102')).toBe(0);
  await page.getByRole('checkbox', { name: 'Include them anyway' }).check();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Import 1 card' }).click();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused({
    timeout: 20_000,
  });
  expect(sentFor('+13035550102')).toBe(1);
});

test('offline, with the lines never loaded, Confirm says so; once they are read it holds back', async ({
  app,
}) => {
  const { page, fake } = app;
  // The key is saved while Linq cannot be reached: the app has never read the lines.
  await fake.goOffline();
  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('button', { name: /· unverified/ })).toBeVisible();
  await openImport(page);
  await pasteAndPreview(page, [
    ['Phone', 'First name'],
    ['+1 415 555 0132', 'Downtown'],
    ['(303) 555-0101', 'Denver'],
  ]);
  await expect(page.locator('.import-counts')).toContainText('Ready2');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
  await expect(page.getByText(/Your account's lines could not be loaded/)).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Include them anyway' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import 2 cards' })).toBeVisible();
  await app.screenshot('20c-import-confirm-lines-unknown');

  // Linq reachable again, the lines are read: the plan on screen is checked against them.
  await fake.goOnline();
  await page.getByRole('button', { name: 'Load the lines again' }).click();
  const others = page.getByRole('group', { name: '1 number is not a line of this Linq account' });
  await expect(others).toContainText('+1 303 555 0101');
  await expect(page.getByText(/Your account's lines could not be loaded/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Import 1 card' }).click();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused({
    timeout: 20_000,
  });
  expect(fake.cards.has('+14155550132')).toBe(true);
  expect(fake.cards.has('+13035550101')).toBe(false);
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
  await expect(rows.first()).toContainText('+44 20 7946 0958');
  await expect(
    page.getByText('Numbers without a country code were read as United Kingdom (+44)'),
  ).toBeVisible();
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

const SIZES = [
  { width: 1280, height: 800 },
  { width: 900, height: 700 },
] as const;

/**
 * What the screenshots showed going wrong at 900 px: the last step wrapping alone behind a
 * dangling connector, a count tile on a row of its own, numbers cut off, buttons in two lines.
 */
async function expectTidy(page: Page, where: string): Promise<void> {
  const layout = await page.evaluate(() => {
    const tops = (selector: string) =>
      [...document.querySelectorAll(selector)].map((e) =>
        Math.round(e.getBoundingClientRect().top),
      );
    const cut = [...document.querySelectorAll('.line-col-number')].filter(
      (e) => e.scrollWidth > e.clientWidth + 1,
    );
    const wrapped = [...document.querySelectorAll('.import-step button')].filter((button) => {
      const style = getComputedStyle(button);
      const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      const text = document.createRange();
      text.selectNodeContents(button);
      return [...text.getClientRects()].some((rect) => rect.height > line * 1.6);
    });
    return {
      stepRows: new Set(tops('.steps .step')).size,
      countRows: new Set(tops('.import-step .import-counts > .import-count')).size,
      numbersCut: cut.map((e) => e.textContent),
      buttonsWrapped: wrapped.map((e) => e.textContent),
    };
  });
  expect(layout, where).toEqual({
    stepRows: 1,
    countRows: layout.countRows === 0 ? 0 : 1,
    numbersCut: [],
    buttonsWrapped: [],
  });
}

/** The step at both sizes, light and dark, from its top and scrolled to its end. */
async function photograph(app: AppUnderTest, name: string): Promise<void> {
  const { page } = app;
  const main = page.locator('.app-main');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expectTidy(page, `${name} at ${size.width} px`);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await main.evaluate((element) => element.scrollTo(0, 0));
      await app.screenshot(`30-import-${name}-${size.width}-${colorScheme}`);
      await main.evaluate((element) => element.scrollTo(0, element.scrollHeight));
      await app.screenshot(`30-import-${name}-${size.width}-${colorScheme}-end`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await main.evaluate((element) => element.scrollTo(0, 0));
}

test('every import step, photographed at 1280×800 and 900×700 in light and dark', async ({
  app,
}) => {
  test.setTimeout(180_000); // 48 screenshots on a shared 2-core machine
  const { page, fake } = app;
  await connectAccount(app);
  await setUpExistingCard(app);
  await openImport(page);
  await photograph(app, '1-choose');
  await chooseSpreadsheet(app, 'stores.csv', csv());
  await expect(page.getByRole('heading', { name: 'Map the columns' })).toBeFocused();
  await photograph(app, '2-map');
  await page.getByRole('button', { name: 'Preview the rows' }).click();
  await expect(page.getByRole('heading', { name: 'Check the rows' })).toBeFocused();
  await expect(page.getByText('Looking up which numbers already have a card')).toHaveCount(0);
  await page
    .getByRole('listbox', { name: /^Rows of the file/ })
    .getByRole('option')
    .nth(2)
    .click();
  await photograph(app, '3-preview');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
  await photograph(app, '4-confirm');
  // Offline, the cards wait in the outbox: the progress stays on screen to be photographed.
  await fake.goOffline();
  await page.getByRole('button', { name: 'Import 2 cards' }).click();
  await expect(page.getByRole('heading', { name: 'Sending the cards' })).toBeFocused();
  await photograph(app, '5-progress');
  await fake.goOnline();
  await expect(page.getByRole('heading', { name: 'Import summary' })).toBeVisible({
    timeout: 30_000,
  });
  await photograph(app, '6-summary');
});
