// Which file of the built renderer a request names, and how it is answered: the app://
// protocol handler (app-protocol.ts) and the e2e browser host's loopback server both use this,
// so the two serve the same files with the same headers. No Electron imports, for unit tests.
import { realpath } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The file a URL path names inside `rootDir`, or null when it names nothing there: a
 * malformed %-escape, a NUL byte, or a path that climbs out of the folder (`..`, `%2e%2e`,
 * `..%2f`, `..\` on Windows, an absolute path after decoding). `/` is the index page.
 */
export function resolveRendererPath(rootDir: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  if (decoded === '' || decoded === '/') decoded = '/index.html';
  const root = normalize(rootDir);
  const file = normalize(join(root, decoded));
  return isInside(root, file) ? file : null;
}

/** Whether `file` lies strictly below `root` (both normalised, or both real paths). */
function isInside(root: string, file: string): boolean {
  const inside = relative(root, file);
  return !(inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside));
}

// node:fs's realpath, which Electron's asar support wraps (lib/node/asar-fs-wrapper.ts): inside
// app.asar, where the packaged renderer lives, it resolves the archive's own links and joins
// the result to the archive's real path, so the comparison below holds there too.
const realPathOf = promisify(realpath);

/**
 * The file's contents when its real path (every symlink followed) is still inside the real
 * path of the renderer folder; null otherwise, or when it cannot be read. The name check in
 * resolveRendererPath alone would follow a link planted inside the folder to anywhere on the
 * disk (a link to /etc/passwd was served).
 */
export async function readRendererFile(rootDir: string, file: string): Promise<Buffer | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realPathOf(rootDir), realPathOf(file)]);
    if (!isInside(realRoot, realFile)) return null;
    return await readFile(realFile);
  } catch {
    return null; // missing, a folder, a dangling link, unreadable
  }
}

/** The file an app:// URL names; null for another scheme, host or port, credentials, or a path outside. */
export function resolveAppUrl(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (url.username !== '' || url.password !== '') return null;
  return resolveRendererPath(rootDir, url.pathname);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * By extension. Anything else is served as bytes: with nosniff, the browser will not run it
 * as a script or a stylesheet.
 */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Sent with every response, errors included: the page and its workers get the policy. */
export function securityHeaders(policy = CONTENT_SECURITY_POLICY): Record<string, string> {
  return { 'Content-Security-Policy': policy, 'X-Content-Type-Options': 'nosniff' };
}

function notFound(policy: string): Response {
  return new Response('Not found', {
    status: 404,
    headers: { ...securityHeaders(policy), 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** Answers one app:// request from the files under `rootDir`. */
export async function serveAppRequest(
  rootDir: string,
  requestUrl: string,
  policy = CONTENT_SECURITY_POLICY,
): Promise<Response> {
  const file = resolveAppUrl(rootDir, requestUrl);
  const body = file ? await readRendererFile(rootDir, file) : null;
  if (!file || !body) return notFound(policy);
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: { ...securityHeaders(policy), 'Content-Type': contentTypeFor(file) },
  });
}
