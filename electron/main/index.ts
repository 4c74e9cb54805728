// Electron's main process: windows, the app:// protocol, IPC wiring. Thin on purpose: all real
// work happens in the services (electron/services), which the headless host runs too, and
// every security decision is in a module without Electron imports that unit tests cover
// (content-security-policy, renderer-files, request-filter, external-links, ipc-guard,
// trusted-sender, web-preferences, window-icon).
import { join } from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { createServices } from '../services/index.ts';
import { installAppMenu } from './app-menu.ts';
import { APP_ORIGIN, registerAppProtocol, registerAppScheme } from './app-protocol.ts';
import { forwardEvents, registerIpcHandlers } from './ipc.ts';
import { connectOutboxToDesktop } from './outbox-desktop.ts';
import { guardSession } from './session-guards.ts';
import { createSenderCheck } from './trusted-sender.ts';
import { guardWebContents } from './web-contents-guards.ts';
import { SECURE_WEB_PREFERENCES } from './web-preferences.ts';
import { windowIconPath } from './window-icon.ts';

// Tests and power users may point the app at another data folder or API (the fake Linq API).
const dataDir = process.env.LINQ_DATA_DIR ?? join(app.getPath('userData'), 'data');
// The dev server is trusted only in development: a packaged app never loads (or answers IPC
// from) a URL that someone could put into its environment.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

const isTrustedUrl = createSenderCheck(APP_ORIGIN, devServerUrl);
let mainWindow: BrowserWindow | null = null;

// Every renderer sandboxed, whatever its webPreferences say. Both calls must precede 'ready'.
app.enableSandbox();
registerAppScheme();
// Every web contents, whoever creates it, gets the navigation, window and webview guards.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isTrustedUrl));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch ends at once (above); the first brings its window forward.
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void app.whenReady().then(start);
}

function start(): void {
  guardSession(session.defaultSession, devServerUrl, isTrustedUrl);
  registerAppProtocol(join(import.meta.dirname, '../renderer'));
  const services = createServices({
    dataDir,
    apiBaseUrl: process.env.LINQ_API_BASE_URL,
    keychainService: process.env.LINQ_KEYCHAIN_SERVICE ?? 'Linq Contact Cards',
    locale: app.getLocale(),
    version: app.getVersion(),
    reportBug: (error) => console.error('Unexpected error in a service:', error),
    async chooseExportPath(name) {
      const options = {
        title: 'Export contact cards',
        defaultPath: join(app.getPath('documents'), name),
        filters: [{ name: 'CSV (spreadsheet)', extensions: ['csv'] }],
      };
      const answer = mainWindow
        ? await dialog.showSaveDialog(mainWindow, options)
        : await dialog.showSaveDialog(options);
      return answer.canceled || !answer.filePath ? null : answer.filePath;
    },
  });
  installAppMenu({ logsDir: services.logsDir, isPackaged: app.isPackaged });
  registerIpcHandlers(services.dispatch, isTrustedUrl);
  forwardEvents(services.events, () => mainWindow?.webContents ?? null);
  connectOutboxToDesktop(services, () => mainWindow);

  mainWindow = createWindow();
  app.on('window-all-closed', () => {
    void services.close().finally(() => app.quit());
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 900,
    minHeight: 640,
    show: false,
    title: 'Linq Contact Cards',
    icon: windowIconPath(process.platform, app.getAppPath()),
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      preload: join(import.meta.dirname, '../preload/index.cjs'),
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}
