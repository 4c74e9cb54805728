// The app's log: JSON lines in <dataDir>/logs/app.log (rotating, see rotating-file.ts), each
// with its time, level, message and structured fields. Redaction happens here, for every line,
// so no caller can forget it: registered secrets (the API key), Authorization headers, Bearer
// tokens and credential-named fields never reach the file (see redact.ts and loggable.ts).
// Logging never throws into the app: a full disk costs log lines, not a card.
import { toLoggable } from './loggable.ts';
import { createRedactor } from './redact.ts';
import { openRotatingFile } from './rotating-file.ts';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** What services are given: they write lines, nothing else. */
export interface Log {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface Logger extends Log {
  /** The folder holding the log files (the Help menu opens it). */
  readonly dir: string;
  /** Every exact occurrence of `secret` is redacted from all lines written from now on. */
  addSecret(secret: string): void;
  /** Closes the file. Lines logged later are still written (the file is opened for each). */
  close(): void;
  /**
   * Writes the run's last line and closes the file; lines logged after it are dropped. For the
   * services' "Stopped": work given up on while stopping may still end later, and the log of a
   * run ends with its last word, not with that work failing on the closed database.
   */
  finish(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  dir: string;
  /** Size at which app.log rotates (default 1 MiB). */
  maxBytes?: number;
  /** Rotated files kept: app.1.log … app.<keep>.log (default 4). */
  keep?: number;
  /** The time written on each line (default: the wall clock). */
  now?: () => Date;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_KEEP = 4;
const RESERVED = new Set(['time', 'level', 'message']);

export function createLogger(options: LoggerOptions): Logger {
  const redactor = createRedactor();
  const file = openRotatingFile({
    dir: options.dir,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    keep: options.keep ?? DEFAULT_KEEP,
  });
  const now = options.now ?? (() => new Date());
  let failures = 0;
  let finished = false;

  function write(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (finished) return;
    try {
      const record: Record<string, unknown> = { time: now().toISOString(), level, message };
      for (const [name, value] of Object.entries(fields)) {
        // A field may not overwrite the line's own time, level or message.
        record[RESERVED.has(name) ? `field_${name}` : name] = value;
      }
      const line = redactor.redactLine(JSON.stringify(toLoggable(record, redactor)));
      file.append(`${line}\n`);
      failures = 0;
    } catch (error) {
      // Said once per run of failures on stderr (with the code only: the text could hold
      // anything), then silence until a line gets through again.
      if (failures++ === 0) {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
        console.error(`Could not write to the log in ${options.dir} (${code})`);
      }
    }
  }

  function close(): void {
    try {
      file.close();
    } catch {
      // Nothing left to lose: every line was written when it was logged.
    }
  }

  return {
    dir: options.dir,
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    addSecret: (secret) => redactor.addSecret(secret),
    close,
    finish(message, fields) {
      write('info', message, fields);
      finished = true;
      close();
    },
  };
}

/** The first line of every run: what support asks first. Never anything about the key. */
export function startupFields(version: string): LogFields {
  return {
    version,
    platform: process.platform,
    arch: process.arch,
    node: process.versions.node,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
    pid: process.pid,
  };
}
