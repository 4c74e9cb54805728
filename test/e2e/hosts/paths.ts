import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const PROJECT_ROOT = root;
export const RENDERER_DIR = `${root}out/renderer`;
export const MAIN_ENTRY = `${root}out/main/index.js`;
export const BRIDGE_DIR = `${root}test-results/e2e/bridge`;
export const BRIDGE_BUNDLE = `${BRIDGE_DIR}/bridge.js`;
export const SCREENSHOT_DIR = `${root}test-results/screenshots`;
