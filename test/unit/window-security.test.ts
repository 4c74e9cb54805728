// The window's fixed settings and the page's network allowlist: pure modules that main's
// Electron wiring (index.ts, session-guards.ts) uses as they are.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRequestFilter } from '../../electron/main/request-filter.ts';
import { SECURE_WEB_PREFERENCES } from '../../electron/main/web-preferences.ts';
import { WINDOW_ICON_PATH, windowIconPath } from '../../electron/main/window-icon.ts';

describe('SECURE_WEB_PREFERENCES', () => {
  it('sandboxes the page, isolates the preload and gives Node to nothing', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('downloads no spellcheck dictionaries (Chromium fetches them from Google on Windows and Linux)', () => {
    expect(SECURE_WEB_PREFERENCES.spellcheck).toBe(false);
  });

  it('leaves webSecurity and every other weakening option at Electron’s safe default', () => {
    for (const option of [
      'webSecurity',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'enableBlinkFeatures',
      'disableBlinkFeatures',
      'preload', // added by createWindow, as a path inside the app
    ]) {
      expect(Object.hasOwn(SECURE_WEB_PREFERENCES, option), option).toBe(false);
    }
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });
});

describe('createRequestFilter (no remote content)', () => {
  const page = (url: string, resourceType = 'script') => ({ url, resourceType, fromPage: true });

  it('lets the page load the app’s own files, data:, blob: and DevTools', () => {
    const allowed = createRequestFilter(undefined);
    for (const url of [
      'app://renderer/index.html',
      'app://renderer/assets/index-1a2b.js',
      'data:image/png;base64,AAAA',
      'blob:app://renderer/0b7f8a4e-1111-2222-3333-444455556666',
      'devtools://devtools/bundled/devtools_app.html',
    ]) {
      expect(allowed(page(url)), url).toBe(true);
    }
  });

  it('lets nothing through from the network, images included (main fetches card photos)', () => {
    const allowed = createRequestFilter(undefined);
    expect(allowed(page('https://cdn.example.com/photo.jpg', 'image'))).toBe(false);
    expect(allowed(page('https://cdn.example.com/photo.jpg?stolen=42', 'image'))).toBe(false);
    for (const type of ['script', 'xhr', 'subFrame', 'mainFrame', 'stylesheet', 'font', 'other']) {
      expect(allowed(page('https://cdn.example.com/x', type)), type).toBe(false);
    }
    expect(allowed(page('http://cdn.example.com/photo.jpg', 'image'))).toBe(false);
    expect(allowed(page('wss://evil.example/socket', 'webSocket'))).toBe(false);
    expect(allowed(page('file:///etc/passwd', 'image'))).toBe(false);
    expect(allowed(page('app://other/index.html'))).toBe(false);
    expect(allowed(page('chrome://gpu', 'mainFrame'))).toBe(false);
    expect(allowed(page('not a url'))).toBe(false);
  });

  it('allows the dev server (and its hot-reload socket) only while developing', () => {
    const production = createRequestFilter(undefined);
    const dev = createRequestFilter('http://localhost:5173/');
    expect(production(page('http://localhost:5173/src/main.tsx'))).toBe(false);
    expect(dev(page('http://localhost:5173/src/main.tsx'))).toBe(true);
    expect(dev(page('ws://localhost:5173/?token=x', 'webSocket'))).toBe(true);
    expect(dev(page('http://localhost:5174/src/main.tsx'))).toBe(false);
    expect(dev(page('http://127.0.0.1:5173/src/main.tsx'))).toBe(false);
    expect(dev(page('ws://localhost:9229/', 'webSocket'))).toBe(false);
  });

  it('does not judge main’s own requests, which come from no page', () => {
    const allowed = createRequestFilter(undefined);
    expect(
      allowed({ url: 'https://api.example.com/x', resourceType: 'xhr', fromPage: false }),
    ).toBe(true);
  });
});

describe('windowIconPath', () => {
  it('sets the icon on Linux only, and only when the file exists', () => {
    const icon = join('/opt/app', WINDOW_ICON_PATH);
    expect(windowIconPath('linux', '/opt/app', (path) => path === icon)).toBe(icon);
    expect(windowIconPath('linux', '/opt/app', () => false)).toBeUndefined();
    expect(windowIconPath('darwin', '/opt/app', () => true)).toBeUndefined();
    expect(windowIconPath('win32', '/opt/app', () => true)).toBeUndefined();
  });

  it('finds the icon this repository ships', () => {
    const root = join(import.meta.dirname, '../..');
    expect(windowIconPath('linux', root)).toBe(join(root, WINDOW_ICON_PATH));
  });
});
