// Finds an installed Electron runtime WITHOUT triggering its download: `require('electron')`
// from plain Node tries to download the binary and throws where that is impossible (as on
// this project's build machines). ELECTRON_PATH wins; otherwise the electron package's own
// record (path.txt) of a binary it installed into dist/.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findElectronBinary(): string | null {
  const explicit = process.env.ELECTRON_PATH;
  if (explicit) return existsSync(explicit) ? explicit : null;
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const recorded = join(packageDir, 'path.txt');
    if (!existsSync(recorded)) return null;
    const binary = join(packageDir, 'dist', readFileSync(recorded, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export const NO_ELECTRON_REASON =
  'No Electron binary on this machine (its runtime is downloaded on first use, which this machine cannot do); set ELECTRON_PATH to run the Electron host.';
