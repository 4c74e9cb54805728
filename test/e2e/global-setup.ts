// Before any spec: the renderer must have been built (npm run build), and the in-page bridge
// for the browser host is bundled from shared/bridge.ts into one classic script.
import { existsSync } from 'node:fs';
import { build } from 'vite';
import { BRIDGE_BUNDLE, BRIDGE_DIR, RENDERER_DIR } from './hosts/paths.ts';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) {
    throw new Error('The renderer is not built: run `npm run build` before the end-to-end tests.');
  }
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: BRIDGE_DIR,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: 'test/e2e/hosts/page-bridge.browser.ts',
        formats: ['iife'],
        name: 'LinqTestBridge',
        fileName: () => 'bridge.js',
      },
    },
  });
  if (!existsSync(BRIDGE_BUNDLE)) throw new Error(`Bridge bundle missing at ${BRIDGE_BUNDLE}`);
}
