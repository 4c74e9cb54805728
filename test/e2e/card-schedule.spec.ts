// A single change from the card form set to go at a chosen time, as staff do it: "When to send"
// under the fields, a time refused once it has passed (said under the field, focus there), and
// after submitting a panel that says it is scheduled, not sent. Nothing reaches Linq until
// "Send now" in the Outbox (then exactly one request); "Cancel" there means nothing is sent.
import type { Page } from '@playwright/test';
import { auditBothSchemes } from './axe-audit.ts';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount, fillCard, localInputValue, openNewCard } from './support.ts';

const NEW_LINE = '+13035550130';
const NEW_SHOWN = '+1 303 555 0130';
const CARD_LINE = '+13035550131';
const CARD_SHOWN = '+1 303 555 0131';
const HOUR = 3_600_000;

test.use({
  fakeOptions: {
    initialCards: [
      { phone_number: CARD_LINE, first_name: 'Denver', last_name: 'Store', is_active: true },
    ],
  },
});

test.beforeEach(async ({ app }) => {
  // Lines of the account, so no "not one of your lines" question comes in between.
  app.fake.addPhoneNumber(NEW_LINE);
  app.fake.addPhoneNumber(CARD_LINE);
  await connectAccount(app);
  await openNewCard(app);
});

const zoneOf = (page: Page) =>
  page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

/** Card writes the fake Linq received for `phoneNumber` (a setup's number is in its body). */
function writesFor(app: AppUnderTest, method: 'POST' | 'PATCH', phoneNumber: string) {
  return app.fake.requests.filter(
    (r) =>
      r.method === method &&
      r.path.endsWith('/v3/contact_card') &&
      (r.query.phone_number === phoneNumber ||
        (r.body as { phone_number?: string } | undefined)?.phone_number === phoneNumber),
  );
}

function whenToSend(page: Page) {
  return page.getByRole('group', { name: 'When to send' });
}

function rolloutRow(page: Page, shown: string) {
  return page
    .getByRole('list', { name: 'Held and scheduled changes' })
    .getByRole('listitem')
    .filter({ hasText: shown });
}

test('a card set up for an hour ahead waits in the Outbox; Send now sends it once', async ({
  app,
}) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  const zone = await zoneOf(page);
  await fillCard(app, { firstName: 'Evening', lastName: 'Desk', phone: NEW_SHOWN });

  const when = whenToSend(page);
  await expect(when.getByRole('radio', { name: 'Now' })).toBeChecked();
  // From the keyboard, as radios go: the arrow moves to the other choice.
  await when.getByRole('radio', { name: 'Now' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(when.getByRole('radio', { name: 'At a chosen time' })).toBeChecked();
  await expect(when).toContainText(`${zone} time`);
  const sendAt = when.getByLabel('Send at');
  const submit = page.getByRole('button', { name: 'Schedule the card' });

  // No time yet: asked for under the field, the focus there, nothing sent.
  await submit.click();
  await expect(when.getByRole('alert')).toHaveText('Choose the date and time to send at.');
  await expect(sendAt).toBeFocused();

  // A time that has passed: refused the same way.
  await sendAt.fill(await localInputValue(page, -2 * HOUR));
  await expect(when.getByRole('alert')).toHaveText(
    'The chosen time has passed. Choose a later time, or send now.',
  );
  await page.getByLabel('First name').focus();
  await submit.click();
  await expect(sendAt).toBeFocused();
  await expect(sendAt).toHaveAttribute('aria-invalid', 'true');
  expect(writesFor(app, 'POST', NEW_LINE)).toEqual([]);

  await sendAt.fill(await localInputValue(page, HOUR));
  await expect(when.getByRole('alert')).toHaveCount(0);
  expect(await auditBothSchemes(page)).toEqual([]);
  await screenshotEveryWay(app, '80-card-schedule-form');

  await submit.click();
  const panel = page.getByRole('status').filter({ hasText: 'scheduled — not sent yet' });
  await expect(panel).toContainText(`Card for ${NEW_SHOWN} scheduled — not sent yet`);
  await expect(panel).toContainText(new RegExp(`Goes to Linq at .*\\(${zone}\\)`));
  await expect(panel).toContainText('waits in the Outbox under “Held and scheduled”');
  // The next card goes now again, and the form is empty for it.
  await expect(when.getByRole('radio', { name: 'Now' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Set up card' })).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('');
  await screenshotEveryWay(app, '81-card-scheduled-outcome');
  expect(writesFor(app, 'POST', NEW_LINE)).toEqual([]);
  // Held items are not among the outbox's counts; the status bar still says one is held.
  const statusBar = page.getByRole('contentinfo', { name: 'Connection and outbox' });
  await expect(statusBar).toContainText('1 held or scheduled');

  await panel.getByRole('button', { name: 'Go to the Outbox' }).click();
  const row = rolloutRow(page, NEW_SHOWN);
  await expect(row).toContainText(new RegExp(`Scheduled for .*\\(${zone}\\)`));
  expect(writesFor(app, 'POST', NEW_LINE)).toEqual([]);

  await row.getByRole('button', { name: 'Send now' }).click();
  await expect(row).toHaveCount(0);
  await expect.poll(() => app.fake.cards.get(NEW_LINE)?.first_name).toBe('Evening');
  await expect(statusBar).not.toContainText('held or scheduled');
  expect(writesFor(app, 'POST', NEW_LINE)).toHaveLength(1);

  // Back on the form, its panel has followed the card to Linq.
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('status').filter({ hasText: 'Card is active on' })).toBeVisible();
  expect(writesFor(app, 'POST', NEW_LINE)).toHaveLength(1);
});

test('an update scheduled from the form and cancelled in the Outbox sends nothing', async ({
  app,
}) => {
  const { page } = app;
  await page.setViewportSize({ width: 900, height: 700 });
  const zone = await zoneOf(page);
  // Choosing the line with a card loads it: the form edits that card.
  const phone = page.getByRole('combobox', { name: 'Phone number' });
  await phone.fill('0131');
  await expect(page.getByRole('option').filter({ hasText: 'Denver Store' })).toBeVisible();
  await phone.press('ArrowDown');
  await phone.press('Enter');
  await expect(page.getByRole('heading', { name: `Edit card for ${CARD_SHOWN}` })).toBeVisible();
  await page.getByLabel('Last name').fill('Downtown');

  const when = whenToSend(page);
  await when.getByRole('radio', { name: 'At a chosen time' }).check();
  const sendAt = when.getByLabel('Send at');
  const submit = page.getByRole('button', { name: 'Schedule the update' });
  // Refused, at the small window's size the reason is in view, not under the sticky bar.
  await sendAt.fill(await localInputValue(page, -HOUR));
  await page.getByLabel('Last name').focus();
  await page.mouse.wheel(0, -2000);
  await submit.click();
  await expect(sendAt).toBeFocused();
  const reason = await when.getByRole('alert').boundingBox();
  const bar = await page.locator('.card-form .form-actions').boundingBox();
  expect(reason!.y + reason!.height).toBeLessThanOrEqual(bar!.y);
  expect(writesFor(app, 'PATCH', CARD_LINE)).toEqual([]);

  await sendAt.fill(await localInputValue(page, HOUR));
  await submit.click();

  const panel = page.getByRole('status').filter({ hasText: 'scheduled — not sent yet' });
  await expect(panel).toContainText(
    `Update of the card for ${CARD_SHOWN} scheduled — not sent yet`,
  );
  await expect(panel).toContainText(new RegExp(`Goes to Linq at .*\\(${zone}\\)`));
  await panel.getByRole('button', { name: 'Go to the Outbox' }).click();

  const row = rolloutRow(page, CARD_SHOWN);
  await expect(row).toContainText(new RegExp(`Scheduled for .*\\(${zone}\\)`));
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toHaveCount(0);

  // The form's panel no longer says it is waiting; Linq's card is as it was.
  await page.keyboard.press('Control+1');
  await expect(page.getByText('scheduled — not sent yet')).toHaveCount(0);
  expect(writesFor(app, 'PATCH', CARD_LINE)).toEqual([]);
  expect(app.fake.cards.get(CARD_LINE)?.last_name).toBe('Store');
});
