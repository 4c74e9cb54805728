// Keychain trouble is its own state, with a way out: never "no key", never a fallback store.
import { expect, test } from './fixtures.ts';

test.describe('without a Secret Service', () => {
  // The main side's D-Bus address points at nothing: keytar cannot reach any keychain.
  test.use({ mainEnv: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/linq-test-bus' } });

  test('the app explains the keychain problem and stores the key nowhere else', async ({ app }) => {
    const { page, fake } = app;
    await expect(
      page
        .getByRole('alert')
        .filter({ hasText: 'The app cannot use the system keychain right now' }),
    ).toBeVisible();
    await expect(
      page.getByText(/install and start a Secret Service such as GNOME Keyring/),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /Keychain unavailable/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /No key/ })).toHaveCount(0);
    await app.screenshot('13-keychain-unavailable');

    // Nothing sent to Linq, and nothing anywhere in the app's data folder holds the key.
    const attempt = await page.evaluate(
      (key) =>
        (
          window as unknown as { linq: { setKey(i: { key: string }): Promise<unknown> } }
        ).linq.setKey({ key }),
      fake.apiKey,
    );
    expect(attempt).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    expect(fake.requests).toHaveLength(0);
    const { readdir, readFile } = await import('node:fs/promises');
    for (const file of await readdir(app.dataDir)) {
      expect((await readFile(`${app.dataDir}/${file}`)).includes(fake.apiKey)).toBe(false);
    }
  });
});
