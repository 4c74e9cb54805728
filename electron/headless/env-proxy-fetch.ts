// The headless host's fetch: Node's own, with the standard proxy variables honoured
// (HTTPS_PROXY, HTTP_PROXY and NO_PROXY, lower-case names first, as Node reads them). Node
// 24.14+ can switch its built-in proxy support on from inside the process
// (http.setGlobalProxyFromEnv): the same undici that Node's fetch bundles does the tunnelling,
// with Node's documented NO_PROXY rules, and no second copy of undici whose dispatcher would
// have to fit the bundled fetch. It tunnels plain-http URLs with CONNECT too.
//
// Node reports a proxy it cannot connect to as a plain socket error (ECONNREFUSED to the
// proxy's address), which would read as "Linq unreachable"; a failed connection whose address
// is the proxy's is passed on marked as the proxy's (network-failure.ts).
import { lookup } from 'node:dns/promises';
import { setGlobalProxyFromEnv } from 'node:http';
import type { FetchLike } from '../services/net/fetch.ts';
import { proxyUnreachableError } from '../services/net/network-failure.ts';

interface Endpoint {
  hostname: string;
  port: number;
}

/** Socket errors of a connection that was never made, which carry the address they tried. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

function endpointOf(proxyUrl: string | undefined): Endpoint | null {
  if (!proxyUrl) return null;
  try {
    const url = new URL(proxyUrl);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port };
  } catch {
    return null;
  }
}

/** The proxy Node uses for each scheme; NO_PROXY is Node's business (see taggedIfProxy). */
function proxiesFrom(env: NodeJS.ProcessEnv): Record<string, Endpoint | null> {
  return {
    'http:': endpointOf(env.http_proxy || env.HTTP_PROXY),
    'https:': endpointOf(env.https_proxy || env.HTTPS_PROXY),
  };
}

interface SocketError {
  code: string;
  address?: string;
  port?: number;
  hostname?: string;
}

function connectFailureIn(error: unknown): SocketError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_FAILURES.has(code))
      return current as Error & SocketError;
    current = current.cause;
  }
  return null;
}

async function addressesOf(hostname: string): Promise<string[]> {
  try {
    return (await lookup(hostname, { all: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
}

/**
 * Whether the connection that failed was the one to the proxy. Comparing addresses rather
 * than reading NO_PROXY: a URL NO_PROXY exempts is connected to directly, at Linq's address.
 */
async function failedAtProxy(failure: SocketError, proxy: Endpoint): Promise<boolean> {
  if (failure.hostname !== undefined) return failure.hostname === proxy.hostname;
  if (failure.port !== proxy.port || failure.address === undefined) return false;
  if (failure.address === proxy.hostname) return true;
  return (await addressesOf(proxy.hostname)).includes(failure.address);
}

function schemeOf(input: string | URL | Request): string | null {
  try {
    return new URL(input instanceof Request ? input.url : input).protocol;
  } catch {
    return null;
  }
}

export function envProxyFetch(env: NodeJS.ProcessEnv = process.env): FetchLike {
  setGlobalProxyFromEnv(env);
  const proxies = proxiesFrom(env);
  return async (input, init) => {
    try {
      return await fetch(input, init);
    } catch (error) {
      const proxy = proxies[schemeOf(input) ?? ''] ?? null;
      const failure = proxy ? connectFailureIn(error) : null;
      if (proxy && failure && (await failedAtProxy(failure, proxy))) {
        throw proxyUnreachableError(error);
      }
      throw error;
    }
  };
}
