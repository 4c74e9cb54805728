// Bundles the in-page bridge (page-bridge.browser.ts) into one classic script for
// page.addInitScript. Used by the e2e global setup and by the benchmarks.
import { existsSync } from 'node:fs';
import { build } from 'vite';
import { BRIDGE_BUNDLE, BRIDGE_DIR, PROJECT_ROOT } from './paths.ts';

export async function buildPageBridge(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: PROJECT_ROOT,
    build: {
      outDir: BRIDGE_DIR,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: `${PROJECT_ROOT}test/e2e/hosts/page-bridge.browser.ts`,
        formats: ['iife'],
        name: 'LinqTestBridge',
        fileName: () => 'bridge.js',
      },
    },
  });
  if (!existsSync(BRIDGE_BUNDLE)) throw new Error(`Bridge bundle missing at ${BRIDGE_BUNDLE}`);
  return BRIDGE_BUNDLE;
}
