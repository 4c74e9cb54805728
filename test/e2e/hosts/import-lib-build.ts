// Bundles the bulk import's parser (import-lib.browser.ts) the way the app's renderer is
// bundled: an ES module entry with the import worker as a chunk of its own, Vite's default
// worker format, minified. Serve the folder with serveDirectory, which sends the app's
// Content-Security-Policy, so a worker the app's page would refuse is refused here too.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { PROJECT_ROOT } from './paths.ts';

export const IMPORT_LIB_DIR = `${PROJECT_ROOT}test-results/e2e/import-lib`;
export const IMPORT_LIB_BUNDLE = `${IMPORT_LIB_DIR}/import-lib.js`;

export async function buildImportLib(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: PROJECT_ROOT,
    base: './',
    build: {
      outDir: IMPORT_LIB_DIR,
      emptyOutDir: true,
      minify: true,
      modulePreload: false,
      rollupOptions: {
        input: `${PROJECT_ROOT}test/e2e/hosts/import-lib.browser.ts`,
        output: { entryFileNames: 'import-lib.js' },
      },
    },
  });
  if (!existsSync(IMPORT_LIB_BUNDLE)) throw new Error(`Bundle missing at ${IMPORT_LIB_BUNDLE}`);
  writeFileSync(
    `${IMPORT_LIB_DIR}/index.html`,
    '<!doctype html><html><head><meta charset="UTF-8" /><link rel="icon" href="data:," /><title>import parser</title>' +
      '<script type="module" src="import-lib.js"></script></head><body></body></html>\n',
  );
  return IMPORT_LIB_DIR;
}

/** The worker chunk Vite emitted (its file name under assets/), to check it was split out. */
export function importWorkerChunk(dir: string = IMPORT_LIB_DIR): string | null {
  const assets = existsSync(`${dir}/assets`) ? readdirSync(`${dir}/assets`) : [];
  return assets.find((name) => /^import-worker.*\.js$/.test(name)) ?? null;
}
