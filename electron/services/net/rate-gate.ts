// Linq's 429 is about the account, not about one request: once an answer says "wait N
// seconds", no read may reach Linq before then, whoever asks (a lines refresh, the history
// sync, the key check, the reachability probe, the SDK's own retry). The gate remembers until
// when; a read that comes early waits when the rest of the wait is short (the caller would
// only have to ask again), else it is refused at once, without touching the network.
import { rateLimitedError } from '../../../shared/errors.schema.ts';
import { AppFailure } from '../failure.ts';

/** A read waits for the gate at most this long; a longer wait is refused (RATE_LIMITED). */
export const GATE_MAX_WAIT_MS = 2_000;

export interface RateGateClock {
  /** Milliseconds, as Date.now(). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: RateGateClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateGate {
  /** The longest wait a read sits through rather than being refused. */
  readonly maxWaitMs: number;
  /** A 429 asked for `seconds`: shut until then, or later if an earlier 429 asked for more. */
  limited(seconds: number): void;
  /** How long reads must still wait, in ms; 0 when the gate is open. */
  remainingMs(): number;
  /**
   * Resolves once a read may go: at once when open, after the wait when it is at most
   * maxWaitMs. Otherwise rejects with RATE_LIMITED (delivery not-sent) carrying the wait.
   */
  admit(): Promise<void>;
}

export function createRateGate(
  options: { clock?: RateGateClock; maxWaitMs?: number } = {},
): RateGate {
  const clock = options.clock ?? realClock;
  const maxWaitMs = options.maxWaitMs ?? GATE_MAX_WAIT_MS;
  let until = 0;

  const remainingMs = () => Math.max(0, until - clock.now());

  return {
    maxWaitMs,
    limited(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) return;
      until = Math.max(until, clock.now() + Math.ceil(seconds * 1000));
    },
    remainingMs,
    async admit() {
      // A loop: another 429 may push the gate further while this read waits.
      for (let left = remainingMs(); left > 0; left = remainingMs()) {
        if (left > maxWaitMs) {
          throw new AppFailure(rateLimitedError(left / 1000), { delivery: 'not-sent' });
        }
        await clock.sleep(left);
      }
    },
  };
}
