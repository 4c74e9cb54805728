// Serves a folder over loopback HTTP (ES-module pages do not load from file:// in plain
// Chromium). It resolves paths and sends headers exactly as main's app:// handler does
// (electron/main/renderer-files.ts), Content-Security-Policy included, so the pages under
// test run under the production policy.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/content-security-policy.ts';
import {
  contentTypeFor,
  readRendererFile,
  resolveRendererPath,
  securityHeaders,
} from '../../../electron/main/renderer-files.ts';

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * The policy sent with every response: the app's by default. null sends none, for harness
   * pages that are not the app (a benchmark that fetch()es its input, which the app's
   * connect-src 'none' refuses).
   */
  contentSecurityPolicy?: string | null;
}

export async function serveDirectory(
  root: string,
  options: ServeOptions = {},
): Promise<StaticServer> {
  const policy =
    options.contentSecurityPolicy === undefined
      ? CONTENT_SECURITY_POLICY
      : options.contentSecurityPolicy;
  const headers: Record<string, string> = policy
    ? securityHeaders(policy)
    : { 'X-Content-Type-Options': 'nosniff' };
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = resolveRendererPath(root, path);
    const body = file ? await readRendererFile(root, file) : null;
    if (!file || !body) {
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': contentTypeFor(file) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
