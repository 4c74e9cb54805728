// The window's icon. Only Linux needs one set on the window (macOS and Windows take the app
// bundle's icon); and only if the file exists, so a checkout without built icons still starts.
// No Electron imports, for unit tests.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const WINDOW_ICON_PATH = 'resources/icons/512x512.png';

export function windowIconPath(
  platform: NodeJS.Platform,
  appPath: string,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (platform !== 'linux') return undefined;
  const icon = join(appPath, WINDOW_ICON_PATH);
  return exists(icon) ? icon : undefined;
}
