// Serves the built renderer from app://renderer/ instead of file://, so the page has a real
// origin (the IPC sender check relies on it) and can read nothing else from the disk.
import { join, normalize, relative, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://renderer`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    if (url.host !== 'renderer') return new Response('Not found', { status: 404 });
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return new Response('Not found', { status: 404 }); // a malformed %-escape
    }
    const file = normalize(join(rendererDir, pathname));
    const inside = relative(rendererDir, file);
    if (inside.startsWith('..') || isAbsolute(inside))
      return new Response('Not found', { status: 404 });
    // Vite marks its script and style tags crossorigin, hence corsEnabled above.
    return net.fetch(pathToFileURL(file).toString());
  });
}
