// A decision that arrives later (a card submitted offline meets a card already at Linq when
// Linq comes back) is a notice, never a dialog: it must not take the keyboard from whatever the
// user is doing. The dialog opens only from the user's own Review, and closing it gives focus
// back to where it was.
import type { Page } from '@playwright/test';
import { auditBothSchemes } from './axe-audit.ts';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { connectAccount, fillCard, openNewCard, screenshotsEverySize } from './support.ts';

const EXISTING = '+13035550101';

test.beforeEach(({ app }) => {
  app.fake.addPhoneNumber(EXISTING);
  app.fake.addPhoneNumber('+15125550102');
  app.fake.seedCard({
    phone_number: EXISTING,
    first_name: 'Denver',
    last_name: 'Old Store',
    is_active: true,
  });
});

/** Sets up a card for the number that already has one while Linq cannot be reached. */
async function submitOffline(app: AppUnderTest, lastName = 'Store'): Promise<void> {
  const { page, fake } = app;
  await connectAccount(app);
  await openNewCard(app);
  await fake.goOffline();
  await fillCard(app, { firstName: 'Denver', lastName, phone: '(303) 555-0101' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByLabel('First name')).toHaveValue('');
  await expect(page.locator('.outcome')).toContainText('will be sent when Linq can be reached');
}

function outboxNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /Outbox/ });
}

test('a decision arriving while the next card is typed takes none of the typing', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await submitOffline(app);

  // The next card is being typed when Linq comes back and answers 409 for the first.
  const firstName = page.getByLabel('First name');
  await firstName.click();
  await page.keyboard.type('Aus');
  await fake.goOnline();
  const panel = page.locator('.outcome');
  await expect(panel).toContainText('This number already has a card.', { timeout: 15_000 });
  await page.keyboard.type('tin');

  await expect(firstName).toHaveValue('Austin');
  await expect(firstName).toBeFocused();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(outboxNav(page)).toHaveAccessibleName(/1 need attention/);
  // The side panel follows this submission, so the notice at the top does not repeat it.
  await expect(page.getByRole('status', { name: 'Decisions waiting' })).toBeEmpty();
  await screenshotsEverySize(app, '60-decision-while-typing');

  const review = panel.getByRole('button', { name: 'Review the card for +1 303 555 0101' });
  await review.click();
  const dialog = page.getByRole('dialog', { name: '+1 303 555 0101 already has a contact card' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Decide later' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(review).toBeFocused();

  await review.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(review).toBeFocused();
  // Nothing was sent for it meanwhile, and what was typed is still there.
  expect(fake.ledger.filter((effect) => effect.effect === 'card.updated')).toHaveLength(0);
  await expect(firstName).toHaveValue('Austin');
});

test('a decision arriving on another screen is a notice with Review, and Later leaves it to the Outbox', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await submitOffline(app);
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('heading', { name: 'History' })).toBeFocused();

  await fake.goOnline();
  const notices = page.getByRole('status', { name: 'Decisions waiting' });
  await expect(notices).toContainText('+1 303 555 0101 already has a card at Linq.', {
    timeout: 15_000,
  });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'History' })).toBeFocused();
  await expect(outboxNav(page)).toHaveAccessibleName(/1 need attention/);
  // In sight, however far the screen was scrolled.
  await expect(notices.getByRole('button', { name: /^Review/ })).toBeInViewport();
  expect(await auditBothSchemes(page), 'decision notice').toEqual([]);
  await screenshotsEverySize(app, '61-decision-notice');

  const review = notices.getByRole('button', { name: 'Review the card for +1 303 555 0101' });
  await review.click();
  const dialog = page.getByRole('dialog', { name: '+1 303 555 0101 already has a contact card' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(review).toBeFocused();

  await notices.getByRole('button', { name: 'Later' }).click();
  await expect(notices).toBeEmpty();
  await expect(notices).toBeAttached(); // still there, for the next notice to be announced
  // Focus does not fall to the page's body when the notice goes.
  await expect(page.getByRole('heading', { name: 'History' })).toBeFocused();
  await expect(outboxNav(page)).toHaveAccessibleName(/1 need attention/);

  // Decided from the Outbox's row: the row's Review goes with the decision, focus does not.
  await outboxNav(page).click();
  const row = page
    .getByRole('table', { name: 'Submissions not sent yet, oldest first' })
    .getByRole('row')
    .filter({ hasText: '+1 303 555 0101' });
  await row.getByRole('button', { name: 'Review the card for +1 303 555 0101' }).click();
  await dialog.getByRole('button', { name: 'Update the existing card' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Outbox' })).toBeFocused();
  await expect
    .poll(() => fake.cards.get(EXISTING))
    .toMatchObject({ first_name: 'Denver', last_name: 'Store' });
  expect(fake.ledger.filter((effect) => effect.effect === 'card.updated')).toHaveLength(1);
});

test('a setup that meets the very card it asks for is marked as done, and nothing is sent', async ({
  app,
}) => {
  const { page, fake } = app;
  await submitOffline(app, 'Old Store');
  await fake.goOnline();
  const panel = page.locator('.outcome');
  await expect(panel).toContainText('This number already has a card.', { timeout: 15_000 });

  await panel.getByRole('button', { name: 'Review the card for +1 303 555 0101' }).click();
  const dialog = page.getByRole('dialog', { name: '+1 303 555 0101 already has a contact card' });
  // The dialog and main decide with the same rule: both see nothing to update.
  await expect(dialog.getByRole('status')).toContainText('There is nothing to update.');
  await expect(dialog.getByRole('button', { name: 'Update the existing card' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Mark as done' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(outboxNav(page)).not.toHaveAccessibleName(/need attention/);
  expect(fake.ledger.filter((effect) => effect.effect === 'card.updated')).toHaveLength(0);
});
