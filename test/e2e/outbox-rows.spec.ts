// What an Outbox row tells the people at the desk: a refused card says Linq's reason in its
// row and offers Edit (which marks the refused detail), not a Retry that cannot work; an update
// shows the whole card it makes, with what changed beside it; one word for one situation; and
// the two tables' columns line up.
import type { Locator, Page } from '@playwright/test';
import { auditBothSchemes } from './axe-audit.ts';
import { expect, test } from './fixtures.ts';
import { connectAccount, fillCard, openNewCard, screenshotsEverySize } from './support.ts';

const LINE = '+13035550101';
const SHOWN = '+1 303 555 0101';

test.beforeEach(({ app }) => {
  app.fake.addPhoneNumber(LINE);
  app.fake.addPhoneNumber('+15125550102');
});

function openRows(page: Page): Locator {
  return page
    .getByRole('table', { name: 'Submissions not sent yet, oldest first' })
    .getByRole('row');
}

test('a refused card gives Linq’s reason in its row, no Retry, and Edit marks the refused detail', async ({
  app,
}) => {
  const { page, fake } = app;
  await connectAccount(app);
  await openNewCard(app);
  fake.failNext(1, {
    status: 400,
    path: '/v3/contact_card',
    method: 'POST',
    body: {
      success: false,
      error: { status: 400, code: 1005, message: 'last_name must be at most 25 characters' },
      trace_id: 'trace-e2e-last-name',
    },
  });
  await fillCard(app, {
    firstName: 'Denver',
    lastName: 'Store Downtown Lakeside Center',
    phone: '(303) 555-0101',
  });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.locator('.outcome')).toContainText('was not set up');
  // The form's side panel is gone: the Outbox alone must still say why.
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await page.keyboard.press('Control+2');
  const row = openRows(page).filter({ hasText: SHOWN });
  await expect(row).toContainText(
    'Linq refused the last name: “last_name must be at most 25 characters”.',
  );
  await expect(row).toContainText('Reference for support: trace-e2e-last-name');
  await expect(row.getByRole('button', { name: /Retry/ })).toHaveCount(0);
  await expect(row.getByRole('button', { name: `Cancel ${SHOWN}` })).toBeVisible();
  expect(await auditBothSchemes(page), 'refused row').toEqual([]);
  await screenshotsEverySize(app, '62-outbox-refused');

  // History's detail of the card offers no Retry either: only Edit can fix it.
  await page.keyboard.press('Control+3');
  await page.getByRole('option').filter({ hasText: SHOWN }).click();
  const detail = page.getByRole('region', { name: SHOWN });
  await expect(detail.getByRole('button', { name: 'Edit' })).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Retry' })).toHaveCount(0);

  await page.keyboard.press('Control+2');
  await row.getByRole('button', { name: 'Edit' }).click();
  const lastName = page.getByLabel('Last name');
  await expect(lastName).toHaveValue('Store Downtown Lakeside Center');
  await expect(lastName).toHaveAttribute('aria-invalid', 'true');
  await expect(lastName).toHaveAccessibleDescription(
    /Linq refused this: “last_name must be at most 25 characters”/,
  );
  await expect(page.getByLabel('First name')).toHaveAttribute('aria-invalid', 'false');
  expect(await auditBothSchemes(page), 'refused detail marked').toEqual([]);
  await screenshotsEverySize(app, '63-edit-refused-detail');

  await lastName.fill('Store');
  await expect(lastName).toHaveAttribute('aria-invalid', 'false');
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  expect(fake.cards.get(LINE)).toMatchObject({ first_name: 'Denver', last_name: 'Store' });
  expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(1);
});

test('an update shows the whole card it makes, with what changed beside it', async ({ app }) => {
  const { page, fake } = app;
  fake.seedCard({ phone_number: LINE, first_name: 'Harbor', last_name: 'Front Desk' });
  await connectAccount(app);
  await fake.goOffline();
  // From the history (the sync on connecting found the line's card): edit the last name.
  await page.keyboard.press('Control+3');
  await page.getByRole('option').filter({ hasText: SHOWN }).click();
  await page.getByRole('region', { name: SHOWN }).getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Last name').fill('Help Desk');
  await page.getByRole('button', { name: 'Submit the update' }).click();
  await expect(page.getByLabel('Last name')).toHaveValue('');

  await page.keyboard.press('Control+2');
  const row = openRows(page).filter({ hasText: SHOWN });
  await expect(row.locator('.outbox-card')).toContainText('Harbor Help Desk');
  await expect(row.locator('.outbox-card')).toContainText('changed: last name');
  await screenshotsEverySize(app, '64-outbox-update-whole-card');

  await fake.goOnline();
  const finished = page
    .getByRole('table', { name: 'Recently finished submissions, newest first' })
    .getByRole('row')
    .filter({ hasText: SHOWN });
  await expect(finished).toContainText('Sent', { timeout: 15_000 });
  await expect(finished.locator('.outbox-card')).toContainText('Harbor Help Desk');
  await expect(finished.locator('.outbox-card')).toContainText('changed: last name');
});

test('cards waiting for Linq say "Waiting" alike, never "try again", in columns that line up', async ({
  app,
}) => {
  const { page, fake } = app;
  await connectAccount(app);
  await openNewCard(app);
  await fillCard(app, { firstName: 'Austin', lastName: 'Store', phone: '(512) 555-0102' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();

  // The first card after Linq went away is tried and fails; the second waits for the probe.
  await fake.goOffline();
  await fillCard(app, { firstName: 'Denver', lastName: 'Store', phone: '(303) 555-0101' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('contentinfo')).toContainText('Offline');
  await fillCard(app, { firstName: 'Denver', lastName: 'Again', phone: '(303) 555-0101' });
  await page.getByRole('button', { name: 'Set up card' }).click();

  await page.keyboard.press('Control+2');
  const rows = openRows(page).filter({ hasText: SHOWN });
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Last attempt' })).toHaveCount(1);
  for (const row of await rows.all()) {
    await expect(row.locator('.badge').first()).toHaveText('Waiting');
    await expect(row).not.toContainText(/try again/i);
  }
  await screenshotsEverySize(app, '65-outbox-waiting-columns');

  // The two tables' columns start and end at the same places.
  const edges = (name: RegExp) =>
    page
      .getByRole('table', { name })
      .locator('thead th')
      .evaluateAll((cells) =>
        cells.map((cell) => {
          const box = cell.getBoundingClientRect();
          return [Math.round(box.left), Math.round(box.width)];
        }),
      );
  for (const [width, height] of [
    [1280, 800],
    [900, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    expect(await edges(/^Submissions not sent yet/)).toEqual(
      await edges(/^Recently finished submissions/),
    );
  }
});
