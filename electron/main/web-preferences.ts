// The webPreferences of every window, as a constant a unit test can check (createWindow adds
// only the preload's path). Type-only Electron import: nothing of Electron loads at run time.
//
// Deliberately absent, so Electron's safe defaults hold: webSecurity (same-origin policy on),
// allowRunningInsecureContent, experimentalFeatures, enableBlinkFeatures, and any
// nodeIntegration other than the explicit `false`s below.
import type { WebPreferences } from 'electron';

export const SECURE_WEB_PREFERENCES = Object.freeze({
  /** The renderer process is sandboxed (app.enableSandbox() also turns it on for all). */
  sandbox: true,
  /** The preload's world is separate from the page's; window.linq crosses by contextBridge. */
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  /** No <webview>: will-attach-webview is refused as well. */
  webviewTag: false,
  /** A dropped file must not navigate the window away from the app. */
  navigateOnDragDrop: false,
  /** A page looping on alert() cannot lock the user out. */
  safeDialogs: true,
  /**
   * Off: the fields are people's and businesses' names, which a dictionary only underlines, and
   * on Windows and Linux Chromium would download its dictionaries from Google's servers.
   */
  spellcheck: false,
} as const satisfies WebPreferences);
