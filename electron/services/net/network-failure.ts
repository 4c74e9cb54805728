// What went wrong on the way to Linq, whichever network stack made the request. Node's fetch
// (undici) reports failures as error codes down the cause chain (ECONNREFUSED,
// SELF_SIGNED_CERT_IN_CHAIN, …) and a refused proxy tunnel as "Proxy response (407) !== 200 when
// HTTP Tunneling"; Electron's net.fetch (Chromium) rejects with "net::ERR_…" names from
// Chromium's net_error_list.h. Both are read here into one set of classes, each with its own
// plain message and what to do, and with whether the request can have reached Linq: the outbox
// resends what certainly never left and reads back what may have been applied.
import { appError, proxyRefusedMessage, type AppErrorCode } from '../../../shared/errors.schema.ts';
import { AppFailure, type Delivery } from '../failure.ts';

export type NetworkFailureKind =
  'unreachable' | 'timeout' | 'reset' | 'tls' | 'proxy-refused' | 'proxy-auth';

export interface NetworkFailure {
  kind: NetworkFailureKind;
  delivery: Delivery;
  /** What the network stack said, for support: a code from the lists below, never raw text. */
  detail: string;
  /** Why a proxy refused, in plain words (proxy-refused only). */
  reason?: string;
}

const CODE_OF_KIND: Record<NetworkFailureKind, AppErrorCode> = {
  unreachable: 'NETWORK_UNREACHABLE',
  timeout: 'TIMEOUT',
  reset: 'CONNECTION_RESET',
  tls: 'TLS_UNTRUSTED',
  'proxy-refused': 'PROXY_REFUSED',
  'proxy-auth': 'PROXY_AUTH_REQUIRED',
};

/**
 * Node's fetch reports a proxy it cannot connect to as a plain socket error (ECONNREFUSED to
 * the proxy's address). The headless host's fetch, which knows the proxy, wraps such an error
 * in one with this code, so that it reads as the proxy's fault and not Linq's.
 */
export const PROXY_UNREACHABLE_CODE = 'LINQ_PROXY_UNREACHABLE';

export function proxyUnreachableError(cause: unknown): Error {
  return Object.assign(new Error('Could not connect to the proxy', { cause }), {
    code: PROXY_UNREACHABLE_CODE,
  });
}

type Entry = Omit<NetworkFailure, 'detail'>;
const NOT_REACHED = (kind: NetworkFailureKind, reason?: string): Entry => ({
  kind,
  delivery: 'not-sent',
  ...(reason ? { reason } : {}),
});
const MAYBE_REACHED = (kind: NetworkFailureKind): Entry => ({ kind, delivery: 'unknown' });

const COULD_NOT_CONNECT_TO_PROXY = 'the app could not connect to the proxy';
const PROXY_SETTINGS_UNUSABLE = 'this computer’s proxy settings (a PAC script) could not be used';

/** Chromium's names (net::ERR_<name>), net/base/net_error_list.h. */
const CHROMIUM: Record<string, Entry> = {
  INTERNET_DISCONNECTED: NOT_REACHED('unreachable'),
  NAME_NOT_RESOLVED: NOT_REACHED('unreachable'),
  NAME_RESOLUTION_FAILED: NOT_REACHED('unreachable'),
  CONNECTION_REFUSED: NOT_REACHED('unreachable'),
  CONNECTION_FAILED: NOT_REACHED('unreachable'),
  ADDRESS_UNREACHABLE: NOT_REACHED('unreachable'),
  ADDRESS_INVALID: NOT_REACHED('unreachable'),
  NETWORK_ACCESS_DENIED: NOT_REACHED('unreachable'),
  // The network went away or changed under a request that may already have been sent.
  NETWORK_CHANGED: MAYBE_REACHED('unreachable'),
  CONNECTION_TIMED_OUT: NOT_REACHED('timeout'),
  TIMED_OUT: MAYBE_REACHED('timeout'),
  CONNECTION_RESET: MAYBE_REACHED('reset'),
  CONNECTION_CLOSED: MAYBE_REACHED('reset'),
  CONNECTION_ABORTED: MAYBE_REACHED('reset'),
  EMPTY_RESPONSE: MAYBE_REACHED('reset'),
  PROXY_CONNECTION_FAILED: NOT_REACHED('proxy-refused', COULD_NOT_CONNECT_TO_PROXY),
  TUNNEL_CONNECTION_FAILED: NOT_REACHED('proxy-refused', 'it would not open a connection to Linq'),
  HTTPS_PROXY_TUNNEL_RESPONSE_REDIRECT: NOT_REACHED(
    'proxy-refused',
    'it sent the app elsewhere instead of connecting it to Linq',
  ),
  SOCKS_CONNECTION_FAILED: NOT_REACHED('proxy-refused', COULD_NOT_CONNECT_TO_PROXY),
  SOCKS_CONNECTION_HOST_UNREACHABLE: NOT_REACHED('proxy-refused', 'it could not reach Linq'),
  NO_SUPPORTED_PROXIES: NOT_REACHED(
    'proxy-refused',
    'none of the proxies this computer is set to use works with the app',
  ),
  MANDATORY_PROXY_CONFIGURATION_FAILED: NOT_REACHED('proxy-refused', PROXY_SETTINGS_UNUSABLE),
  PAC_SCRIPT_FAILED: NOT_REACHED('proxy-refused', PROXY_SETTINGS_UNUSABLE),
  PROXY_AUTH_REQUESTED: NOT_REACHED('proxy-auth'),
  PROXY_AUTH_UNSUPPORTED: NOT_REACHED('proxy-auth'),
  PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION: NOT_REACHED('proxy-auth'),
  // Linq never asks for HTTP authentication (its key is a bearer token): a sign-in that
  // failed on the way is the proxy's (NTLM, Kerberos).
  INVALID_AUTH_CREDENTIALS: NOT_REACHED('proxy-auth'),
  MISSING_AUTH_CREDENTIALS: NOT_REACHED('proxy-auth'),
  UNSUPPORTED_AUTH_SCHEME: NOT_REACHED('proxy-auth'),
  MISCONFIGURED_AUTH_ENVIRONMENT: NOT_REACHED('proxy-auth'),
  PROXY_CERTIFICATE_INVALID: NOT_REACHED('tls'),
};

/** Certificate failures: CERT_* (200–299 in Chromium's list), found in the handshake. */
const CHROMIUM_CERTIFICATE = /^CERT_/;

/**
 * SSL_* errors that can only happen in the handshake, before a byte of the request. Every other
 * SSL_* error (a bad record, a decrypt alert, a renegotiation asked for after the request) can
 * come on a connection that already carried the request: in doubt, so read back before sending
 * again, and told as a connection cut off, not as an untrusted certificate.
 */
const CHROMIUM_HANDSHAKE_ONLY = new Set([
  'SSL_VERSION_OR_CIPHER_MISMATCH',
  'SSL_OBSOLETE_VERSION_OR_CIPHER',
  'SSL_PINNED_KEY_NOT_IN_CERT_CHAIN',
  'SSL_SERVER_CERT_BAD_FORMAT',
  'SSL_UNRECOGNIZED_NAME_ALERT',
  'SSL_KEY_USAGE_INCOMPATIBLE',
]);

function chromiumTlsFailure(name: string): Entry | null {
  if (CHROMIUM_CERTIFICATE.test(name) || CHROMIUM_HANDSHAKE_ONLY.has(name)) {
    return NOT_REACHED('tls');
  }
  return name.startsWith('SSL_') ? MAYBE_REACHED('reset') : null;
}

/** Node's (libuv's and undici's) error codes, as `code` on an error in the cause chain. */
const NODE: Record<string, Entry> = {
  ECONNREFUSED: NOT_REACHED('unreachable'),
  ENOTFOUND: NOT_REACHED('unreachable'),
  EAI_AGAIN: NOT_REACHED('unreachable'),
  ENETUNREACH: NOT_REACHED('unreachable'),
  EHOSTUNREACH: NOT_REACHED('unreachable'),
  ENETDOWN: NOT_REACHED('unreachable'),
  EADDRNOTAVAIL: NOT_REACHED('unreachable'),
  UND_ERR_CONNECT_TIMEOUT: NOT_REACHED('timeout'),
  UND_ERR_HEADERS_TIMEOUT: MAYBE_REACHED('timeout'),
  UND_ERR_BODY_TIMEOUT: MAYBE_REACHED('timeout'),
  ECONNRESET: MAYBE_REACHED('reset'),
  ECONNABORTED: MAYBE_REACHED('reset'),
  EPIPE: MAYBE_REACHED('reset'),
  UND_ERR_SOCKET: MAYBE_REACHED('reset'),
  [PROXY_UNREACHABLE_CODE]: NOT_REACHED('proxy-refused', COULD_NOT_CONNECT_TO_PROXY),
  // TLS to an https:// proxy failed.
  UND_ERR_PRX_TLS: NOT_REACHED('tls'),
  // OpenSSL's certificate verification results, as Node names them.
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: NOT_REACHED('tls'),
  UNABLE_TO_GET_ISSUER_CERT: NOT_REACHED('tls'),
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: NOT_REACHED('tls'),
  SELF_SIGNED_CERT_IN_CHAIN: NOT_REACHED('tls'),
  DEPTH_ZERO_SELF_SIGNED_CERT: NOT_REACHED('tls'),
  HOSTNAME_MISMATCH: NOT_REACHED('tls'),
  INVALID_CA: NOT_REACHED('tls'),
  INVALID_PURPOSE: NOT_REACHED('tls'),
  PATH_LENGTH_EXCEEDED: NOT_REACHED('tls'),
};

/** CERT_HAS_EXPIRED, CERT_UNTRUSTED, …; ERR_TLS_CERT_ALTNAME_INVALID: verification, in the handshake. */
const NODE_CERTIFICATE = /^(CERT_|ERR_TLS_CERT_)/;

/** Other TLS errors from OpenSSL (ERR_SSL_…, ERR_TLS_…) may come after the request was written. */
function nodeTlsFailure(code: string): Entry | undefined {
  if (NODE_CERTIFICATE.test(code)) return NOT_REACHED('tls');
  if (code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return NOT_REACHED('timeout');
  return /^ERR_(SSL|TLS)_/.test(code) ? MAYBE_REACHED('reset') : undefined;
}

/** undici's ProxyAgent, when the proxy answers its CONNECT with anything but 200. */
const UNDICI_TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;
const CHROMIUM_ERROR = /\bnet::ERR_([A-Z0-9_]+)\b/;

/** A proxy's answer with this HTTP status: 407 means it wants a sign-in, anything else no. */
function proxyAnswered(status: number): NetworkFailure {
  if (status === 407) return proxyAuthRequired();
  return {
    ...NOT_REACHED('proxy-refused', `it answered HTTP ${status} when asked to connect to Linq`),
    detail: `proxy answered HTTP ${status}`,
  };
}

/** An HTTP 407 answer, from either network stack: the proxy never passed the request on. */
export function proxyAuthRequired(): NetworkFailure {
  return { ...NOT_REACHED('proxy-auth'), detail: 'proxy answered HTTP 407' };
}

function classifyOne(error: Error): NetworkFailure | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const known = NODE[code] ?? nodeTlsFailure(code);
    if (known) return { ...known, detail: code };
  }
  const tunnel = UNDICI_TUNNEL_REFUSED.exec(error.message);
  if (tunnel) return proxyAnswered(Number(tunnel[1]));
  const chromium = CHROMIUM_ERROR.exec(error.message)?.[1];
  if (chromium) {
    const known = CHROMIUM[chromium] ?? chromiumTlsFailure(chromium);
    if (known) return { ...known, detail: `net::ERR_${chromium}` };
  }
  return null;
}

/**
 * Reads a failed request's error (the SDK's APIConnectionError, fetch's TypeError, Electron's
 * Error) down its cause chain; the outermost error that says something wins. Null when
 * nothing in it is a network failure this module knows.
 */
export function classifyNetworkError(error: unknown): NetworkFailure | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const found = classifyOne(current);
    if (found) return found;
    current = current.cause;
  }
  return null;
}

/** The AppFailure the rest of the app sees for a classified network failure. */
export function networkAppFailure(failure: NetworkFailure, cause: unknown): AppFailure {
  const code = CODE_OF_KIND[failure.kind];
  const error = appError(code, {
    detail: failure.detail,
    ...(failure.reason ? { message: proxyRefusedMessage(failure.reason) } : {}),
  });
  return new AppFailure(error, { cause, delivery: failure.delivery });
}
