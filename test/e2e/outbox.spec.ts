// Working offline end to end: with the fake Linq API refusing connections, cards submitted in
// the browser are kept in main's outbox and shown as waiting; once the API is back they are
// sent without the user touching anything, and the history shows them active.
import { expect, test } from './fixtures.ts';
import { connectAccount, fillCard, openNewCard } from './support.ts';

const CARDS = [
  { firstName: 'Denver', lastName: 'Store', phone: '(303) 555-0101', e164: '+13035550101' },
  { firstName: 'Austin', lastName: 'Store', phone: '(512) 555-0102', e164: '+15125550102' },
  { firstName: 'Boston', lastName: 'Store', phone: '(617) 555-0103', e164: '+16175550103' },
];

// They are the account's own lines (a number that is not asks for a confirmation first).
test.beforeEach(({ app }) => {
  for (const card of CARDS) app.fake.addPhoneNumber(card.e164);
});

test('cards submitted offline wait in the outbox and are sent when Linq is back', async ({
  app,
}) => {
  const { page, fake } = app;
  await connectAccount(app);
  await openNewCard(app);
  await fake.goOffline();

  for (const card of CARDS) {
    await fillCard(app, card);
    await page.getByRole('button', { name: 'Set up card' }).click();
    // Saved at once: the form is empty again for the next card.
    await expect(page.getByLabel('First name')).toHaveValue('');
  }
  const statusBar = page.getByRole('contentinfo', { name: 'Connection and outbox' });
  await expect(statusBar).toContainText('Offline — Linq cannot be reached');
  await expect(statusBar).toContainText('3 waiting');
  await expect(page.locator('.outcome')).toContainText('will be sent when Linq can be reached');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /Outbox/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
  const waiting = page.getByRole('table', { name: 'Submissions not sent yet, oldest first' });
  for (const card of CARDS) {
    await expect(waiting.getByRole('row').filter({ hasText: card.firstName })).toContainText(
      'Saved — will be sent when Linq can be reached again.',
    );
  }
  await app.screenshot('14-outbox-offline');
  expect(fake.ledger).toHaveLength(0);

  await fake.goOnline();
  // No click: the reachability probe notices, and the outbox drains by itself.
  const finished = page.getByRole('table', { name: 'Recently finished submissions, newest first' });
  for (const card of CARDS) {
    await expect(finished.getByRole('row').filter({ hasText: card.firstName })).toContainText(
      'Sent',
      { timeout: 10_000 },
    );
  }
  await expect(statusBar).toContainText('Online');
  await expect(statusBar).toContainText('Nothing waiting');
  await app.screenshot('15-outbox-sent');

  expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(3);
  for (const card of CARDS) {
    expect(fake.cards.get(card.e164)).toMatchObject({ first_name: card.firstName });
  }
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'History' })
    .click();
  for (const card of CARDS) {
    await expect(page.getByRole('option').filter({ hasText: card.firstName })).toContainText(
      'Active',
    );
  }
});

test('a waiting card can be cancelled after confirming, and is never sent', async ({ app }) => {
  const { page, fake } = app;
  await connectAccount(app);
  await openNewCard(app);
  await fake.goOffline();
  await fillCard(app, CARDS[0]!);
  await page.getByRole('button', { name: 'Set up card' }).click();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /Outbox/ })
    .click();
  await expect(page.getByRole('contentinfo')).toContainText('Offline');

  await page.getByRole('button', { name: 'Cancel +1 303 555 0101' }).click();
  const dialog = page.getByRole('dialog', { name: /Cancel the card for/ });
  await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(
    page
      .getByRole('table', { name: /Recently finished/ })
      .getByRole('row')
      .filter({ hasText: 'Denver' }),
  ).toContainText('Cancelled');

  await fake.goOnline();
  await page.getByRole('contentinfo').getByRole('button', { name: 'Try now' }).click();
  await expect(page.getByRole('contentinfo')).toContainText('Online');
  // A card submitted after it is sent; the cancelled one, earlier in the queue, never was.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'New card' })
    .click();
  await fillCard(app, CARDS[1]!);
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  const posts = fake.requests.filter((r) => r.method === 'POST');
  expect(posts.map((r) => (r.body as { phone_number: string }).phone_number)).toEqual([
    CARDS[1]!.e164,
  ]);
});
