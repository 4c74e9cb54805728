// Before any spec: the renderer must have been built (npm run build), and the in-page bridge
// for the browser host is bundled from shared/bridge.ts into one classic script.
import { existsSync } from 'node:fs';
import { buildPageBridge } from './hosts/page-bridge-build.ts';
import { RENDERER_DIR } from './hosts/paths.ts';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(`${RENDERER_DIR}/index.html`)) {
    throw new Error('The renderer is not built: run `npm run build` before the end-to-end tests.');
  }
  await buildPageBridge();
}
