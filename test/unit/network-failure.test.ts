// Network failures read the same whichever stack made the request: Node's fetch (real errors,
// made on loopback here) and Electron's net.fetch (Chromium's "net::ERR_…" messages, as
// strings: there is no Electron runtime on this machine), each into its own class with a
// message that says what to do and the right answer to "can this have reached Linq?".
import { createServer, setGlobalProxyFromEnv, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIConnectionError, APIError } from '@linqapp/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppFailure } from '../../electron/services/linq-client.ts';
import {
  classifyNetworkError,
  proxyUnreachableError,
} from '../../electron/services/net/network-failure.ts';
import {
  afterPhotoFailure,
  afterWriteFailure,
} from '../../electron/services/outbox/send-policy.ts';
import { appError } from '../../shared/errors.schema.ts';

/** The SDK's wrapping of whatever fetch rejected with. */
const sdkError = (cause: unknown) => new APIConnectionError({ cause: cause as Error });

/** Electron's net.fetch rejects with a plain Error whose message is Chromium's error name. */
const chromium = (name: string) => sdkError(new Error(`net::ERR_${name}`));

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** What Node's fetch really rejects with for `url`. */
async function nodeFetchError(url: string): Promise<unknown> {
  return fetch(url).then(
    () => {
      throw new Error(`${url} answered`);
    },
    (error: unknown) => error,
  );
}

describe("Node's fetch (undici), real errors on loopback", () => {
  let closedPort: number;
  let resetting: Server;
  let proxy: Server;
  let resettingPort: number;
  let proxyPort: number;
  let proxyAnswer = '';

  beforeAll(async () => {
    const probe = createServer();
    closedPort = await listening(probe);
    await new Promise((resolve) => probe.close(resolve));
    resetting = createServer((request) => request.socket.resetAndDestroy());
    resettingPort = await listening(resetting);
    proxy = createServer();
    proxy.on('connect', (_request, socket) => socket.end(proxyAnswer));
    proxyPort = await listening(proxy);
  });
  afterAll(async () => {
    await new Promise((resolve) => resetting.close(resolve));
    await new Promise((resolve) => proxy.close(resolve));
  });

  /** Node's fetch through the loopback proxy, which answers the CONNECT with `answer`. */
  async function throughProxy(answer: string): Promise<unknown> {
    proxyAnswer = answer;
    const restore = setGlobalProxyFromEnv({ HTTP_PROXY: `http://127.0.0.1:${proxyPort}` });
    try {
      return await nodeFetchError(`http://127.0.0.1:${closedPort}/v3/phone_numbers`);
    } finally {
      restore();
    }
  }

  it('a refused connection never reached Linq', async () => {
    const error = await nodeFetchError(`http://127.0.0.1:${closedPort}/`);
    expect(classifyNetworkError(sdkError(error))).toEqual({
      kind: 'unreachable',
      delivery: 'not-sent',
      detail: 'ECONNREFUSED',
    });
  });

  it('a reset after the request was written may have reached Linq', async () => {
    const error = await nodeFetchError(`http://127.0.0.1:${resettingPort}/`);
    expect(classifyNetworkError(sdkError(error))).toMatchObject({
      kind: 'reset',
      delivery: 'unknown',
    });
  });

  it('a proxy answering 407 to the tunnel wants a sign-in; the request never left', async () => {
    const error = await throughProxy(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
    );
    expect(classifyNetworkError(sdkError(error))).toEqual({
      kind: 'proxy-auth',
      delivery: 'not-sent',
      detail: 'proxy answered HTTP 407',
    });
  });

  it('a proxy answering 403 to the tunnel refused it, and says so', async () => {
    const error = await throughProxy('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
    const failure = toAppFailure(sdkError(error));
    expect(failure.delivery).toBe('not-sent');
    expect(failure.appError.code).toBe('PROXY_REFUSED');
    expect(failure.appError.message).toMatch(
      /^Your network’s proxy refused the connection: it answered HTTP 403 when asked to connect to Linq\. Nothing was sent to Linq\. Ask your IT team/,
    );
  });

  it('a proxy the host could not connect to (tagged by its fetch) is the proxy’s refusal', async () => {
    const refused = await nodeFetchError(`http://127.0.0.1:${closedPort}/`);
    const failure = toAppFailure(sdkError(proxyUnreachableError(refused)));
    expect(failure).toMatchObject({ delivery: 'not-sent', appError: { code: 'PROXY_REFUSED' } });
    expect(failure.appError.message).toContain('the app could not connect to the proxy');
  });
});

describe("Node's TLS failures (codes as Node's fetch reports them in the cause)", () => {
  it.each([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
  ])('%s: not trusted, never sent', (code) => {
    const cause = Object.assign(new Error('certificate trouble'), { code });
    const failure = toAppFailure(sdkError(new TypeError('fetch failed', { cause })));
    expect(failure.delivery).toBe('not-sent');
    expect(failure.appError).toMatchObject({ code: 'TLS_UNTRUSTED', detail: code });
  });

  it.each(['ERR_SSL_DECRYPTION_FAILED_OR_BAD_RECORD_MAC', 'ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC'])(
    '%s: may have come after the request was written, so in doubt',
    (code) => {
      const cause = Object.assign(new Error('bad record mac'), { code });
      const failure = toAppFailure(sdkError(new TypeError('fetch failed', { cause })));
      expect(failure.delivery).toBe('unknown');
      expect(failure.appError).toMatchObject({ code: 'CONNECTION_RESET', detail: code });
    },
  );

  it('a TLS handshake that times out never carried the request', () => {
    const cause = Object.assign(new Error('handshake timeout'), {
      code: 'ERR_TLS_HANDSHAKE_TIMEOUT',
    });
    const failure = toAppFailure(sdkError(new TypeError('fetch failed', { cause })));
    expect(failure).toMatchObject({ delivery: 'not-sent', appError: { code: 'TIMEOUT' } });
  });
});

describe("Electron's net.fetch (Chromium's error names)", () => {
  it.each([
    ['INTERNET_DISCONNECTED', 'NETWORK_UNREACHABLE', 'not-sent'],
    ['NAME_NOT_RESOLVED', 'NETWORK_UNREACHABLE', 'not-sent'],
    ['CONNECTION_REFUSED', 'NETWORK_UNREACHABLE', 'not-sent'],
    ['ADDRESS_UNREACHABLE', 'NETWORK_UNREACHABLE', 'not-sent'],
    ['CONNECTION_TIMED_OUT', 'TIMEOUT', 'not-sent'],
    ['TIMED_OUT', 'TIMEOUT', 'unknown'],
    ['CONNECTION_RESET', 'CONNECTION_RESET', 'unknown'],
    ['CONNECTION_CLOSED', 'CONNECTION_RESET', 'unknown'],
    ['EMPTY_RESPONSE', 'CONNECTION_RESET', 'unknown'],
    ['CERT_AUTHORITY_INVALID', 'TLS_UNTRUSTED', 'not-sent'],
    ['CERT_COMMON_NAME_INVALID', 'TLS_UNTRUSTED', 'not-sent'],
    ['CERT_DATE_INVALID', 'TLS_UNTRUSTED', 'not-sent'],
    ['SSL_VERSION_OR_CIPHER_MISMATCH', 'TLS_UNTRUSTED', 'not-sent'],
    // May come on a connection that already carried the request: read back, never resent blind.
    ['SSL_PROTOCOL_ERROR', 'CONNECTION_RESET', 'unknown'],
    ['SSL_BAD_RECORD_MAC_ALERT', 'CONNECTION_RESET', 'unknown'],
    ['SSL_RENEGOTIATION_REQUESTED', 'CONNECTION_RESET', 'unknown'],
    ['PROXY_CERTIFICATE_INVALID', 'TLS_UNTRUSTED', 'not-sent'],
    ['PROXY_CONNECTION_FAILED', 'PROXY_REFUSED', 'not-sent'],
    ['TUNNEL_CONNECTION_FAILED', 'PROXY_REFUSED', 'not-sent'],
    ['MANDATORY_PROXY_CONFIGURATION_FAILED', 'PROXY_REFUSED', 'not-sent'],
    ['PAC_SCRIPT_FAILED', 'PROXY_REFUSED', 'not-sent'],
    ['PROXY_AUTH_REQUESTED', 'PROXY_AUTH_REQUIRED', 'not-sent'],
    ['PROXY_AUTH_UNSUPPORTED', 'PROXY_AUTH_REQUIRED', 'not-sent'],
    ['INVALID_AUTH_CREDENTIALS', 'PROXY_AUTH_REQUIRED', 'not-sent'],
  ] as const)('net::ERR_%s is %s, %s', (name, code, delivery) => {
    const failure = toAppFailure(chromium(name));
    expect(failure.delivery).toBe(delivery);
    expect(failure.appError).toMatchObject({ code, detail: `net::ERR_${name}` });
  });

  it('says why the proxy refused', () => {
    expect(toAppFailure(chromium('PROXY_CONNECTION_FAILED')).appError.message).toContain(
      'refused the connection: the app could not connect to the proxy.',
    );
    expect(toAppFailure(chromium('TUNNEL_CONNECTION_FAILED')).appError.message).toContain(
      'refused the connection: it would not open a connection to Linq.',
    );
  });

  it('leaves an unknown Chromium error as "unreachable, may have been sent"', () => {
    expect(toAppFailure(chromium('SOMETHING_NEW'))).toMatchObject({
      delivery: 'unknown',
      appError: { code: 'NETWORK_UNREACHABLE' },
    });
  });
});

describe('an HTTP 407 answer (a proxy in front of a plain-http URL)', () => {
  it('is the proxy wanting a sign-in, not an answer from Linq', () => {
    const failure = toAppFailure(
      new APIError(407, undefined, 'Proxy Authentication Required', new Headers()),
    );
    expect(failure.delivery).toBe('not-sent');
    expect(failure.appError.code).toBe('PROXY_AUTH_REQUIRED');
  });
});

describe('each class says what to do', () => {
  it.each([
    [
      'TLS_UNTRUSTED',
      /inspect encrypted traffic.*IT team to install your company’s root certificate in this computer’s certificate store/,
    ],
    [
      'PROXY_REFUSED',
      /^Your network’s proxy refused the connection: .*IT team to let this computer reach api\.linqapp\.com/,
    ],
    ['PROXY_AUTH_REQUIRED', /proxy asks for a sign-in the app cannot give it.*IT team/],
    ['CONNECTION_RESET', /cut off before Linq answered.*firewall or proxy/],
  ] as const)('%s', (code, advice) => {
    expect(appError(code)).toMatchObject({
      message: expect.stringMatching(advice),
      action: 'retry',
    });
  });
});

describe('the outbox', () => {
  it.each([
    'PROXY_REFUSED',
    'PROXY_AUTH_REQUIRED',
    'TLS_UNTRUSTED',
    'NETWORK_UNREACHABLE',
  ] as const)(
    'keeps a card refused with %s waiting and lets the probe find when Linq is back',
    (code) => {
      expect(afterWriteFailure(appError(code), 'not-sent', 'setup')).toEqual({
        kind: 'retry',
        unreachable: true,
        rateLimited: false,
      });
      expect(afterPhotoFailure(appError(code), 'not-sent')).toMatchObject({
        kind: 'retry',
        unreachable: true,
      });
    },
  );

  it('reads back a card whose connection was cut, before sending anything again', () => {
    expect(afterWriteFailure(appError('CONNECTION_RESET'), 'unknown', 'update')).toEqual({
      kind: 'check',
      unreachable: true,
      waitForTimeout: true,
    });
  });
});
