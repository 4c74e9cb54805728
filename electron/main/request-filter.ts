// Which requests a page of the app may make (session.webRequest.onBeforeRequest cancels the
// rest): the app's own files, the dev server while developing, DevTools, data: and blob: URLs.
// Not even images from elsewhere: main fetches a card's photo and hands the page its bytes
// (card-images.ts), so no request of the page's can carry data out in its address. No
// scripts, frames, fetches or sockets to anywhere else, whatever the page's CSP says. No
// Electron imports, for unit tests.
import { APP_ORIGIN } from './renderer-files.ts';

export interface RequestDetailsLike {
  url: string;
  /** Electron's resourceType: 'mainFrame', 'script', 'image', 'xhr', 'webSocket', … */
  resourceType: string;
  /** False for requests made by main itself (no web contents): those are not a page's. */
  fromPage: boolean;
}

/** scheme://host[:port], lowercased by URL; null for URLs without a host. */
function originOf(url: URL): string | null {
  return url.host === '' ? null : `${url.protocol}//${url.host}`;
}

export function createRequestFilter(
  devServerUrl: string | undefined,
): (request: RequestDetailsLike) => boolean {
  let dev: { origin: string; socket: string } | null = null;
  if (devServerUrl) {
    try {
      const url = new URL(devServerUrl);
      const origin = originOf(url);
      if (origin && (url.protocol === 'http:' || url.protocol === 'https:')) {
        dev = { origin, socket: `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}` };
      }
    } catch {
      dev = null;
    }
  }
  return (request) => {
    if (!request.fromPage) return true;
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return false;
    }
    switch (url.protocol) {
      case 'data:':
      case 'blob:':
      case 'devtools:':
        return true;
    }
    const origin = originOf(url);
    if (origin === null) return false;
    if (origin === APP_ORIGIN) return true;
    return dev !== null && (origin === dev.origin || origin === dev.socket);
  };
}
