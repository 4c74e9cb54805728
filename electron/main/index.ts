// Electron's main process: windows, the app:// protocol, IPC wiring. Thin on purpose: all real
// work happens in the services (electron/services), which the headless host runs too.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { createServices } from '../services/index.ts';
import { forwardEvents, registerIpcHandlers } from './ipc.ts';
import { connectOutboxToDesktop } from './outbox-desktop.ts';
import { createSenderCheck } from './trusted-sender.ts';
import { APP_ORIGIN, registerAppProtocol, registerAppScheme } from './app-protocol.ts';

// Tests and power users may point the app at another data folder or API (the fake Linq API).
const dataDir = process.env.LINQ_DATA_DIR ?? join(app.getPath('userData'), 'data');
// The dev server is trusted only in development: a packaged app never loads (or answers IPC
// from) a URL that someone could put into its environment.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

let mainWindow: BrowserWindow | null = null;

const isTrustedUrl = createSenderCheck(APP_ORIGIN, devServerUrl);

function start(): void {
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
  registerIpcHandlers(services.dispatch, isTrustedUrl);
  forwardEvents(services.events, () => mainWindow?.webContents ?? null);
  connectOutboxToDesktop(services, () => mainWindow);

  mainWindow = createWindow();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
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
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The renderer never navigates or opens windows; links to Linq's docs open in the browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://docs.linqapp.com/')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}
