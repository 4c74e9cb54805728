// Electron's main process: windows, the app:// protocol, IPC wiring. Thin on purpose: all real
// work happens in the services (electron/services), which the headless host runs too, and
// every security decision is in a module without Electron imports that unit tests cover
// (content-security-policy, renderer-files, request-filter, external-links, ipc-guard,
// trusted-sender, web-preferences, window-icon, launch-policy, api-address-confirmation,
// shutdown, quit-triggers, smoke-check).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, net, powerMonitor, session } from 'electron';
import { CLOSE_WAIT_MS, createServices } from '../services/index.ts';
import { consoleBugReport, reportProcessErrorsSafely } from '../services/log/console-report.ts';
import { confirmingNewApiAddress, type AddressQuestion } from './api-address-confirmation.ts';
import { installAppMenu } from './app-menu.ts';
import { APP_ORIGIN, registerAppProtocol, registerAppScheme } from './app-protocol.ts';
import { forwardEvents, registerIpcHandlers } from './ipc.ts';
import {
  isDevelopmentOrTestBuild,
  isTestBuildManifest,
  launchSettings,
  profileDirFor,
  refusedSwitches,
} from './launch-policy.ts';
import { servicesFetch } from './network.ts';
import { confirmSavedApiAddress } from './saved-api-address.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';
import { connectOutboxToDesktop } from './outbox-desktop.ts';
import { wireQuitTriggers } from './quit-triggers.ts';
import { guardSession } from './session-guards.ts';
import { createShutdown, SHUTDOWN_MARGIN_MS, type RequestShutdown } from '../services/shutdown.ts';
import { smokeReport, waitForFirstScreen } from './smoke-check.ts';
import { createSenderCheck } from './trusted-sender.ts';
import { guardWebContents } from './web-contents-guards.ts';
import { SECURE_WEB_PREFERENCES } from './web-preferences.ts';
import { windowIconPath } from './window-icon.ts';

// Electron's own report of an uncaught exception prints the whole error on stderr and in a
// dialog: message, fields, cause, anything a key could hide in. This one prints its kind only,
// and the dialog (so the user still learns that something broke) says nothing of the error.
reportProcessErrorsSafely({ process: '[main]', exit: false });
process.on('uncaughtException', () => {
  dialog.showErrorBox(
    'Linq Contact Cards ran into a problem',
    'Something went wrong inside the app. If it stops responding, quit and start it again. ' +
      'Cards already saved are kept and sent when the app runs again.',
  );
});

function readOwnManifest(): string | null {
  try {
    return readFileSync(join(app.getAppPath(), 'package.json'), 'utf8');
  } catch {
    return null;
  }
}

// Only development and the test build take settings from the environment or debugging
// switches: a release build ignores them (launch-policy.ts says why).
const build = {
  isPackaged: app.isPackaged,
  testBuild: app.isPackaged && isTestBuildManifest(readOwnManifest()),
};
const launch = launchSettings(process.env, build);
// First thing, before anything reads them: nor may the Linq SDK (LINQ_API_V3_*), Node's TLS
// (NODE_TLS_REJECT_UNAUTHORIZED) or Chromium's network service (SSLKEYLOGFILE) see them.
for (const name of launch.ignored) {
  console.warn(`${name} is set but ignored: only development and test builds read it.`);
  delete process.env[name];
}
const refused = refusedSwitches((name) => app.commandLine.hasSwitch(name), build);
if (refused.length > 0) {
  console.error(
    `Refusing to start with ${refused.join(', ')}: this build takes no debugging or TLS-weakening switches.`,
  );
  app.exit(1);
}

const dataDir = launch.dataDir ?? join(app.getPath('userData'), 'data');
const logsDir = join(dataDir, 'logs');
const devServerUrl = launch.devServerUrl;
// A data folder from the environment (a test, a second development copy) gets its own Chromium
// profile, and with it its own page storage and single-instance lock. Before 'ready', and
// before the lock is asked for.
if (launch.dataDir !== null) app.setPath('userData', profileDirFor(launch.dataDir));

const isTrustedUrl = createSenderCheck(APP_ORIGIN, devServerUrl);
let mainWindow: BrowserWindow | null = null;

// Every renderer sandboxed, whatever its webPreferences say. Both calls must precede 'ready'.
app.enableSandbox();
registerAppScheme();
// Every web contents, whoever creates it, gets the navigation, window and webview guards.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isTrustedUrl));

if (refused.length > 0) {
  // Exiting; nothing else starts.
} else if (!app.requestSingleInstanceLock()) {
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

/** Asks in a native dialog whether the key may go to a new API address (see api-address-confirmation.ts). */
async function confirmApiAddress(
  question: AddressQuestion,
  buttons: [no: string, yes: string] = ['Cancel', 'Use this address'],
): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    title: 'Change the Linq API address',
    message: question.message,
    detail: question.detail,
    buttons,
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const answer = mainWindow
    ? await dialog.showMessageBox(mainWindow, options)
    : await dialog.showMessageBox(options);
  return answer.response === 1;
}

function start(): void {
  guardSession(session.defaultSession, devServerUrl, isTrustedUrl);
  registerAppProtocol(join(import.meta.dirname, '../renderer'));
  const services = createServices({
    dataDir,
    logDir: logsDir,
    apiBaseUrl: launch.apiBaseUrl,
    // Only development and test builds let an address on this computer have the key unasked.
    trustLoopbackApiAddress: isDevelopmentOrTestBuild(build),
    keychainService: launch.keychainService,
    locale: app.getLocale(),
    version: app.getVersion(),
    // Chromium's network stack: the OS proxy settings and certificate store (network.ts).
    fetch: servicesFetch(net),
    // Never the error itself on stderr: its message or cause could hold the key. The log
    // (redacted) has it in full.
    reportBug: (error) =>
      console.error(
        consoleBugReport('Unexpected error in a service', error, `the log in ${logsDir}`),
      ),
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
    // The only way an import's images become readable: what the user picks here (see
    // services/import/image-folders.ts), never a folder the window names.
    async chooseImportSource(kind) {
      const options: Electron.OpenDialogOptions =
        kind === 'spreadsheet'
          ? {
              title: 'Choose the rows to import',
              defaultPath: app.getPath('documents'),
              properties: ['openFile'],
              filters: [{ name: 'CSV or text (spreadsheet)', extensions: ['csv', 'tsv', 'txt'] }],
            }
          : {
              title: 'Choose the folder that holds the images',
              defaultPath: app.getPath('pictures'),
              properties: ['openDirectory'],
            };
      const answer = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return answer.canceled ? null : (answer.filePaths[0] ?? null);
    },
  });
  installAppMenu({ logsDir: services.logsDir, isPackaged: app.isPackaged });
  // The sender is checked first (ipc-guard.ts), so only the app's own page can make it ask.
  registerIpcHandlers(
    confirmingNewApiAddress(
      services.dispatch,
      (question) => confirmApiAddress(question),
      services.apiAddress,
    ),
    isTrustedUrl,
  );
  forwardEvents(services.events, () => mainWindow?.webContents ?? null);
  connectOutboxToDesktop(services, () => mainWindow);
  // Every way out (a quit, the last window, the OS, a signal) goes through this one shutdown.
  const requestShutdown = createShutdown({
    close(reason) {
      // Quitting looks done at once, while the requests in flight are still being answered.
      for (const window of BrowserWindow.getAllWindows()) window.hide();
      return services.close(reason);
    },
    exit: (code) => app.exit(Math.max(code, smokeExitCode)),
    boundMs: CLOSE_WAIT_MS + SHUTDOWN_MARGIN_MS,
    report: (message) => console.warn(message),
  });
  wireQuitTriggers({ app, powerMonitor, process }, requestShutdown);

  mainWindow = createWindow();
  // A saved address nobody approved (the database changed outside the app): nothing is sent
  // there; ask once the window shows, so the dialog has a parent (saved-api-address.ts).
  mainWindow.once('ready-to-show', () => {
    void confirmSavedApiAddress({
      unapproved: () => services.apiAddress.unapproved(),
      confirm: (question) =>
        confirmApiAddress(question, ['Use Linq’s address', 'Send my key there']),
      approve: (url) => services.apiAddress.approve(url),
      async useLinq() {
        const result = await services.dispatch('updateSettings', {
          apiBaseUrl: LINQ_PRODUCTION_BASE_URL,
        });
        if (!result.ok) throw new Error(result.error.code);
      },
    }).then((outcome) => {
      if (outcome !== 'nothing-to-ask') console.warn(`Saved API address: ${outcome}.`);
    });
  });
  if (launch.smokeCheck) runSmokeCheck(mainWindow, requestShutdown);
}

/** A failed smoke check makes the app's exit code 1, whatever the shutdown's own. */
let smokeExitCode = 0;

/** LINQ_SMOKE_CHECK=1: report whether the first screen showed, then quit (smoke-check.ts). */
function runSmokeCheck(window: BrowserWindow, requestShutdown: RequestShutdown): void {
  void waitForFirstScreen({
    evaluate: (script) => window.webContents.executeJavaScript(script),
  }).then((outcome) => {
    console.log(smokeReport(outcome));
    if (!outcome.ok) smokeExitCode = 1;
    void requestShutdown('smoke check done');
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
