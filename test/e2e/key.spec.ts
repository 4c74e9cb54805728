// First run and the API key: the app opens on the key settings with the caret in the key
// field, checks a key with Linq before it stores it, keeps a working key when a new one is
// refused, and the status bar says what stops the app from connecting.
import { expect, test } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { fillCard, openNewCard } from './support.ts';

const WRONG_KEY = 'linq_wrong_key_0000000099';

test('first run opens on the key settings, and a good key gets verified', async ({ app }) => {
  const { page, fake } = app;
  await expect(page.getByRole('heading', { name: 'Connect your Linq account' })).toBeVisible();
  await expect(page.getByRole('button', { name: /No key/ })).toBeVisible();
  // The one thing to do on a first start: the caret is already there.
  await expect(page.getByLabel('Linq API key')).toBeFocused();
  // No key: nothing can connect, and the status bar says what to do instead of "Connecting…".
  const statusBar = page.getByRole('contentinfo');
  await expect(statusBar).toContainText('Not connected: add your API key');
  await expect(statusBar).not.toContainText('Connecting');
  await app.screenshot('01-first-run-no-key');
  await screenshotEveryWay(app, 'i15-first-run-no-key');

  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  const verified = page.getByText('Key verified');
  await expect(verified).toBeVisible();
  await expect(
    page.getByRole('button', { name: `Key •••• ${fake.apiKey.slice(-4)} · verified` }),
  ).toBeVisible();
  await expect(statusBar).toContainText('Online');
  // The key was checked with an authenticated call to Linq.
  expect(fake.requests.some((r) => r.path.endsWith('/v3/phone_numbers') && r.authorised)).toBe(
    true,
  );
  // The page never holds the key, not even in the field it was typed into.
  await expect(page.getByLabel('Linq API key')).toHaveCount(0);
  expect(await page.content()).not.toContain(fake.apiKey);
  await app.screenshot('02-key-verified');
  await screenshotEveryWay(app, 'i15-key-verified');
  // A success message says it once, then goes (6 s): it is not the state of things for ever.
  await page.mouse.move(0, 0);
  await expect(verified).toBeHidden({ timeout: 9_000 });
  await screenshotEveryWay(app, 'i15-key-verified-faded');

  // The key survives a crash of the main side: it is in the keychain, not in memory.
  await app.restartMain();
  await expect(page.getByRole('heading', { name: 'New contact card' })).toBeVisible();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();
});

test('Save with an empty field asks for the key, and sends nothing', async ({ app }) => {
  const { page, fake } = app;
  await page.getByRole('button', { name: 'Save key' }).click();
  const field = page.getByLabel('Linq API key');
  await expect(field).toHaveAccessibleDescription(/Enter your API key/);
  await expect(page.getByText('too short')).toHaveCount(0);
  await expect(field).toBeFocused();
  expect(fake.requests).toHaveLength(0);
  await screenshotEveryWay(app, 'i15-key-empty');
});

test('a key Linq refuses is not stored; the field stays open with why, then the right key works', async ({
  app,
}) => {
  const { page, fake } = app;
  fake.seedCard({ phone_number: '+16175550103', first_name: 'Boston', last_name: 'Desk' });
  const field = page.getByLabel('Linq API key');
  await field.fill(WRONG_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(field).toHaveAccessibleDescription(/Linq did not accept this key/);
  await expect(field).toBeFocused();
  await expect(field).toHaveValue(WRONG_KEY); // to correct it where it was typed
  // Nothing was stored: still no key.
  await expect(page.getByRole('button', { name: /No key/ })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('Not connected: add your API key');
  await app.screenshot('03-key-rejected');
  await screenshotEveryWay(app, 'i15-key-refused-first-run');

  await field.fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();
  // A sync ran after the key was accepted: no stale "Sync failed", and the real count.
  await page.keyboard.press('Control+3');
  const lead = page.locator('.view-lead');
  await expect(lead).toContainText(/Synced .* 1 at Linq, 1 new/);
  await expect(lead).toContainText('1 card ·');
  await expect(page.getByText('Sync failed')).toHaveCount(0);
  await screenshotEveryWay(app, 'i15-history-after-good-key');
});

test('a new key Linq refuses leaves the working key in place, and cards still go', async ({
  app,
}) => {
  const { page, fake } = app;
  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();

  await page.getByRole('button', { name: 'Replace key' }).click();
  const field = page.getByLabel('Linq API key');
  await expect(field).toBeFocused();
  await field.fill(WRONG_KEY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(field).toHaveAccessibleDescription(
    new RegExp(`Linq did not accept this key.*current key \\(•••• ${fake.apiKey.slice(-4)}\\)`),
  );
  await expect(field).toBeFocused();
  await expect(
    page.getByRole('button', { name: `Key •••• ${fake.apiKey.slice(-4)} · verified` }),
  ).toBeVisible();
  await screenshotEveryWay(app, 'i15-key-replacement-refused');

  // The old key still works: a card goes to Linq with it.
  await openNewCard(app);
  await fillCard(app, { firstName: 'Acme', lastName: 'Help Desk', phone: '4155550132' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  expect(fake.cards.get('+14155550132')?.first_name).toBe('Acme');
});

test('a key Linq refuses later is named in the status bar, not "Online"', async ({ app }) => {
  const { page, fake } = app;
  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();
  // The key is revoked at Linq: the next check gets a 401.
  fake.failNext(1, { status: 401, code: 2004, path: '/v3/phone_numbers' });
  await page.getByRole('button', { name: 'Verify again' }).click();
  await expect(page.getByRole('button', { name: /· rejected/ })).toBeVisible();
  const statusBar = page.getByRole('contentinfo');
  await expect(statusBar).toContainText('Key refused by Linq');
  await expect(statusBar).not.toContainText('Online');
  await screenshotEveryWay(app, 'i15-key-refused-status-bar');
  // Elsewhere in the app, the status bar offers the way to the key.
  await page.keyboard.press('Control+1');
  await statusBar.getByRole('button', { name: 'Open API key settings' }).click();
  await expect(page.getByRole('heading', { name: 'API key', exact: true })).toBeVisible();
  await page.keyboard.press('Control+1');
  await screenshotEveryWay(app, 'i15-key-refused-status-bar-new-card');
});

test('offline, a key is saved but left unverified, and can be verified later', async ({ app }) => {
  const { page, fake } = app;
  await fake.goOffline();
  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText('Key saved, but not verified yet')).toBeVisible();
  await expect(page.getByRole('button', { name: /· unverified/ })).toBeVisible();
  await fake.goOnline();
  await page.getByRole('button', { name: 'Verify again' }).click();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();
});
