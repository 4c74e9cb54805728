// Bundles the photo pipeline (photo-lib.browser.ts) into one classic script, with a page
// that loads it. Serve the folder from loopback: crypto.subtle (the photo's SHA-256) exists
// only in secure contexts, which a blank page is not.
import { existsSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { PROJECT_ROOT } from './paths.ts';

export const PHOTO_LIB_DIR = `${PROJECT_ROOT}test-results/e2e/photo-lib`;
export const PHOTO_LIB_BUNDLE = `${PHOTO_LIB_DIR}/photo-lib.js`;

export async function buildPhotoLib(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: PROJECT_ROOT,
    build: {
      outDir: PHOTO_LIB_DIR,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: `${PROJECT_ROOT}test/e2e/hosts/photo-lib.browser.ts`,
        formats: ['iife'],
        name: 'PhotoLib',
        fileName: () => 'photo-lib.js',
      },
    },
  });
  if (!existsSync(PHOTO_LIB_BUNDLE)) throw new Error(`Bundle missing at ${PHOTO_LIB_BUNDLE}`);
  writeFileSync(
    `${PHOTO_LIB_DIR}/index.html`,
    '<!doctype html><title>photo pipeline</title><script src="photo-lib.js"></script>\n',
  );
  return PHOTO_LIB_DIR;
}
