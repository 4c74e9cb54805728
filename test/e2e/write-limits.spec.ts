// Linq's own limits, as staff see them: a line's fourth change in 10 minutes waits and the app
// says until when (outbox row, the form's panel); changes that wait behind each other are
// combined into one request and both sides say so; a 503/4004 puts the line on hold, Retry now
// cannot shorten it, and a card Linq keeps not active ends with a plain question.
import type { Page } from '@playwright/test';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { connectAccount, screenshotsEverySize } from './support.ts';

const LINE = '+13035550101';
const SHOWN = '+1 303 555 0101';

test.beforeEach(({ app }) => {
  app.fake.addPhoneNumber(LINE);
  app.fake.seedCard({ phone_number: LINE, first_name: 'Denver', last_name: 'Store' });
});

/** From the history (the sync on connecting found the line's card): edit, change, submit. */
async function submitUpdate(app: AppUnderTest, lastName: string): Promise<void> {
  const { page } = app;
  await page.keyboard.press('Control+3');
  await page.getByRole('option').filter({ hasText: SHOWN }).click();
  await page.getByRole('region', { name: SHOWN }).getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Last name').fill(lastName);
  await page.getByRole('button', { name: 'Submit the update' }).click();
  await expect(page.getByLabel('Last name')).toHaveValue('');
}

function panel(page: Page) {
  return page.locator('.outcome');
}

/** The times a wait of about `minutes` from now may show, in the page's locale ("14:20"). */
async function clockTimesAround(page: Page, minutes: number): Promise<string[]> {
  return page.evaluate((minutes) => {
    const format = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
    const now = Date.now();
    return [-1, 0, 1].map((m) => format.format(now + (minutes + m) * 60_000));
  }, minutes);
}

test.describe('with Linq’s budget of 3 changes per 10 minutes', () => {
  test.use({ mainEnv: { LINQ_WRITE_BUDGET: '3,600000' } });

  test('a line’s fourth change waits and says until when; later ones go with it', async ({
    app,
  }) => {
    const { page, fake } = app;
    fake.setWriteBudget({ limit: 3, windowMs: 600_000 });
    await page.setViewportSize({ width: 1280, height: 800 });
    await connectAccount(app);

    for (const name of ['One', 'Two', 'Three']) {
      await submitUpdate(app, name);
      await expect(panel(page)).toContainText('Card updated');
    }
    const patches = () => fake.requests.filter((r) => r.method === 'PATCH').length;
    expect(patches()).toBe(3);

    // The fourth: kept back by the app itself, with the time it goes.
    await submitUpdate(app, 'Four');
    await expect(panel(page)).toContainText(`Card for ${SHOWN} saved — waiting for Linq’s limit`);
    await expect(panel(page)).toContainText(
      'This line has had 3 changes in the last 10 minutes, Linq’s limit.',
    );
    const goes = (await panel(page).locator('.outcome-when strong').textContent()) ?? '';
    expect(await clockTimesAround(page, 10)).toContain(goes);
    await expect(panel(page)).toContainText(`This change is sent at ${goes}`);
    await screenshotsEverySize(app, '40-write-budget-form');

    // A fifth change meanwhile goes with it.
    await submitUpdate(app, 'Five');
    await expect(panel(page)).toContainText(
      /Goes with #\d+ at \d{1,2}:\d{2}.*: changes to this line that wait are combined/,
    );
    await expect(panel(page).locator('.outcome-when strong')).toHaveText(goes);

    await page.keyboard.press('Control+2');
    const waiting = page.getByRole('table', { name: 'Submissions not sent yet, oldest first' });
    const fourth = waiting.getByRole('row').filter({ hasText: 'Four' });
    await expect(fourth).toContainText('Waiting for Linq’s limit');
    await expect(fourth).toContainText(`This change is sent at ${goes}`);
    // Retry now could not make it sooner: the row says when the next try is allowed instead.
    await expect(fourth).toContainText(`Next try allowed at ${goes}`);
    await expect(fourth.getByRole('button', { name: /Retry now/ })).toHaveCount(0);
    const fifth = waiting.getByRole('row').filter({ hasText: 'Five' });
    await expect(fifth).toContainText(/Goes with #\d+ at/);
    await expect(fifth).toContainText(`Next try allowed at ${goes}`);
    await expect(fifth.getByRole('button', { name: /Retry now/ })).toHaveCount(0);
    await screenshotsEverySize(app, '41-write-budget-outbox');
    expect(patches()).toBe(3);
    expect(fake.writeLimits).toMatchObject({ budgetRefusals: 0 });
  });
});

test.describe('with a short budget window, a line hold and a card left not active', () => {
  // 3 per 8 seconds, so the held change goes during the test; not-active: 2 tries.
  test.use({ mainEnv: { LINQ_WRITE_BUDGET: '3,8000', LINQ_NOT_ACTIVE: '600000,2' } });

  test('changes waiting behind each other go as one request; both sides say so', async ({
    app,
  }) => {
    test.setTimeout(90_000);
    const { page, fake } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    await connectAccount(app);
    for (const name of ['One', 'Two', 'Three']) {
      await submitUpdate(app, name);
      await expect(panel(page)).toContainText('Card updated');
    }
    // The carrier's answer is held, so the combined changes can be seen while it is out.
    const held = fake.holdAnswerNext({ method: 'PATCH' });
    for (const name of ['Four', 'Five', 'Six']) await submitUpdate(app, name);
    await page.keyboard.press('Control+2');
    const open = page.getByRole('table', { name: 'Submissions not sent yet, oldest first' });
    await held.arrived;
    // The carrier sends the last values (it shows them); the two others joined it.
    const carrier = open.getByRole('row').filter({ hasText: /Sends #\d+, #\d+ with it/ });
    const combined = open.getByRole('row').filter({ hasText: 'Combined with' });
    await expect(combined).toHaveCount(2);
    const ids = (await carrier.locator('.data-table-number .muted').textContent())!.trim();
    const five = combined.filter({ hasText: 'Five' });
    const six = combined.filter({ hasText: 'Six' });
    const fiveId = (await five.locator('.data-table-number .muted').textContent())!.trim();
    const sixId = (await six.locator('.data-table-number .muted').textContent())!.trim();
    await expect(carrier).toContainText(`Sends ${fiveId}, ${sixId} with it as one request.`);
    for (const row of [five, six]) {
      await expect(row).toContainText('Combined');
      await expect(row).toContainText(`Combined with ${ids} — sent as one request.`);
      await expect(row).toContainText(`Goes with ${ids}`);
      await expect(row.getByRole('button', { name: /Cancel/ })).toHaveCount(0);
    }
    await screenshotsEverySize(app, '42-combined-outbox');
    held.release();

    const finished = page.getByRole('table', { name: /Recently finished/ });
    for (const id of [ids, fiveId, sixId]) {
      const number = page.locator('.data-table-number .muted').getByText(id, { exact: true });
      await expect(finished.getByRole('row').filter({ has: number })).toContainText('Sent');
    }
    // One request carried the three changes: the last values.
    const patches = fake.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(4);
    expect(patches[3]!.body).toMatchObject({ last_name: 'Six' });

    // History: the timeline says which submissions were combined into which request.
    await page.keyboard.press('Control+3');
    await page.getByRole('option').filter({ hasText: SHOWN }).click();
    const timeline = page
      .getByRole('region', { name: SHOWN })
      .getByRole('list', { name: 'Timeline, newest first' });
    await expect(
      timeline.getByRole('listitem').filter({ hasText: `Combined into ${ids}: sent as one` }),
    ).toHaveCount(2);
    await expect(
      timeline
        .getByRole('listitem')
        .filter({ hasText: `Sends ${fiveId}, ${sixId} with it as one request` }),
    ).toContainText('Combined into one request');
    await screenshotsEverySize(app, '43-combined-history');
  });

  test('a 503/4004 holds the line until a time Retry cannot shorten; then a question', async ({
    app,
  }) => {
    test.setTimeout(90_000);
    const { page, fake } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    await connectAccount(app);
    fake.limitUpstream(LINE, 600_000);
    await submitUpdate(app, 'Held');
    await expect(panel(page)).toContainText(`Card for ${SHOWN} saved — the line is on hold`);
    await expect(panel(page)).toContainText(
      /Linq is holding back changes to this line until \d{1,2}:\d{2}.*sending sooner would make the hold longer/,
    );
    await expect(panel(page)).toContainText(/Next try allowed at \d{1,2}:\d{2}/);
    await screenshotsEverySize(app, '44-line-hold-form');

    await page.keyboard.press('Control+2');
    const row = page
      .getByRole('table', { name: 'Submissions not sent yet, oldest first' })
      .getByRole('row')
      .filter({ hasText: 'Held' });
    await expect(row).toContainText('Line on hold');
    await expect(row).toContainText(/Next try allowed at \d{1,2}:\d{2}/);
    await expect(row.getByRole('button', { name: /Retry now/ })).toHaveCount(0);
    await screenshotsEverySize(app, '45-line-hold-outbox');
    expect(fake.writeLimits).toMatchObject({ upstreamLimited: 1 });

    // The hold (8 s here) runs out, Linq holds the line again: after 2 tries, a question.
    const dialog = page.getByRole('dialog', { name: /is still not active/ });
    await page.keyboard.press('Control+1');
    // Told in the side panel; the dialog opens only from the user's own Review.
    await panel(page)
      .getByRole('button', { name: /^Review the card for/ })
      .click({ timeout: 30_000 });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Linq keeps this card not active after several tries');
    await expect(dialog.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Leave it as it is' })).toBeVisible();
    await screenshotsEverySize(app, '46-not-active-decision');
    await dialog.getByRole('button', { name: 'Leave it as it is' }).click();
    await expect(dialog).toHaveCount(0);
  });

  test('a card Linq stored but left not active shows its next check in Outbox and History', async ({
    app,
  }) => {
    const { page, fake } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    await connectAccount(app);
    fake.inactiveNext(1);
    await submitUpdate(app, 'Pending');
    await expect(panel(page)).toContainText(`The card for ${SHOWN} is not active yet`);
    await expect(panel(page)).toContainText(/Not active yet — next check at \d{1,2}:\d{2}/);
    // The reason once, in the state's own sentence (not repeated under it).
    const reason = 'Linq stored the card but has not made it active';
    await expect(panel(page)).toContainText(reason);
    expect((await panel(page).innerText()).split(reason)).toHaveLength(2);

    await page.keyboard.press('Control+2');
    const row = page
      .getByRole('table', { name: 'Submissions not sent yet, oldest first' })
      .getByRole('row')
      .filter({ hasText: 'Pending' });
    const next = await clockTimesAround(page, 10);
    await expect(row).toContainText('Not active yet');
    await expect(row).toContainText(
      new RegExp(`Not active yet — next check at (${next.join('|')})`),
    );
    await expect(row).toContainText(reason);
    expect((await row.innerText()).split(reason)).toHaveLength(2);
    await screenshotsEverySize(app, '47-not-active-outbox');

    await page.keyboard.press('Control+3');
    const option = page.getByRole('option').filter({ hasText: SHOWN });
    await expect(option).toContainText('Not active yet');
    await option.click();
    const detail = page.getByRole('region', { name: SHOWN });
    await expect(detail).toContainText(/Not active yet — next check at \d{1,2}:\d{2}/);
    await expect(detail).toContainText('Linq stored the card but has not made it active');
    await screenshotsEverySize(app, '48-not-active-history');
  });
});
