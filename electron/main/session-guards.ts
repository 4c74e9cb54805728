// Locks down the session the app's window uses: no permission is ever granted, no download is
// ever started (downloads.ts), no request leaves for anywhere but the app's own files
// (request-filter.ts decides), and while developing, the dev server's pages get the same CSP
// header app:// sends (plus what hot reload needs). Electron wiring only; every decision is in a module without Electron.
import type { Session } from 'electron';
import { buildContentSecurityPolicy } from './content-security-policy.ts';
import { refuseDownloads } from './downloads.ts';
import { createPermissionCheck } from './permissions.ts';
import { createRequestFilter } from './request-filter.ts';

export function guardSession(
  session: Session,
  devServerUrl: string | undefined,
  isTrustedUrl: (url: string) => boolean,
): void {
  // Camera, notifications from the page, reading the clipboard, geolocation, MIDI, HID, …: the
  // page needs none of them (OS notifications are main's). Only writing to the clipboard is
  // granted, and only to the app's own page (permissions.ts).
  const permitted = createPermissionCheck(isTrustedUrl);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permitted(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permitted(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  refuseDownloads(session);

  const allowed = createRequestFilter(devServerUrl);
  session.webRequest.onBeforeRequest((details, callback) => {
    const request = {
      url: details.url,
      resourceType: details.resourceType,
      fromPage: details.webContentsId !== undefined,
    };
    const cancel = !allowed(request);
    if (cancel) console.warn(`Blocked a ${details.resourceType} request from the page.`);
    callback({ cancel });
  });

  if (devServerUrl) {
    const policy = buildContentSecurityPolicy({ devServerUrl });
    const pattern = `${new URL(devServerUrl).origin}/*`;
    session.webRequest.onHeadersReceived({ urls: [pattern] }, (details, callback) => {
      const responseHeaders = { ...details.responseHeaders };
      // Header names arrive in any case; ours replaces whatever the dev server sent.
      for (const name of Object.keys(responseHeaders)) {
        if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name];
      }
      responseHeaders['Content-Security-Policy'] = [policy];
      callback({ responseHeaders });
    });
  }
}
