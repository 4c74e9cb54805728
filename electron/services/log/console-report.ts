// What an unexpected error may print on the console (stdout and stderr) of main or the headless
// host. The log file gets the whole error, redacted (logger.ts); the console gets only what kind
// of error it was and where it happened. The console is not private: a desktop session sends it
// to ~/.xsession-errors or the journal, a terminal keeps it in its scrollback, CI keeps it in
// build logs. And redaction only removes what it knows of, while an error's message, its own
// fields and its cause are exactly where a key would be (an SDK error quoting its request's
// headers, a value quoted in a TypeError). So none of those is printed: stack frames name
// functions and files, never values.
import { createRedactor } from './redact.ts';

const MAX_FRAMES = 12;
/** An identifier, as error class names are; anything else is not repeated. */
const SAFE_NAME = /^[A-Za-z_$][\w$]{0,63}$/;
/** Node's ERR_… codes and errno names (ENOENT): worth printing, and never a value. */
const SAFE_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const FRAME = /^\s+at\s/;

// Bearer tokens and Authorization values, in case a frame ever held one (it should not).
const patterns = createRedactor();

function read<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined; // a throwing getter or a revoked proxy: leave the part out
  }
}

function kindOf(error: unknown): string {
  if (!(error instanceof Error)) {
    return error === null ? 'a thrown null' : `a thrown ${typeof error}`;
  }
  const name = read(() => error.name);
  const constructorName = read(() => error.constructor?.name);
  const kind =
    typeof name === 'string' && SAFE_NAME.test(name)
      ? name
      : typeof constructorName === 'string' && SAFE_NAME.test(constructorName)
        ? constructorName
        : 'Error';
  const code = read(() => (error as { code?: unknown }).code);
  return typeof code === 'string' && SAFE_CODE.test(code) ? `${kind} (${code})` : kind;
}

/**
 * The stack's frames without its first lines, which repeat the message (and a message may run
 * over several lines, one of which could look like a frame). When the stack does not start with
 * the message as V8 writes it, there is no telling where the message ends: no frames then.
 */
function framesOf(error: unknown): string[] {
  if (!(error instanceof Error)) return [];
  const stack = read(() => error.stack);
  const name = read(() => error.name);
  const message = read(() => error.message);
  if (typeof stack !== 'string' || typeof message !== 'string') return [];
  const header = message === '' ? String(name) : `${String(name)}: ${message}`;
  if (!stack.startsWith(header)) return [];
  return stack
    .slice(header.length)
    .split('\n')
    .filter((line) => FRAME.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => patterns.redactText(line));
}

/**
 * One console report of an unexpected error: `what` happened, the error's kind (class name and
 * Node error code) and its stack frames, and where the full (redacted) error was logged.
 */
export function consoleBugReport(what: string, error: unknown, loggedIn?: string): string {
  const where = loggedIn
    ? `its message and details are in ${loggedIn}`
    : 'its message is left out, as it could hold the API key';
  return [`${what}: ${kindOf(error)} (${where})`, ...framesOf(error)].join('\n');
}

export interface ProcessErrorReports {
  /** Names the process in each report, e.g. "[headless host]". */
  process: string;
  /** End the process (exit code 1) after reporting, as Node does by default. */
  exit: boolean;
  /** Where reports go (default: stderr). */
  write?: (text: string) => void;
}

/**
 * Replaces Node's (and Electron's) own reports of uncaught exceptions and unhandled
 * rejections, which print the whole error, message, fields and cause included, on stderr (and
 * Electron's in a dialog as well).
 */
export function reportProcessErrorsSafely(options: ProcessErrorReports): void {
  const write = options.write ?? ((text: string) => process.stderr.write(`${text}\n`));
  const report = (what: string, error: unknown) => {
    try {
      write(consoleBugReport(`${options.process} ${what}`, error));
    } finally {
      if (options.exit) process.exit(1);
    }
  };
  process.on('uncaughtException', (error) => report('uncaught exception', error));
  process.on('unhandledRejection', (reason) => report('unhandled promise rejection', reason));
}
