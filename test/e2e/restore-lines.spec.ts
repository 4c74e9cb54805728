// Restoring several lines to an earlier time end to end in the browser host: four cards Linq
// had; after a moment three are changed by hand, card by card, and a fifth line is set up. From
// History, "Restore lines to an earlier time…" takes the moment between, counts what happens
// (three go back, one is already as then, one had no card then and is left alone), then the
// restore runs to its summary on the Import screen, and the fake received exactly the fields
// that differ, line by line. Driven by the keyboard, audited light and dark.
import type { LinqApi } from '../../shared/bridge.ts';
import { audit } from './axe-audit.ts';
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount } from './support.ts';

const [DOWNTOWN, HARBOUR, UPTOWN, QUIET, LATE] = [
  '+14155550132',
  '+14155550133',
  '+12125550100',
  '+16175550104',
  '+16175550105',
];

/** A change made through the page's bridge (the form's own path is covered elsewhere). */
async function change(app: AppUnderTest, name: 'setupCard' | 'updateCard', card: object) {
  const ok = await app.page.evaluate(
    ({ name, card }) =>
      (window as unknown as { linq: LinqApi }).linq[name](card as never).then((r) => r.ok),
    { name, card },
  );
  expect(ok).toBe(true);
}

/** The datetime-local value of the minute after now, and waits until that minute has begun. */
async function nextMinute(app: AppUnderTest): Promise<string> {
  const { value, waitMs } = await app.page.evaluate(() => {
    const d = new Date();
    d.setSeconds(0, 0);
    d.setMinutes(d.getMinutes() + 1);
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      value: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`,
      waitMs: d.getTime() - Date.now() + 250,
    };
  });
  await app.page.waitForTimeout(waitMs);
  return value;
}

test('lines changed by hand go back to an earlier time, each with only what differs', async ({
  app,
}) => {
  test.setTimeout(150_000);
  const { page, fake } = app;
  fake.seedCard({ phone_number: DOWNTOWN, first_name: 'Downtown', last_name: 'Pharmacy' });
  fake.seedCard({ phone_number: HARBOUR, first_name: 'Harbour', last_name: 'Pharmacy' });
  fake.seedCard({ phone_number: UPTOWN, first_name: 'Uptown', last_name: 'Pharmacy' });
  fake.seedCard({ phone_number: QUIET, first_name: 'Quiet', last_name: 'Pharmacy' });
  await connectAccount(app);
  await page.keyboard.press('Control+3');
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  await expect(page.getByText(/Synced/)).toBeVisible();

  // The moment: the minute after the cards were read (the field has minute steps).
  const moment = await nextMinute(app);
  await change(app, 'updateCard', { phoneNumber: DOWNTOWN, firstName: 'Zen Downtown' });
  await change(app, 'updateCard', { phoneNumber: HARBOUR, lastName: 'Health' });
  await change(app, 'updateCard', { phoneNumber: UPTOWN, firstName: 'Zen', lastName: 'Health' });
  await change(app, 'setupCard', { phoneNumber: LATE, firstName: 'Zen', lastName: 'New' });
  await expect.poll(() => fake.cards.get(LATE)?.first_name).toBe('Zen');
  await expect.poll(() => fake.cards.get(UPTOWN)?.last_name).toBe('Health');
  await expect(
    page.getByRole('listbox', { name: 'Cards, 5 in all, latest change first' }),
  ).toBeVisible();

  const open = page.getByRole('button', { name: 'Restore lines to an earlier time…' });
  await screenshotEveryWay(app, 'i17-restore-lines-history');
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Restore lines to an earlier time' });
  await expect(dialog).toContainText('The 5 lines the History list shows go back to their cards');
  const when = dialog.getByLabel('Go back to how the cards were at');
  await expect(when).toBeFocused();
  await expect(dialog).toContainText(/[A-Za-z_]+\/?[A-Za-z_]* time/);
  // A moment to come is refused where it is typed, and nothing is asked of main.
  const future = await page.evaluate(() => {
    const d = new Date(Date.now() + 2 * 3_600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  });
  await when.fill(future);
  await expect(dialog.getByRole('alert')).toContainText('Choose a time that has passed');
  await when.fill(moment);
  await expect(dialog).toContainText('3 cards go back to how they were then');
  await expect(dialog).toContainText('1 card is already as it was then: nothing is sent for it');
  await expect(dialog).toContainText('1 line had no card then: left alone');
  await expect(dialog.getByRole('checkbox', { name: 'Send to one line first' })).not.toBeChecked();
  const send = dialog.getByRole('button', { name: 'Restore: send 3 cards back' });
  await expect(send).toBeVisible();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await audit(page), `restore lines dialog, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshotEveryWay(app, 'i17-restore-lines-dialog');

  const writesBefore = fake.requests.length;
  await send.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const summary = page.getByRole('heading', { name: 'Restore summary' });
  await expect(summary).toBeFocused({ timeout: 30_000 });
  await expect(page.getByText(/^Restore of 3 lines to .*: 5 rows\.$/)).toBeVisible();
  const counts = page.locator('.import-counts');
  await expect(counts).toContainText('Updated3');
  await expect(counts).toContainText('Skipped2');
  const rows = page.getByRole('listbox', { name: /^Rows of the import/ }).getByRole('option');
  await expect(rows.filter({ hasText: 'no way to delete a card' })).toContainText('Zen New');
  await expect(rows.filter({ hasText: 'Already as it was then.' })).toContainText('Quiet');
  await screenshotEveryWay(app, 'i17-restore-lines-summary');

  const patches = fake.requests
    .slice(writesBefore)
    .filter((r) => r.path.endsWith('/contact_card') && r.method !== 'GET');
  expect(
    Object.fromEntries(patches.map((r) => [r.query.phone_number, { [r.method]: r.body }])),
  ).toEqual({
    [DOWNTOWN]: { PATCH: { first_name: 'Downtown' } },
    [HARBOUR]: { PATCH: { last_name: 'Pharmacy' } },
    [UPTOWN]: { PATCH: { first_name: 'Uptown', last_name: 'Pharmacy' } },
  });
  expect(fake.cards.get(LATE)).toMatchObject({ first_name: 'Zen', last_name: 'New' });
});
