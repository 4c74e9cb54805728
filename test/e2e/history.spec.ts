// The history end to end in the browser host: cards set up here and found at Linq, search as
// you type, filter, the detail with its timeline, an edit sent through the outbox as a PATCH
// of what changed, a refresh from Linq, and the CSV export.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount, drop, fillCard, openNewCard } from './support.ts';

const exportDir = await mkdtemp(join(tmpdir(), 'linq-e2e-export-'));
test.use({ mainEnv: { LINQ_EXPORT_DIR: exportDir } });

const HERE = [
  { firstName: 'Denver', lastName: 'Store', phone: '(303) 555-0101' },
  { firstName: 'Zoë', lastName: 'Café', phone: '(512) 555-0102' },
];

test('browse, search, filter, open, edit, refresh from Linq and export the history', async ({
  app,
}) => {
  const { page, fake } = app;
  // The account's own lines (a number that is not asks for a confirmation first).
  fake.addPhoneNumber('+13035550101');
  fake.addPhoneNumber('+15125550102');
  await connectAccount(app);
  await openNewCard(app);
  for (const card of HERE) {
    await fillCard(app, card);
    await page.getByRole('button', { name: 'Set up card' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  }
  // Set up elsewhere (another computer, a script): only Linq knows it so far.
  fake.seedCard({ phone_number: '+16175550103', first_name: 'Boston', is_active: false });

  await page.keyboard.press('Control+3');
  const list = page.getByRole('listbox', { name: /Cards, \d+ in all/ });
  await expect(list.getByRole('option')).toHaveCount(2);

  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  await expect(page.getByText(/Synced .* 3 at Linq, 1 new/)).toBeVisible();
  await expect(list.getByRole('option')).toHaveCount(3);
  const boston = list.getByRole('option').filter({ hasText: 'Boston' });
  await expect(boston).toContainText('Elsewhere');
  await expect(boston).toContainText('Not yet active');
  await app.screenshot('18-history-list');

  // Search as you type: accents and punctuation do not matter.
  const search = page.getByRole('searchbox', { name: 'Search names and numbers' });
  await search.fill('zoe cafe');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option')).toContainText('Zoë Café');
  await search.fill('(303) 555');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list.getByRole('option')).toContainText('Denver');
  await search.fill('');
  await page.getByLabel('Show').selectOption('inactive');
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.getByLabel('Show').selectOption('all');

  // The detail: card, where it was confirmed, the timeline.
  await list.getByRole('option').filter({ hasText: 'Denver' }).click();
  const detail = page.getByRole('region', { name: '+1 303 555 0101' });
  // The refresh saw it unchanged at Linq: that is now its latest confirmation.
  await expect(detail).toContainText(/Confirmed by\s*a sync with Linq/);
  const timeline = detail.getByRole('list', { name: 'Timeline, newest first' });
  // One entry per change, with how it ended in plain words (its records are folded under it).
  await expect(timeline.getByRole('listitem')).toHaveText([/^Set up.*Sent; Linq applied it/]);
  await app.screenshot('19-history-detail');

  // Edit: through the outbox, as a PATCH of only the changed field.
  await detail.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByLabel('First name')).toHaveValue('Denver');
  await page.getByLabel('Last name').fill('Downtown');
  await page.getByRole('button', { name: 'Submit the update' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();
  const patch = fake.ledger.find((effect) => effect.effect === 'card.updated');
  expect(patch?.body).toEqual({ last_name: 'Downtown' });

  // Export what the list shows, filtered.
  await page.keyboard.press('Control+3');
  await page.getByLabel('Show').selectOption('active');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const exported = page.getByRole('status').filter({ hasText: /Exported 2 cards to/ });
  await expect(exported).toBeVisible();
  const path = /to (.+\.csv)\./.exec((await exported.textContent()) ?? '')![1]!;
  const csv = await readFile(path, 'utf8');
  expect(csv.startsWith('\uFEFFPhone number,First name,Last name,Status')).toBe(true);
  expect(csv).toContain(`'+13035550101,Denver,Downtown,active`);
  expect(csv).not.toContain('Boston');
});

test('initials for cards without a photo, the photo itself in the detail, one entry per change, clear search, and the lines with no card yet', async ({
  app,
}) => {
  const { page, fake } = app;
  for (const number of ['+14155550132', '+14155550133', '+14155550134', '+14155550135']) {
    fake.addPhoneNumber(number);
  }
  await connectAccount(app);
  await openNewCard(app);
  await fillCard(app, { firstName: 'Acme', lastName: 'Help Desk', phone: '4155550132' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  await fillCard(app, { firstName: 'Photo', lastName: 'Shop', phone: '4155550133' });
  await drop(page, 'exif-orientation-8-le.jpg', 'image/jpeg');
  await expect(page.getByRole('img', { name: /Photo framing/ })).toBeVisible();
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  // Then an update of the first card: a second change, a second entry.
  await page.keyboard.press('Control+3');
  const list = page.getByRole('listbox', { name: /Cards, \d+ in all/ });
  await expect(list.getByRole('option')).toHaveCount(2);
  await list.getByRole('option').filter({ hasText: 'Acme' }).click();
  await expect(page.getByRole('region', { name: '+1 415 555 0132' })).toBeVisible();
  await page
    .getByRole('region', { name: '+1 415 555 0132' })
    .getByRole('button', { name: 'Edit' })
    .click();
  await page.getByLabel('First name').fill('Acme Co');
  await page.getByRole('button', { name: 'Submit the update' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();

  await page.keyboard.press('Control+3');
  await expect(list.getByRole('option')).toHaveCount(2);
  // A card without a photo shows its initials as iOS makes them (first and last name).
  const acme = list.getByRole('option').filter({ hasText: 'Acme Co Help Desk' });
  await expect(acme.locator('.thumbnail-initials')).toHaveText('AH');
  await acme.click();
  const acmeDetail = page.getByRole('region', { name: '+1 415 555 0132' });
  const timeline = acmeDetail.getByRole('list', { name: 'Timeline, newest first' });
  await expect(timeline.getByRole('listitem')).toHaveText([
    /^Updated.*Sent; Linq applied it/,
    /^Set up.*Sent; Linq applied it/,
  ]);
  await expect(acmeDetail).toContainText('None (iPhones show the initials)');
  await screenshotEveryWay(app, 'i15-history-initials-timeline');

  // The detail shows the photo itself, not "Photo: Yes".
  await list.getByRole('option').filter({ hasText: 'Photo Shop' }).click();
  const photoDetail = page.getByRole('region', { name: '+1 415 555 0133' });
  const photo = photoDetail.getByRole('img', { name: 'Photo on the card of Photo Shop' });
  await expect(photo).toBeVisible();
  expect(await photo.getAttribute('src')).toMatch(/^blob:/);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(photoDetail).not.toContainText('Yes');
  await screenshotEveryWay(app, 'i15-history-detail-photo');

  // A search that finds nothing offers to clear it, and clearing it brings every card back.
  const search = page.getByRole('searchbox', { name: 'Search names and numbers' });
  await search.fill('nobody by this name');
  await expect(page.getByText('No cards match “nobody by this name”.')).toBeVisible();
  await screenshotEveryWay(app, 'i15-history-no-match');
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(search).toHaveValue('');
  await expect(search).toBeFocused();
  await expect(list.getByRole('option')).toHaveCount(2);

  // The account's lines that have no card yet: the to-do, each with Set up.
  await page.getByLabel('Show').selectOption('no-card');
  const todo = page.getByRole('list', { name: 'Lines without a card' });
  // The fake's own line and the two added without a card; not the two that have one.
  await expect(todo.getByRole('listitem')).toHaveCount(3);
  await expect(todo).toContainText('+1 415 555 0134');
  await expect(todo).toContainText('+1 415 555 0135');
  await expect(todo).not.toContainText('+1 415 555 0132');
  await expect(page.locator('.view-lead')).toContainText('3 lines without a card');
  await screenshotEveryWay(app, 'i15-history-no-card');
  await todo.getByRole('button', { name: 'Set up a card for +1 415 555 0135' }).click();
  await expect(page.getByRole('heading', { name: 'New contact card' })).toBeVisible();
  await expect(page.getByLabel('Phone number')).toHaveValue(/415.*555.*0135/);
  await page.getByLabel('First name').fill('Fifth');
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  expect(fake.cards.get('+14155550135')?.first_name).toBe('Fifth');
  // Done: off the to-do.
  await page.keyboard.press('Control+3');
  await expect(todo.getByRole('listitem')).toHaveCount(2);
  await expect(todo).not.toContainText('+1 415 555 0135');
});
