// The application menu. Setting one replaces Electron's default, which would let anyone reload
// the window (losing a half-filled form) or open the developer tools in the shipped app: here
// reload exists only in development and the dev tools only in an unpackaged build. Help opens
// the logs folder, for attaching the log to a support ticket, and Linq's API documentation.
import { dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { openExternalLink } from './open-external.ts';

export interface AppMenuOptions {
  /** The folder of the log files (Services.logsDir). */
  logsDir: string;
  /** app.isPackaged: a shipped build has no reload and no developer tools. */
  isPackaged: boolean;
}

export const LINQ_DOCS_URL = 'https://docs.linqapp.com/';

async function openLogsFolder(logsDir: string): Promise<void> {
  // openPath answers with an error text (empty on success) instead of throwing.
  const problem = await shell.openPath(logsDir);
  if (problem) {
    dialog.showErrorBox(
      'The logs folder could not be opened',
      `${problem}\n\nThe logs are in:\n${logsDir}`,
    );
  }
}

export function appMenuTemplate(
  options: AppMenuOptions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  // "&File": Alt+F opens it on Windows and Linux; macOS has no menu mnemonics.
  const title = (name: string) => (isMac ? name : `&${name}`);
  const developing = !options.isPackaged;
  const view: MenuItemConstructorOptions[] = [
    ...(developing ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
    ...(developing ? [{ type: 'separator' as const }] : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    // On macOS the first menu is the app's own (About, Hide, Quit…), named by the OS.
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: title('File'),
      submenu: [isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' }],
    },
    {
      label: title('Edit'),
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: title('View'), submenu: view },
    {
      role: 'help',
      label: title('Help'),
      submenu: [
        { label: 'Open Logs Folder', click: () => void openLogsFolder(options.logsDir) },
        { label: 'Linq API documentation', click: () => void openExternalLink(LINQ_DOCS_URL) },
      ],
    },
  ];
}

/** Call once the app is ready. */
export function installAppMenu(options: AppMenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(options)));
}
