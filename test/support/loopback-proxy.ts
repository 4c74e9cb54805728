// A forward proxy on loopback, standing in for a company's: CONNECT tunnels (what Node's fetch
// uses, for http:// targets too) and absolute-form plain-http requests (what Chromium sends
// for an http:// URL through an HTTP proxy). It can demand Basic sign-in (407) or refuse
// every connection (403), and it writes down what it let through. A tunnel that carries plain
// HTTP (the fake Linq on 127.0.0.1) is piped through a reader of its own, which counts and
// forwards it request by request; a TLS tunnel is piped to its target, and counted as one.
// It only ever connects to loopback: any other target is answered 502 without a connection.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface ProxiedRequest {
  /** tunnel: inside a CONNECT; forward: an absolute-form request; tls-tunnel: a piped CONNECT. */
  via: 'tunnel' | 'forward' | 'tls-tunnel';
  method: string;
  /** The full URL (for tls-tunnel: https://host:port). */
  url: string;
}

export interface LoopbackProxy {
  /** http://127.0.0.1:<port>, without credentials. */
  readonly url: string;
  readonly port: number;
  /** The proxy URL with credentials in it, as HTTPS_PROXY=http://user:pass@host:port takes. */
  urlWith(username: string, password: string): string;
  /** Requests it let through, in order. */
  readonly passed: ProxiedRequest[];
  /** Connections and requests it turned away (403, 407, or 502 for a non-loopback target). */
  readonly refused: { status: Refusal; target: string }[];
  /** Answer everything with 403 Forbidden. */
  refuseAll: boolean;
  /** Demand these Basic credentials (407 without them); null lets anyone through. */
  credentials: { username: string; password: string } | null;
  /** Stops listening and drops every connection, as a proxy that went down. */
  goDown(): Promise<void>;
  /** Listens again on the same port. */
  goUp(): Promise<void>;
  close(): Promise<void>;
}

type Refusal = 403 | 407 | 502;

/** The standard proxy variables, in either spelling. */
const PROXY_VARIABLE = /^(https?_proxy|no_proxy|all_proxy)$/i;

/**
 * An environment without the machine's own proxy settings: Node's env-proxy support does not
 * exempt loopback, so a developer's company proxy would otherwise carry every test's traffic to
 * the fake Linq (and its test keys).
 */
export function withoutProxySettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !PROXY_VARIABLE.test(name)));
}

/**
 * The standard variables that send a process's requests through `url`: both spellings (Node
 * reads the lower-case one first), and NO_PROXY empty, so that nothing, not even loopback, is
 * exempt (the machine's own settings, if any, must not leak into a test).
 */
export function proxyVariables(url: string): Record<string, string> {
  return {
    HTTPS_PROXY: url,
    https_proxy: url,
    HTTP_PROXY: url,
    http_proxy: url,
    NO_PROXY: '',
    no_proxy: '',
  };
}

const TLS_HANDSHAKE = 0x16;
const REASONS: Record<Refusal, string> = {
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway',
};

/** Test traffic never leaves the machine, whatever the client asks the proxy for. */
function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export async function startLoopbackProxy(
  options: Partial<Pick<LoopbackProxy, 'refuseAll' | 'credentials'>> = {},
): Promise<LoopbackProxy> {
  const passed: ProxiedRequest[] = [];
  const refused: LoopbackProxy['refused'] = [];
  const sockets = new Set<Socket>();
  /** The target of each plain-HTTP tunnel, by the port its pipe to the reader comes from. */
  const tunnelTargets = new Map<number, string>();

  /** Why this request may not pass (403, 407, 502), or null. */
  function refusal(headers: IncomingMessage['headers'], hostname: string): Refusal | null {
    if (!isLoopback(hostname)) return 502;
    if (proxy.refuseAll) return 403;
    const wanted = proxy.credentials;
    if (!wanted) return null;
    const expected = `Basic ${Buffer.from(`${wanted.username}:${wanted.password}`).toString('base64')}`;
    return headers['proxy-authorization'] === expected ? null : 407;
  }

  function forward(request: IncomingMessage, response: ServerResponse, target: URL): void {
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: `${target.pathname}${target.search}`,
        headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    // The target dropped the connection: so does the proxy, as a real one would.
    upstream.on('error', () => response.socket?.destroy());
    request.pipe(upstream);
  }

  function refuse(response: ServerResponse, status: Refusal, target: string): void {
    refused.push({ status, target });
    const headers: Record<string, string> = { 'Content-Length': '0' };
    if (status === 407) headers['Proxy-Authenticate'] = 'Basic realm="loopback test proxy"';
    response.writeHead(status, REASONS[status], headers).end();
  }

  // The reader of plain-HTTP tunnels: each request in one is counted and forwarded.
  const tunnelled = createServer((request, response) => {
    const tunnel = tunnelTargets.get(request.socket.remotePort ?? 0);
    const target = new URL(request.url ?? '/', `http://${tunnel}`);
    passed.push({ via: 'tunnel', method: request.method ?? 'GET', url: target.href });
    forward(request, response, target);
  });
  await new Promise<void>((resolve) => tunnelled.listen(0, '127.0.0.1', resolve));
  const readerPort = (tunnelled.address() as AddressInfo).port;

  /** Pipes a tunnel's socket to host:port, starting with the bytes already read from it. */
  function pipe(
    socket: Socket,
    first: Buffer,
    host: string,
    port: number,
    onOpen?: (upstream: Socket) => void,
  ): void {
    socket.pause(); // until the pipe below takes over: nothing may be read and dropped
    const upstream = connect(port, host, () => {
      onOpen?.(upstream);
      upstream.write(first);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  }

  const server: Server = createServer((request, response) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    const status = refusal(request.headers, target.hostname);
    if (status) return refuse(response, status, target.href);
    passed.push({ via: 'forward', method: request.method ?? 'GET', url: target.href });
    forward(request, response, target);
  });

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = request.url ?? '';
    socket.on('error', () => socket.destroy());
    let hostname: string;
    let port: string;
    try {
      ({ hostname, port } = new URL(`https://${target}`));
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const status = refusal(request.headers, hostname);
    if (status) {
      refused.push({ status, target });
      const challenge =
        status === 407 ? 'Proxy-Authenticate: Basic realm="loopback test proxy"\r\n' : '';
      socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\n${challenge}Content-Length: 0\r\n\r\n`);
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const start = (first: Buffer) => {
      if (first[0] === TLS_HANDSHAKE) {
        passed.push({ via: 'tls-tunnel', method: 'CONNECT', url: `https://${target}` });
        pipe(socket, first, hostname.replace(/^\[|\]$/g, ''), Number(port) || 443);
        return;
      }
      pipe(socket, first, '127.0.0.1', readerPort, (upstream) => {
        tunnelTargets.set(upstream.localPort ?? 0, target);
      });
    };
    if (head.length > 0) start(head);
    else socket.once('data', start);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  async function goDown(): Promise<void> {
    if (!server.listening) return;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of sockets) socket.destroy();
    tunnelled.closeAllConnections();
    await closed;
  }

  const proxy: LoopbackProxy = {
    url,
    port,
    urlWith: (username, password) =>
      `http://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    passed,
    refused,
    refuseAll: options.refuseAll ?? false,
    credentials: options.credentials ?? null,
    goDown,
    async goUp() {
      if (server.listening) return;
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      await goDown();
      await new Promise((resolve) => tunnelled.close(resolve));
    },
  };
  return proxy;
}
