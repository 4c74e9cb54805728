// First run and the API key: the app opens on the key settings, saves a key to the keychain,
// verifies it with Linq, and shows a refused key for what it is.
import { expect, test } from './fixtures.ts';

test('first run opens on the key settings, and a good key gets verified', async ({ app }) => {
  const { page, fake } = app;
  await expect(page.getByRole('heading', { name: 'Connect your Linq account' })).toBeVisible();
  await expect(page.getByRole('button', { name: /No key/ })).toBeVisible();
  await app.screenshot('01-first-run-no-key');

  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText('Key verified')).toBeVisible();
  await expect(
    page.getByRole('button', { name: `Key •••• ${fake.apiKey.slice(-4)} · verified` }),
  ).toBeVisible();
  // The key was checked with an authenticated call to Linq.
  expect(fake.requests.some((r) => r.path.endsWith('/v3/phone_numbers') && r.authorised)).toBe(
    true,
  );
  // The page never holds the key, not even in the field it was typed into.
  await expect(page.getByLabel('Linq API key')).toHaveCount(0);
  expect(await page.content()).not.toContain(fake.apiKey);
  await app.screenshot('02-key-verified');

  // The key survives a crash of the main side: it is in the keychain, not in memory.
  await app.restartMain();
  await expect(page.getByRole('heading', { name: 'New contact card' })).toBeVisible();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();
});

test('a key Linq refuses is shown as rejected', async ({ app }) => {
  const { page } = app;
  await page.getByLabel('Linq API key').fill('linq_wrong_key_0000000099');
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Linq did not accept this key' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /Key •••• 0099 · rejected/ })).toBeVisible();
  await app.screenshot('03-key-rejected');
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
