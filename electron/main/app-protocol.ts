// Serves the built renderer from app://renderer/ instead of file://, so the page has a real
// origin (the IPC sender check relies on it), can read nothing else from the disk, and gets
// its Content-Security-Policy as a header. What is served, and how, is in renderer-files.ts.
import { protocol } from 'electron';
import { APP_SCHEME, serveAppRequest } from './renderer-files.ts';

export { APP_ORIGIN, APP_SCHEME } from './renderer-files.ts';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard + secure: a real origin that counts as a secure context (crypto.subtle).
      // Vite marks its script and style tags crossorigin, hence corsEnabled.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Always the built renderer, so always the production policy (see content-security-policy.ts). */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url));
}
