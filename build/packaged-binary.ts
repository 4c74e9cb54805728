// The file that carries the fuse wire in a packaged app, per platform. For a macOS bundle
// @electron/fuses itself goes on to the Electron Framework inside it.
import { join } from 'node:path';
import type { ElectronPlatform } from './fuses.ts';

export interface PackagedNames {
  /** The product name made safe for file names ("Linq Contact Cards"). */
  productFilename: string;
  linuxExecutable: string;
}

export function packagedBinary(
  appOutDir: string,
  platform: ElectronPlatform,
  names: PackagedNames,
): string {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${names.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${names.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, names.linuxExecutable);
  }
}

export function asElectronPlatform(name: string): ElectronPlatform {
  if (name === 'darwin' || name === 'mas' || name === 'win32' || name === 'linux') return name;
  throw new Error(`No fuse choices for the platform "${name}"`);
}
