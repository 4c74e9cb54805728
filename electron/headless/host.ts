// The headless host: the same services Electron's main runs, in a plain Node process, driven
// over Node's IPC channel. The browser test host forks it (so a test can kill and restart the
// "main process"), and benchmarks and scripts can use it without Electron.
//   LINQ_DATA_DIR=… LINQ_API_BASE_URL=… node electron/headless/host.ts   (with an IPC channel)
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLOSE_WAIT_MS, createServices } from '../services/index.ts';
import { consoleBugReport, reportProcessErrorsSafely } from '../services/log/console-report.ts';
import { createShutdown, SHUTDOWN_MARGIN_MS, shutDownOnSignals } from '../services/shutdown.ts';
import { AppFailure } from '../services/failure.ts';
import { envProxyFetch } from './env-proxy-fetch.ts';
import { HOST_ENV, type FromHost, type ToHost } from './protocol.ts';
import type { Result } from '../../shared/contract.ts';
import { appError } from '../../shared/errors.schema.ts';
import packageJson from '../../package.json' with { type: 'json' };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

function send(message: FromHost): void {
  // Not once the driver is gone: Node would raise the closed channel as an uncaught error,
  // ending the host in the middle of its shutdown.
  if (process.connected) process.send?.(message);
}

// Node's own report of an uncaught exception or unhandled rejection prints the whole error on
// stderr: message, fields, cause, anything a key could hide in. This one prints its kind only.
reportProcessErrorsSafely({ process: '[headless host]', exit: true });

if (!process.send) {
  console.error('The headless host must be started with an IPC channel (child_process.fork).');
  process.exit(2);
}

function positive(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Two positive numbers "a,b", e.g. "50,500" (by default the second at least the first). */
function pair(name: string, ordered = true): [number, number] | undefined {
  const parts = (process.env[name] ?? '').split(',').map(Number);
  const [a, b] = parts;
  return parts.length === 2 && a! > 0 && b! > 0 && (!ordered || b! >= a!) ? [a!, b!] : undefined;
}

const backoff = pair(HOST_ENV.outboxBackoffMs);
const probe = pair(HOST_ENV.probeDelaysMs);
const writeBudget = pair(HOST_ENV.writeBudget, false);
const notActive = pair(HOST_ENV.notActive, false);
const closeWaitMs = positive(HOST_ENV.closeWaitMs) ?? CLOSE_WAIT_MS;
const dataDir = required(HOST_ENV.dataDir);
/** The clock a test moved (see HOST_ENV.clockOffsetFile); the real one otherwise. */
function clockOffsetMs(): number {
  const file = process.env[HOST_ENV.clockOffsetFile];
  if (!file) return 0;
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(value) ? value : 0;
  } catch {
    return 0;
  }
}
const offsetMs = clockOffsetMs();
// The services' default log folder: a bug is logged there, in full and redacted, before
// reportBug is called with it.
const logsDir = join(dataDir, 'logs');
const services = createServices({
  dataDir,
  apiBaseUrl: process.env[HOST_ENV.apiBaseUrl],
  // A test host: the fake Linq API and the test proxies listen on this computer (a test can
  // ask for a release build's rule instead).
  trustLoopbackApiAddress: process.env[HOST_ENV.trustLoopbackApiAddress] !== '0',
  keychainService: process.env[HOST_ENV.keychainService] ?? 'Linq Contact Cards (headless)',
  locale: process.env[HOST_ENV.locale] ?? Intl.DateTimeFormat().resolvedOptions().locale,
  version: packageJson.version,
  ...(offsetMs !== 0 ? { clock: () => new Date(Date.now() + offsetMs) } : {}),
  requestTimeoutMs: positive(HOST_ENV.requestTimeoutMs),
  closeWaitMs,
  outboxConcurrency: positive(HOST_ENV.outboxConcurrency),
  outboxBackoff: backoff ? { baseMs: backoff[0], capMs: backoff[1] } : undefined,
  probeDelays: probe ? { firstMs: probe[0], maxMs: probe[1] } : undefined,
  writeBudget: writeBudget
    ? {
        limit: writeBudget[0],
        windowMs: writeBudget[1],
        marginMs: Math.min(2_000, writeBudget[1] / 10),
      }
    : undefined,
  notActive: notActive ? { checkAfterMs: notActive[0], maxTries: notActive[1] } : undefined,
  syncOnConnect: process.env[HOST_ENV.syncOnConnect] !== '0',
  // Node's fetch, through HTTPS_PROXY / HTTP_PROXY unless NO_PROXY says otherwise.
  fetch: envProxyFetch(),
  chooseExportPath: async (name) => {
    const dir = process.env[HOST_ENV.exportDir];
    return dir ? join(dir, name) : null;
  },
  // There is no open dialog without Electron: a test writes what the user would pick.
  chooseImportSource: async () => {
    const file = process.env[HOST_ENV.openDialogAnswer];
    const answer = file ? await readFile(file, 'utf8').catch(() => '') : '';
    return answer.trim() === '' ? null : answer.trim();
  },
  // Never the error itself on stderr: its message or cause could hold the key.
  reportBug: (error) =>
    console.error(
      consoleBugReport('[headless host] unexpected error', error, `the log in ${logsDir}`),
    ),
});

services.events.subscribe((name, payload) => send({ type: 'event', name, payload }));

/** The outbox for the driver; an error value, never a throw, once the database is closed. */
function outboxSnapshot(): Result<unknown> {
  try {
    return { ok: true, value: services.outboxSnapshot() };
  } catch {
    return { ok: false, error: appError('INTERNAL', { detail: 'The outbox cannot be read now.' }) };
  }
}

/** A key stored for the driver; its failure (a keychain problem) as an error value. */
async function storeKeyUnchecked(key: string): Promise<Result<unknown>> {
  try {
    return { ok: true, value: await services.storeKeyUnchecked(key) };
  } catch (error) {
    return {
      ok: false,
      error: error instanceof AppFailure ? error.appError : appError('INTERNAL'),
    };
  }
}

process.on('message', (raw: ToHost) => {
  if (raw?.type === 'outboxSnapshot') {
    send({ type: 'result', id: raw.id, result: outboxSnapshot() });
    return;
  }
  if (raw?.type === 'storeKeyUnchecked') {
    void storeKeyUnchecked(raw.key).then((result) => send({ type: 'result', id: raw.id, result }));
    return;
  }
  if (raw?.type !== 'invoke') return;
  void services
    .dispatch(raw.name, raw.payload)
    .then((result) => send({ type: 'result', id: raw.id, result }));
});

// The same shutdown as Electron's main (electron/services/shutdown.ts): on a signal, or when the
// driver goes away (test over, or killed).
const requestShutdown = createShutdown({
  close: (reason) => services.close(reason),
  exit: (code) => process.exit(code),
  boundMs: closeWaitMs + SHUTDOWN_MARGIN_MS,
  report: (message) => console.error(`[headless host] ${message}`),
});
shutDownOnSignals(process, requestShutdown);
process.on('disconnect', () => void requestShutdown('disconnect'));

send({ type: 'ready', pid: process.pid });
