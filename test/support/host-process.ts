// Drives a headless host (electron/headless/host.ts) in a child Node process: invoke contract
// requests, receive its events, kill it like a crash or ask it to quit (a signal, or the driver
// going away), and start it again on the same data.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KeyStatus, Result } from '../../shared/contract.ts';
import type { OutboxSnapshot } from '../../shared/outbox.schema.ts';
import { HOST_ENV, type FromHost, type ToHost } from '../../electron/headless/protocol.ts';
import { withoutProxySettings } from './loopback-proxy.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const HOST_ENTRY = fileURLToPath(new URL('../../electron/headless/host.ts', import.meta.url));

export interface HostOptions {
  dataDir: string;
  apiBaseUrl: string;
  keychainService: string;
  locale?: string;
  requestTimeoutMs?: number;
  /** Extra environment for the host, e.g. to take its Secret Service away. */
  env?: Record<string, string>;
}

/** How a host process ended. */
export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface HostProcess {
  invoke(name: string, payload?: unknown): Promise<Result<unknown>>;
  /** The outbox as the host's services hold it (no window request: see Services). */
  outboxSnapshot(): Promise<OutboxSnapshot>;
  /** Stores a key without a check with Linq (no window request: see Services); throws if not. */
  storeKeyUnchecked(key: string): Promise<KeyStatus>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** Kills the host without warning (SIGKILL), as a crash would, and waits for it to be gone. */
  kill(): Promise<void>;
  /** Sends the host a signal without waiting: SIGTERM, SIGINT and SIGHUP make it shut down. */
  signal(name: NodeJS.Signals): void;
  /** Closes the IPC channel, as a driver that goes away does: the host shuts down. */
  disconnect(): void;
  /** How the current host ended, once it has. */
  exited(): Promise<HostExit>;
  /** Starts a new host on the same data directory (killing the current one if still running). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  readonly pid: number | undefined;
  /** Everything the host wrote to stdout and stderr. */
  readonly output: string[];
}

export async function startHostProcess(options: HostOptions): Promise<HostProcess> {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const output: string[] = [];
  let child: ChildProcess | null = null;
  let exit: Promise<HostExit> = Promise.resolve({ code: null, signal: null });
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (r: Result<unknown>) => void; reject: (e: Error) => void }
  >();

  function failPending(reason: string): void {
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
  }

  async function launch(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      // A test that wants a proxy names it in options.env.
      ...withoutProxySettings(process.env),
      [HOST_ENV.dataDir]: options.dataDir,
      [HOST_ENV.apiBaseUrl]: options.apiBaseUrl,
      [HOST_ENV.keychainService]: options.keychainService,
      [HOST_ENV.locale]: options.locale ?? 'en-US',
      ...options.env,
    };
    if (options.requestTimeoutMs) env[HOST_ENV.requestTimeoutMs] = String(options.requestTimeoutMs);
    const started = fork(HOST_ENTRY, [], {
      env,
      execPath: process.execPath,
      // A small young generation: loading a large history leaves tens of megabytes of
      // short-lived rows, which the default 16 MB semi-spaces keep resident (npm run bench).
      execArgv: ['--max-semi-space-size=2'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child = started;
    exit = new Promise((resolve) =>
      started.once('exit', (code, signal) => resolve({ code, signal })),
    );
    started.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    started.on('message', (message: FromHost) => {
      if (message.type === 'result') {
        pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
      } else if (message.type === 'event') {
        for (const listener of listeners) listener(message.name, message.payload);
      }
    });
    started.on('exit', () => {
      if (child === started) child = null;
      failPending('The headless host exited');
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromHost) => {
        if (message.type !== 'ready') return;
        started.off('message', onMessage);
        resolve();
      };
      started.on('message', onMessage);
      started.once('exit', (code) =>
        reject(
          new Error(`Headless host exited (${code}) before it was ready:\n${output.join('')}`),
        ),
      );
    });
  }

  async function end(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill(signal);
    await exited;
  }

  /** Sends a message that the host answers with a result, and waits for that result. */
  function ask(message: DistributiveOmit<ToHost, 'id'>): Promise<Result<unknown>> {
    const current = child;
    if (!current?.connected) return Promise.reject(new Error('The headless host is not running'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      current.send({ ...message, id } satisfies ToHost);
    });
  }

  await launch();

  return {
    invoke: (name, payload) => ask({ type: 'invoke', name, payload }),
    async outboxSnapshot() {
      const result = await ask({ type: 'outboxSnapshot' });
      if (!result.ok) throw new Error(`outboxSnapshot failed: ${JSON.stringify(result.error)}`);
      return result.value as OutboxSnapshot;
    },
    async storeKeyUnchecked(key) {
      const result = await ask({ type: 'storeKeyUnchecked', key });
      if (!result.ok) throw new Error(`storeKeyUnchecked failed: ${JSON.stringify(result.error)}`);
      return result.value as KeyStatus;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    kill: () => end('SIGKILL'),
    signal(name) {
      child?.kill(name);
    },
    disconnect() {
      if (child?.connected) child.disconnect();
    },
    exited: () => exit,
    async restart() {
      await end('SIGKILL');
      await launch();
    },
    stop: () => end('SIGTERM'),
    get pid() {
      return child?.pid;
    },
    output,
  };
}
