// Keychain trouble is its own state, with a way out: never "no key", never a fallback store.
// Three ways a Linux desktop can fail the app, each told apart: no session bus (started outside
// a desktop session), a bus without a Secret Service, and a keyring that stays locked.
import { ERROR_CATALOGUE } from '../../shared/error-catalogue.ts';
import type { AppErrorCode } from '../../shared/errors.schema.ts';
import { canaryFormsIn, canaryInFiles, newCanaryKey } from '../support/canary.ts';
import {
  createSandbox,
  requireKeyringTools,
  startSession,
  type SessionKind,
} from '../support/keyring.ts';
import { expect, test as appTest } from './fixtures.ts';

type Mode = 'no-session-bus' | SessionKind;

// The main side joins a private D-Bus session set up for the mode (or gets a bus address that
// leads nowhere); the rest of its environment, the throwaway test keyring's, is untouched.
const test = appTest.extend<{ keychainMode: Mode }>({
  keychainMode: ['no-session-bus', { option: true }],
  mainEnv: async ({ mainEnv, keychainMode }, use) => {
    requireKeyringTools();
    const sandbox = await createSandbox();
    const session =
      keychainMode === 'no-session-bus' ? null : await startSession(sandbox, keychainMode);
    const bus = session?.env ?? {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${sandbox.dir}/no-such-bus`,
    };
    try {
      await use({ ...mainEnv, ...bus });
    } finally {
      await session?.stop();
      await sandbox.cleanup();
    }
  },
});

interface Case {
  mode: Mode;
  label: string;
  code: AppErrorCode;
  /** The alert's title: which problem it is. */
  title: string;
  /** Part of the catalogue's message: what to do about it. */
  advice: RegExp;
  /** The header pill. */
  pill: RegExp;
  screenshot: string;
}

const CASES: Case[] = [
  {
    mode: 'no-session-bus',
    label: 'no session bus',
    code: 'KEYCHAIN_NO_SESSION_BUS',
    title: 'The app is not running in a desktop session',
    advice: /start it again from your desktop, not over SSH/,
    pill: /^Keychain /,
    screenshot: '13-keychain-no-session-bus',
  },
  {
    mode: 'no-secret-service',
    label: 'a bus but no Secret Service',
    code: 'KEYCHAIN_UNAVAILABLE',
    title: 'No keychain service is running',
    advice: /install and start a Secret Service such as GNOME Keyring/,
    pill: /^Keychain unavailable/,
    screenshot: '13-keychain-no-secret-service',
  },
  {
    mode: 'locked-keyring',
    label: 'a locked keyring',
    code: 'KEYCHAIN_LOCKED',
    title: 'The system keychain is locked',
    advice: /Unlock it/,
    pill: /^Keychain locked/,
    screenshot: '13-keychain-locked',
  },
];

for (const c of CASES) {
  test.describe(`with ${c.label}`, () => {
    test.use({ keychainMode: c.mode });

    test('the app starts, says which keychain problem it is and what to do, and stores the key nowhere', async ({
      app,
    }) => {
      const { page, fake } = app;
      const problem = page.getByRole('alert').filter({ hasText: c.title });
      await expect(problem).toBeVisible();
      await expect(problem).toContainText(ERROR_CATALOGUE[c.code].message);
      await expect(problem).toContainText(c.advice);
      // Only this problem: the other modes' titles are nowhere.
      for (const other of CASES.filter((o) => o !== c)) {
        await expect(page.getByText(other.title)).toHaveCount(0);
      }
      await expect(page.getByRole('button', { name: c.pill })).toBeVisible();
      await expect(page.getByRole('button', { name: /No key/ })).toHaveCount(0);
      await app.screenshot(c.screenshot);

      // The way out it offers: check again once the problem is fixed (here it is not).
      await page.getByRole('button', { name: 'Check the keychain again' }).click();
      await expect(page.getByText('Still not readable')).toBeVisible();
      await expect(problem).toBeVisible();

      // A key the app is given anyway (the key screen's save) is refused with the same reason,
      // sent nowhere, and written nowhere: not in any file of the data folder (the database's
      // WAL included), not in the main side's output, not in the page.
      const key = newCanaryKey();
      const attempt = await page.evaluate(
        (k) =>
          (
            window as unknown as { linq: { saveKey(i: { key: string }): Promise<unknown> } }
          ).linq.saveKey({ key: k }),
        key,
      );
      expect(attempt).toMatchObject({ ok: false, error: { code: c.code } });
      expect(JSON.stringify(attempt)).not.toContain(key);
      expect(fake.requests).toHaveLength(0);
      expect(await canaryInFiles(app.dataDir, key)).toEqual([]);
      expect(canaryFormsIn(app.mainOutput(), key)).toEqual([]);
      expect(canaryFormsIn(await page.content(), key)).toEqual([]);
    });
  });
}
