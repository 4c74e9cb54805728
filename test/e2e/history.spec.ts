// The history end to end in the browser host: cards set up here and found at Linq, search as
// you type, filter, the detail with its timeline, an edit sent through the outbox as a PATCH
// of what changed, a refresh from Linq, and the CSV export.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures.ts';
import { connectAccount, fillCard, openNewCard } from './support.ts';

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
  await expect(timeline.getByRole('listitem')).toHaveText([
    /Set up/,
    /Attempt.*Sent; Linq applied it/,
    /Saved to send.*Set-up saved to send/,
  ]);
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
