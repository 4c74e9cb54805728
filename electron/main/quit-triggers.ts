// Every way Electron, and the OS through it, asks the app to end, wired to the one shutdown
// (services/shutdown.ts). The interfaces below are what this file uses of Electron's app,
// powerMonitor and BrowserWindow, so unit tests pass EventEmitters and main passes the real ones.
// - before-quit: File > Quit, Cmd+Q, app.quit(), a quit from the Dock or on logout (macOS).
//   Prevented, or Electron would close the windows and end the process with requests still
//   out; the shutdown ends with app.exit(), which emits neither before-quit nor will-quit.
// - will-quit: a quit that got past before-quit (autoUpdater.quitAndInstall emits before-quit
//   late); prevented the same way.
// - window-all-closed: the last window closed (this app then quits on every platform).
// - session-end (each window, Windows only): the user logs off or Windows shuts down. It cannot
//   be prevented and Windows may end the process soon after: committed writes are safe (WAL,
//   synchronous=FULL), and a request cut short is in doubt at the next start and read back.
// - powerMonitor 'shutdown' (Linux, macOS): prevented, which asks the OS to wait while the app
//   stops (on Linux a logind delay lock, which logind honours for InhibitDelayMaxSec, 5 s by
//   default); Electron's docs say to quit as soon as possible then, which the shutdown does.
// - SIGTERM, SIGINT, SIGHUP: see services/shutdown.ts.
// No Electron imports, for unit tests.
import {
  shutDownOnSignals,
  type RequestShutdown,
  type SignalSource,
} from '../services/shutdown.ts';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface QuittingApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(
    event: 'browser-window-created',
    listener: (event: unknown, window: SessionWindow) => void,
  ): unknown;
}

export interface SessionWindow {
  on(event: 'session-end', listener: () => void): unknown;
}

export interface ShutdownMonitor {
  /** Electron passes an event to call preventDefault on (its typings list no argument). */
  on(event: 'shutdown', listener: (event?: PreventableEvent) => void): unknown;
}

export interface QuitTriggerSources {
  app: QuittingApp;
  /** Electron's powerMonitor: only usable once the app is ready. */
  powerMonitor: ShutdownMonitor;
  process: SignalSource;
}

/** Subscribes every trigger; call before the first window is created (see session-end). */
export function wireQuitTriggers(
  sources: QuitTriggerSources,
  requestShutdown: RequestShutdown,
): void {
  const { app, powerMonitor } = sources;
  const preventAndShutDown = (reason: string) => (event?: PreventableEvent) => {
    event?.preventDefault();
    void requestShutdown(reason);
  };
  app.on('before-quit', preventAndShutDown('quit'));
  app.on('will-quit', preventAndShutDown('will-quit'));
  app.on('window-all-closed', () => void requestShutdown('window-all-closed'));
  app.on('browser-window-created', (_event, window) =>
    window.on('session-end', () => void requestShutdown('session-end')),
  );
  powerMonitor.on('shutdown', preventAndShutDown('system-shutdown'));
  shutDownOnSignals(sources.process, requestShutdown);
}
