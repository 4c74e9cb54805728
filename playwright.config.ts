// One set of end-to-end specs, two hosts: the real Electron app (where its runtime exists) and
// the browser host (built renderer in Debian's Chromium, services in a headless Node host).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e/artifacts',
  globalSetup: './test/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e/results.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    // The Electron security and quit specs check Electron itself (webPreferences, app://
    // headers, app.quit and its signals): they have nothing to check in the browser host.
    {
      name: 'browser',
      metadata: { host: 'browser' },
      testIgnore: /electron-(security|quit)\.spec\.ts$/,
    },
    // The photo pipeline spec drives Chromium directly (no app host): it belongs to one project.
    {
      name: 'electron',
      metadata: { host: 'electron' },
      testIgnore: /photo-processing\.spec\.ts$/,
    },
  ],
});
