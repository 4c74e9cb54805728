// Fixtures shared by every spec: a fresh data directory, a fresh fake Linq API and a unique
// keychain entry per test, and the app started in the project's host (browser or Electron).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startFakeLinq, type FakeLinq, type FakeLinqOptions } from '../fake-linq/server.ts';
import { findElectronBinary, NO_ELECTRON_REASON } from '../support/electron-binary.ts';
import { startBrowserHost } from './hosts/browser-host.ts';
import { startElectronHost } from './hosts/electron-host.ts';
import { SCREENSHOT_DIR } from './hosts/paths.ts';
import type { AppHost } from './hosts/types.ts';

export interface AppUnderTest extends AppHost {
  fake: FakeLinq;
  dataDir: string;
  /** Saves a screenshot of the current screen under test-results/screenshots/<host>/. */
  screenshot(name: string): Promise<void>;
}

export const test = base.extend<{
  app: AppUnderTest;
  mainEnv: Record<string, string>;
  fakeOptions: FakeLinqOptions;
}>({
  mainEnv: [{}, { option: true }],
  fakeOptions: [{}, { option: true }],
  app: async ({ colorScheme, mainEnv, fakeOptions }, use, testInfo) => {
    const electronBinary = testInfo.project.name === 'electron' ? findElectronBinary() : null;
    test.skip(testInfo.project.name === 'electron' && !electronBinary, NO_ELECTRON_REASON);
    if (!process.env.LINQ_TEST_KEYRING) {
      throw new Error(
        'Run the end-to-end tests through scripts/with-test-keyring.sh (npm test does).',
      );
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'linq-e2e-'));
    const fake = await startFakeLinq(fakeOptions);
    const setup = {
      dataDir,
      apiBaseUrl: fake.baseUrl,
      keychainService: `Linq Contact Cards e2e ${testInfo.testId} ${process.pid}`,
      requestTimeoutMs: 5_000,
      colorScheme: colorScheme === 'dark' ? ('dark' as const) : ('light' as const),
      mainEnv,
    };
    const host = electronBinary
      ? await startElectronHost(setup, electronBinary)
      : await startBrowserHost(setup);
    const app: AppUnderTest = Object.assign(host, {
      fake,
      dataDir,
      async screenshot(name: string) {
        const dir = join(SCREENSHOT_DIR, host.kind);
        await mkdir(dir, { recursive: true });
        await host.page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
      },
    });
    try {
      await use(app);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('main-process-output', {
          body: host.mainOutput(),
          contentType: 'text/plain',
        });
      }
      await host.close();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect };
