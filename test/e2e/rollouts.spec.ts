// Held and scheduled changes in the Outbox, as staff see them: an import sent to one line
// first waits for "Send the rest" (and sends it), a scheduled change shows its time in this
// computer's zone with the zone named, and a schedule whose time passed while the app was not
// running is announced on every screen before anything of it is sent. The Outbox's rollouts
// are made through the page's bridge; Import's "How to send" options are driven on its screen.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { LinqApi } from '../../shared/bridge.ts';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount, localInputValue } from './support.ts';

const LINES = ['+13035550111', '+13035550112', '+13035550113', '+13035550114'];
const SCHEDULED = '+13035550120';
const HOUR = 3_600_000;
/** The services' clock offset, read by the headless host at each start. */
const CLOCK_FILE = join(tmpdir(), `linq-e2e-rollout-clock-${process.pid}`);

test.use({ mainEnv: { LINQ_CLOCK_OFFSET_FILE: CLOCK_FILE } });

test.beforeEach(async ({ app }) => {
  await writeFile(CLOCK_FILE, '0');
  for (const line of [...LINES, SCHEDULED]) app.fake.addPhoneNumber(line);
});

/** The request Import's Confirm step will send with "Send to one line first" ticked. */
async function importFirstLineFirst(page: Page): Promise<void> {
  const result = await page.evaluate(
    (lines) =>
      (window as unknown as { linq: LinqApi }).linq.importCards({
        requestId: crypto.randomUUID(),
        fileName: 'stores.csv',
        rows: lines.map((phoneNumber, i) => ({
          line: i + 2,
          action: 'setup' as const,
          phoneNumber,
          firstName: `Store ${i + 1}`,
          lastName: 'Rebrand',
        })),
        skipped: [],
        rollout: { firstLineFirst: true },
      }),
    LINES,
  );
  expect(result.ok).toBe(true);
}

/** A single change set to go at `sendAtMs` (real time), chosen in this computer's zone. */
async function scheduleChange(page: Page, sendAtMs: number, firstName: string): Promise<void> {
  const result = await page.evaluate(
    ({ phoneNumber, sendAtMs, firstName }) =>
      (window as unknown as { linq: LinqApi }).linq.setupCard({
        phoneNumber,
        firstName,
        schedule: {
          sendAt: new Date(sendAtMs).toISOString(),
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        },
      }),
    { phoneNumber: SCHEDULED, sendAtMs, firstName },
  );
  expect(result.ok).toBe(true);
}

function rolloutList(app: AppUnderTest) {
  return app.page.getByRole('list', { name: 'Held and scheduled changes' });
}

/**
 * A change scheduled for an hour ago, made two hours ago by the app's clock, and the app closed
 * in between: on this start its time has passed while nothing ran.
 */
async function missScheduleWhileClosed(app: AppUnderTest): Promise<void> {
  await writeFile(CLOCK_FILE, String(-2 * HOUR));
  await app.restartMain();
  await scheduleChange(app.page, Date.now() - HOUR, 'Missed');
  await writeFile(CLOCK_FILE, '0');
  await app.restartMain();
}

test('one line first is held in the Outbox until Send the rest; a schedule shows its time and zone', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await connectAccount(app);
  await importFirstLineFirst(page);
  await scheduleChange(page, Date.now() + 2 * HOUR, 'Evening');

  await page.keyboard.press('Control+2');
  const held = rolloutList(app).getByRole('listitem').filter({ hasText: 'stores.csv' });
  await expect(held).toContainText(
    'Held: waiting for you to check the first line (+1 303 555 0111) on a phone',
  );
  await expect(held).toContainText('3 held · 1 sent');
  await expect(page.getByText('Held and scheduled changes wait here')).toBeVisible();
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const scheduled = rolloutList(app).getByRole('listitem').filter({ hasText: '+1 303 555 0120' });
  await expect(scheduled).toContainText(new RegExp(`Scheduled for .*\\(${zone}\\)`));
  await expect(scheduled.getByRole('button', { name: 'Send now' })).toBeVisible();
  expect([...fake.cards.keys()].filter((n) => LINES.includes(n))).toEqual([LINES[0]]);
  await screenshotEveryWay(app, '70-outbox-rollouts');

  await held.getByRole('button', { name: 'Send the rest' }).click();
  await expect(held).toHaveCount(0);
  await expect.poll(() => LINES.filter((n) => fake.cards.has(n)).length).toBe(4);
  // The schedule still waits for its time.
  await expect(scheduled).toBeVisible();
  expect(fake.cards.has(SCHEDULED)).toBe(false);
});

test('a schedule missed while the app was closed is announced before anything is sent', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await connectAccount(app);
  await missScheduleWhileClosed(app);

  const notice = page.locator('.late-schedule-notice');
  await expect(notice).toContainText('is 1 h late because the app was not running');
  await expect(notice).toContainText(/It will be sent at .* unless you cancel\./);
  await screenshotEveryWay(app, '71-late-schedule-notice');

  await notice.getByRole('button', { name: 'Cancel' }).click();
  await expect(notice).toHaveCount(0);
  expect(fake.cards.has(SCHEDULED)).toBe(false);
  expect(fake.ledger.filter((entry) => entry.phoneNumber === SCHEDULED)).toEqual([]);
});

/** From the Import screen's paste box to its Confirm step, with three of the lines. */
async function pasteAndConfirm(page: Page): Promise<void> {
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { name: 'Import cards' })).toBeFocused();
  const rows = [['Phone', 'First name'], ...LINES.slice(0, 3).map((n, i) => [n, `Store ${i + 1}`])];
  await page
    .getByLabel('Or paste rows copied from a spreadsheet')
    .fill(rows.map((cells) => cells.join('\t')).join('\n'));
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  await page.getByRole('button', { name: 'Preview the rows' }).click();
  await expect(page.getByText('Looking up which numbers already have a card')).toHaveCount(0);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeFocused();
}

test('Import with "Send to one line first" sends one card; Send the rest in the Outbox sends the others', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await connectAccount(app);
  await pasteAndConfirm(page);

  const options = page.getByRole('group', { name: 'How to send' });
  await expect(options).toContainText('the rest wait in the Outbox until you have checked it');
  await options.getByRole('checkbox', { name: 'Send to one line first' }).check();
  await expect(options.getByRole('radio', { name: 'Now' })).toBeChecked();
  await screenshotEveryWay(app, '72-import-send-options');
  await page.getByRole('button', { name: 'Import 3 cards' }).click();

  await expect(page.getByRole('heading', { name: 'Sending the cards' })).toBeFocused();
  const note = page.locator('.import-held-note');
  await expect(note).toContainText('2 changes are held in the Outbox');
  await expect.poll(() => LINES.filter((n) => fake.cards.has(n))).toEqual([LINES[0]]);
  await screenshotEveryWay(app, '73-import-held-progress');

  await note.getByRole('button', { name: 'Go to the Outbox' }).click();
  const held = rolloutList(app).getByRole('listitem').filter({ hasText: 'Pasted rows' });
  await expect(held).toContainText('2 held · 1 sent');
  await held.getByRole('button', { name: 'Send the rest' }).click();
  await expect(held).toHaveCount(0);
  await expect.poll(() => LINES.slice(0, 3).filter((n) => fake.cards.has(n)).length).toBe(3);
  expect(fake.cards.has(LINES[3]!)).toBe(false);
});

test('Import at a chosen time refuses a time passed, and the Outbox shows the schedule with its zone', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.setViewportSize({ width: 900, height: 700 });
  await connectAccount(app);
  await pasteAndConfirm(page);
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);

  const options = page.getByRole('group', { name: 'How to send' });
  await options.getByRole('radio', { name: 'At a chosen time' }).check();
  const sendAt = options.getByLabel('Send at');
  await expect(options).toContainText(`${zone} time`);
  await sendAt.fill(await localInputValue(page, -2 * HOUR));
  await expect(options.getByRole('alert')).toHaveText(
    'The chosen time has passed. Choose a later time, or send now.',
  );
  await screenshotEveryWay(app, '74-import-schedule-past');
  await page.getByRole('button', { name: 'Import 3 cards' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm the import' })).toBeVisible();
  // Said once, where the time is; the button's error only points there.
  await expect(page.getByText('The chosen time has passed.', { exact: false })).toHaveCount(1);
  await expect(page.getByText('Nothing was sent: check the time')).toBeVisible();

  await sendAt.fill(await localInputValue(page, HOUR));
  await expect(options.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Import 3 cards' }).click();
  const note = page.locator('.import-held-note');
  await expect(note).toContainText(new RegExp(`3 changes are scheduled for .*\\(${zone}\\)`));

  await note.getByRole('button', { name: 'Go to the Outbox' }).click();
  const scheduled = rolloutList(app).getByRole('listitem').filter({ hasText: 'Pasted rows' });
  await expect(scheduled).toContainText(new RegExp(`Scheduled for .*\\(${zone}\\)`));
  await screenshotEveryWay(app, '75-outbox-import-scheduled');
  expect(LINES.filter((n) => fake.cards.has(n))).toEqual([]);
});

test('with the late limit set to 0 in Settings, a missed schedule waits for the user', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.setViewportSize({ width: 900, height: 700 });
  await connectAccount(app);
  await page.keyboard.press('Control+4');
  const limit = page.getByLabel('Send late schedules for up to (hours)');
  await expect(limit).toHaveValue('12');
  await limit.fill('1.5');
  await expect(page.getByText('Enter a whole number of hours, from 0 to 168.')).toBeVisible();
  await limit.fill('0');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Preferences saved.')).toBeVisible();
  await screenshotEveryWay(app, '76-settings-late-limit');

  await missScheduleWhileClosed(app);

  const notice = page.locator('.late-schedule-notice');
  await expect(notice).toContainText('more than 0 h late, so nothing is sent until you choose');
  await page.keyboard.press('Control+4');
  await expect(limit).toHaveValue('0');
  expect(fake.cards.has(SCHEDULED)).toBe(false);
});
