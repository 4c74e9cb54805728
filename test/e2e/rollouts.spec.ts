// Held and scheduled changes in the Outbox, as staff see them: an import sent to one line
// first waits for "Send the rest" (and sends it), a scheduled change shows its time in this
// computer's zone with the zone named, and a schedule whose time passed while the app was not
// running is announced on every screen before anything of it is sent. The Import screen's own
// options come later: these rollouts are made through the page's bridge, as Import will.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { LinqApi } from '../../shared/bridge.ts';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount } from './support.ts';

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
  // Made two hours ago (by the app's clock) for one hour later; the app was closed since.
  await writeFile(CLOCK_FILE, String(-2 * HOUR));
  await app.restartMain();
  await scheduleChange(page, Date.now() - HOUR, 'Missed');
  await writeFile(CLOCK_FILE, '0');
  await app.restartMain();

  const notice = page.locator('.late-schedule-notice');
  await expect(notice).toContainText('is 1 h late because the app was not running');
  await expect(notice).toContainText(/It will be sent at .* unless you cancel\./);
  await screenshotEveryWay(app, '71-late-schedule-notice');

  await notice.getByRole('button', { name: 'Cancel' }).click();
  await expect(notice).toHaveCount(0);
  expect(fake.cards.has(SCHEDULED)).toBe(false);
  expect(fake.ledger.filter((entry) => entry.phoneNumber === SCHEDULED)).toEqual([]);
});
