// One way out of the app, whatever asks for it: File > Quit, Cmd+Q, app.quit(), the last window
// closed, the OS ending the session or shutting down, a signal, the headless host's driver
// going away. Every trigger calls the same requestShutdown. The first call closes the services
// (no new Linq calls, a bounded wait for those in flight to record their outcomes, the database
// closed, "Stopped" logged) and then exits; any later call, during that or after, starts
// nothing and gets the same exit code. Never hangs: if closing does not settle within the
// bound, the process exits anyway (what is committed is safe, and requests cut short are in
// doubt at the next start, which reads them back).
//
// A repeated signal does not force an immediate exit, although "Ctrl+C twice" often means that
// elsewhere: a terminal delivers Ctrl+C's SIGINT to its whole process group, and electron-vite's
// dev and preview runner forwards the SIGINT it got to Electron as well, so one Ctrl+C arrives
// twice. The wait is bounded anyway, so nothing is gained by cutting it short.
//
// A service, without Electron imports: both hosts use it (electron/main and the headless host),
// and unit tests drive it with fakes.
import { consoleBugReport } from './log/console-report.ts';
import { settlesWithin } from './settles-within.ts';

/** The services closed as they should (requests given up on by the bounded wait included). */
export const EXIT_CLEAN = 0;
/** Closing failed, or did not settle within the bound. */
export const EXIT_UNCLEAN = 1;

/**
 * How much longer than the services' own wait for requests (closeWaitMs) the whole shutdown may
 * take before it exits regardless: closing the database and the log is quick, so reaching it
 * means a bug.
 */
export const SHUTDOWN_MARGIN_MS = 5_000;

/** Signals that end the app as a quit does: `kill`, Ctrl+C, a closed terminal, a service manager. */
export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

export interface ShutdownOptions {
  /** Closes the services; resolves once "Stopped" is logged. Called once, with the first reason. */
  close(reason: string): Promise<void>;
  /** Ends the process (app.exit, process.exit). Called once, after close settled or the bound. */
  exit(code: number): void;
  /** Longest the whole shutdown may take before exit is called anyway. */
  boundMs: number;
  /** Says on the console what the log cannot: a trigger during shutdown, a failed close. */
  report?: (message: string) => void;
}

/** Asks the app to end; `reason` names the trigger. Resolves with the exit code once exited. */
export type RequestShutdown = (reason: string) => Promise<number>;

export function createShutdown(options: ShutdownOptions): RequestShutdown {
  const report = options.report ?? (() => {});
  let first: string | null = null;
  let done: Promise<number> | null = null;

  async function shutDown(reason: string): Promise<number> {
    let failed = false;
    let closing: Promise<void>;
    try {
      closing = options.close(reason);
    } catch (error) {
      closing = Promise.reject(error);
    }
    const closed = closing.catch((error: unknown) => {
      failed = true;
      report(consoleBugReport('Closing the app failed', error));
    });
    let code = EXIT_CLEAN;
    if (!(await settlesWithin(closed, options.boundMs))) {
      report(`Closing the app took longer than ${options.boundMs} ms: exiting without it.`);
      code = EXIT_UNCLEAN;
    } else if (failed) {
      code = EXIT_UNCLEAN;
    }
    options.exit(code);
    return code;
  }

  return (reason) => {
    if (done) {
      report(`Already stopping (${first}); ${reason} starts nothing new.`);
      return done;
    }
    first = reason;
    done = shutDown(reason);
    return done;
  };
}

/** What shutDownOnSignals uses of `process`. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** Each of SHUTDOWN_SIGNALS asks for the shutdown (and no longer ends the process at once). */
export function shutDownOnSignals(source: SignalSource, requestShutdown: RequestShutdown): void {
  for (const signal of SHUTDOWN_SIGNALS) source.on(signal, () => void requestShutdown(signal));
}
