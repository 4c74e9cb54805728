// Whether Linq can be reached, learned from request outcomes rather than from the OS (which
// says "online" behind a dead VPN or a virtual adapter). A network failure marks Linq
// unreachable; from then on a cheap authenticated probe runs with backoff until one answers.
// OS hints (went offline, woke from sleep) only make the next probe happen at once. Why Linq
// cannot be reached (a proxy's refusal, a certificate not trusted) is kept for the user: the
// remedy differs, and a card submitted meanwhile has no attempt of its own to tell it.
import type { AppError } from '../../../shared/errors.schema.ts';

export type Reachability = 'unknown' | 'reachable' | 'unreachable';

export interface ConnectivityOptions {
  /**
   * True when Linq answered (any HTTP status counts: the network works), false or the error
   * when it could not be reached, null when no probe could be made (no usable key): nothing
   * is learned.
   */
  probe: () => Promise<boolean | AppError | null>;
  /**
   * Probe delays. The cap is what bounds how long sending takes to resume after Linq comes
   * back, so it stays short (a probe to an unreachable host costs next to nothing).
   */
  firstProbeMs?: number;
  maxProbeMs?: number;
  onChange: () => void;
  reportBug: (error: unknown) => void;
}

export interface Connectivity {
  readonly state: Reachability;
  /** When the next probe runs, while unreachable. */
  readonly nextProbeAtMs: number | null;
  /** While unreachable: the latest failure that said why, if one did. */
  readonly reason: AppError | null;
  /** A request got an HTTP answer. */
  answered(): void;
  /** A request failed for want of a network (with its error, when there is one). */
  failed(reason?: AppError): void;
  /** Probe now (an OS event, or the user's "Try now"); resolves with the new state. */
  checkNow(): Promise<Reachability>;
  /** No more probes, and no more changes (nor onChange calls) from late answers. */
  stop(): void;
}

export function createConnectivity(options: ConnectivityOptions): Connectivity {
  const firstProbeMs = options.firstProbeMs ?? 500;
  const maxProbeMs = options.maxProbeMs ?? 4_000;
  let state: Reachability = 'unknown';
  let delayMs = firstProbeMs;
  let timer: NodeJS.Timeout | undefined;
  let nextProbeAtMs: number | null = null;
  let probing: Promise<Reachability> | null = null;
  let stopped = false;
  let reason: AppError | null = null;

  function set(next: Reachability): void {
    // Stopped (the app is quitting): an answer still arriving changes nothing, so no one is
    // woken up to start a send, a sync or a refresh.
    if (stopped) return;
    if (next === 'reachable') {
      clearTimeout(timer);
      timer = undefined;
      nextProbeAtMs = null;
      delayMs = firstProbeMs;
    }
    if (next !== 'unreachable') reason = null;
    if (next === state) return;
    state = next;
    options.onChange();
  }

  /** Unreachable, for `why` if it is known; a new kind of reason is published too. */
  function unreachable(why: AppError | undefined): void {
    if (stopped) return; // nothing changes once stopped, like set()
    const newReason = why !== undefined && why.code !== reason?.code;
    if (why) reason = why;
    if (state === 'unreachable' && newReason) options.onChange();
    set('unreachable');
  }

  function scheduleProbe(): void {
    if (stopped || timer !== undefined) return;
    nextProbeAtMs = Date.now() + delayMs;
    timer = setTimeout(() => {
      timer = undefined;
      void checkNow();
    }, delayMs);
    timer.unref?.();
    delayMs = Math.min(maxProbeMs, delayMs * 2);
  }

  function checkNow(): Promise<Reachability> {
    if (stopped) return Promise.resolve(state);
    clearTimeout(timer);
    timer = undefined;
    probing ??= options
      .probe()
      .catch((error: unknown) => {
        options.reportBug(error);
        return false;
      })
      .then((ok) => {
        probing = null;
        if (ok === null) {
          // No usable key: the network cannot be judged. 'unknown' lets the sender run into
          // the key problem itself (and pause with it) instead of waiting for a probe.
          clearTimeout(timer);
          timer = undefined;
          nextProbeAtMs = null;
          set('unknown');
          return state;
        }
        if (ok === true) set('reachable');
        else {
          unreachable(ok === false ? undefined : ok);
          scheduleProbe();
        }
        return state;
      });
    return probing;
  }

  return {
    get state() {
      return state;
    },
    get nextProbeAtMs() {
      return state === 'unreachable' ? nextProbeAtMs : null;
    },
    get reason() {
      return reason;
    },
    answered: () => set('reachable'),
    failed(why) {
      if (state !== 'unreachable') delayMs = firstProbeMs;
      unreachable(why);
      scheduleProbe();
    },
    checkNow,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
