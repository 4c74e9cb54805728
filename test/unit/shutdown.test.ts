// The one shutdown every way out goes through (electron/services/shutdown.ts), and its wiring to
// Electron's triggers (quit-triggers.ts), driven with EventEmitters in place of app,
// powerMonitor, a window and the process: each trigger closes once, then exits, in that order;
// a trigger during the shutdown starts nothing; a close that fails or hangs still ends in exit.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wireQuitTriggers } from '../../electron/main/quit-triggers.ts';
import {
  createShutdown,
  EXIT_CLEAN,
  EXIT_UNCLEAN,
  SHUTDOWN_SIGNALS,
} from '../../electron/services/shutdown.ts';

/** A close that the test finishes, and a record of what happened in which order. */
function scenario(boundMs = 1_000) {
  const steps: string[] = [];
  const reports: string[] = [];
  let finishClose: (() => void) | undefined;
  let failClose: ((error: Error) => void) | undefined;
  const close = vi.fn((reason: string) => {
    steps.push(`close (${reason})`);
    return new Promise<void>((resolve, reject) => {
      finishClose = () => {
        steps.push('Stopped'); // what the services log last, before close resolves
        resolve();
      };
      failClose = reject;
    });
  });
  const exit = vi.fn((code: number) => void steps.push(`exit ${code}`));
  const requestShutdown = createShutdown({
    close,
    exit,
    boundMs,
    report: (message) => reports.push(message),
  });
  return {
    steps,
    reports,
    close,
    exit,
    requestShutdown,
    finish: () => finishClose!(),
    fail: (error: Error) => failClose!(error),
  };
}

const preventable = () => ({ preventDefault: vi.fn() });

afterEach(() => {
  vi.useRealTimers();
});

describe('the shutdown', () => {
  it('closes, then exits cleanly once close has resolved (after "Stopped")', async () => {
    const s = scenario();
    const done = s.requestShutdown('SIGTERM');
    expect(s.steps).toEqual(['close (SIGTERM)']); // close starts at once, not a tick later
    await Promise.resolve();
    expect(s.exit).not.toHaveBeenCalled(); // not before close is done
    s.finish();
    expect(await done).toBe(EXIT_CLEAN);
    expect(s.steps).toEqual(['close (SIGTERM)', 'Stopped', `exit ${EXIT_CLEAN}`]);
  });

  it('starts nothing for a trigger during the shutdown, and says so', async () => {
    const s = scenario();
    const first = s.requestShutdown('quit');
    const second = s.requestShutdown('quit');
    const third = s.requestShutdown('SIGINT');
    expect(second).toBe(first);
    expect(third).toBe(first);
    s.finish();
    await first;
    expect(s.close).toHaveBeenCalledTimes(1);
    expect(s.exit).toHaveBeenCalledTimes(1);
    expect(s.reports).toEqual([
      'Already stopping (quit); quit starts nothing new.',
      'Already stopping (quit); SIGINT starts nothing new.',
    ]);
  });

  it('starts nothing for a trigger after it, nor exits again', async () => {
    const s = scenario();
    const first = s.requestShutdown('window-all-closed');
    s.finish();
    await first;
    expect(await s.requestShutdown('will-quit')).toBe(EXIT_CLEAN);
    expect(s.close).toHaveBeenCalledTimes(1);
    expect(s.exit).toHaveBeenCalledTimes(1);
  });

  it('exits uncleanly when close fails, with the kind of error only on the console', async () => {
    const s = scenario();
    const done = s.requestShutdown('SIGTERM');
    s.fail(Object.assign(new Error('disk I/O error near linq_secret_key'), { code: 'ERR_SQLITE' }));
    expect(await done).toBe(EXIT_UNCLEAN);
    expect(s.steps).toEqual(['close (SIGTERM)', `exit ${EXIT_UNCLEAN}`]);
    expect(s.reports.join('\n')).toContain('Closing the app failed: Error (ERR_SQLITE)');
    expect(s.reports.join('\n')).not.toContain('linq_secret_key');
  });

  it('exits uncleanly when close throws instead of returning a promise', async () => {
    const exit = vi.fn();
    const requestShutdown = createShutdown({
      close: () => {
        throw new Error('not even started');
      },
      exit,
      boundMs: 1_000,
    });
    expect(await requestShutdown('quit')).toBe(EXIT_UNCLEAN);
    expect(exit).toHaveBeenCalledExactlyOnceWith(EXIT_UNCLEAN);
  });

  it('never hangs: a close that does not settle within the bound is left behind', async () => {
    vi.useFakeTimers();
    const s = scenario(15_000);
    const done = s.requestShutdown('system-shutdown');
    await vi.advanceTimersByTimeAsync(14_999);
    expect(s.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toBe(EXIT_UNCLEAN);
    expect(s.steps).toEqual(['close (system-shutdown)', `exit ${EXIT_UNCLEAN}`]);
    expect(s.reports).toEqual(['Closing the app took longer than 15000 ms: exiting without it.']);
    s.finish(); // settling late changes nothing
    await vi.runAllTimersAsync();
    expect(s.exit).toHaveBeenCalledTimes(1);
  });
});

/** Electron's app, powerMonitor and process as EventEmitters, wired to a fresh shutdown. */
function wired() {
  const s = scenario();
  const app = new EventEmitter();
  const powerMonitor = new EventEmitter();
  const process = new EventEmitter();
  wireQuitTriggers({ app, powerMonitor, process }, s.requestShutdown);
  return { ...s, app, powerMonitor, process };
}

type Wired = ReturnType<typeof wired>;

/** Each trigger, as Electron or the OS fires it; returns the event it prevented, if any. */
const TRIGGERS: [string, string, (w: Wired) => { preventDefault: () => void } | null][] = [
  [
    'before-quit (File > Quit, Cmd+Q, app.quit())',
    'quit',
    (w) => emitPreventable(w.app, 'before-quit'),
  ],
  ['will-quit', 'will-quit', (w) => emitPreventable(w.app, 'will-quit')],
  ['window-all-closed', 'window-all-closed', (w) => (w.app.emit('window-all-closed'), null)],
  [
    'session-end on a window (Windows logoff or shutdown)',
    'session-end',
    (w) => {
      const window = new EventEmitter();
      w.app.emit('browser-window-created', preventable(), window);
      window.emit('session-end', { reasons: ['shutdown'], preventDefault() {} });
      return null;
    },
  ],
  [
    'powerMonitor shutdown (macOS, Linux)',
    'system-shutdown',
    (w) => emitPreventable(w.powerMonitor, 'shutdown'),
  ],
  ...SHUTDOWN_SIGNALS.map((signal): [string, string, (w: Wired) => null] => [
    signal,
    signal,
    (w) => (w.process.emit(signal, signal), null),
  ]),
];

function emitPreventable(target: EventEmitter, name: string) {
  const event = preventable();
  target.emit(name, event);
  return event;
}

describe('the quit triggers', () => {
  it.each(TRIGGERS)('%s: one close, then exit, in order', async (_name, reason, trigger) => {
    const w = wired();
    const prevented = trigger(w);
    // Electron must not go on quitting (closing windows, ending the process) by itself.
    if (prevented) expect(prevented.preventDefault).toHaveBeenCalledOnce();
    expect(w.steps).toEqual([`close (${reason})`]);
    w.finish();
    await vi.waitFor(() => expect(w.exit).toHaveBeenCalled());
    expect(w.steps).toEqual([`close (${reason})`, 'Stopped', `exit ${EXIT_CLEAN}`]);
  });

  it('a second Cmd+Q, a signal and the OS during the shutdown: still one close and one exit', async () => {
    const w = wired();
    const first = emitPreventable(w.app, 'before-quit');
    const second = emitPreventable(w.app, 'before-quit');
    w.process.emit('SIGINT', 'SIGINT');
    w.process.emit('SIGINT', 'SIGINT'); // Ctrl+C under electron-vite arrives twice
    const shutdown = emitPreventable(w.powerMonitor, 'shutdown');
    w.app.emit('window-all-closed');
    // Every quit is still held back: the app exits when the shutdown is done, not before.
    for (const event of [first, second, shutdown]) {
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
    expect(w.close).toHaveBeenCalledExactlyOnceWith('quit');
    expect(w.exit).not.toHaveBeenCalled();
    w.finish();
    await vi.waitFor(() => expect(w.exit).toHaveBeenCalled());
    expect(w.steps).toEqual(['close (quit)', 'Stopped', `exit ${EXIT_CLEAN}`]);
  });

  it('takes the powerMonitor event that Electron’s typings leave out, or none', async () => {
    const w = wired();
    w.powerMonitor.emit('shutdown');
    w.finish();
    await vi.waitFor(() => expect(w.exit).toHaveBeenCalledExactlyOnceWith(EXIT_CLEAN));
  });
});
