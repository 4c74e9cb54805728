// Run-time switchable misbehaviour: slowness, injected errors, dropped sockets and mangled
// bodies. Random failures use a seeded generator so a failing test replays identically.
import { injectedFailure } from './replies.ts';
import type { FailureSpec, MalformKind, Reply, RequestFilter } from './types.ts';

export type ResetWhen = 'before-apply' | 'after-apply';

export interface ResetSpec extends RequestFilter {
  when: ResetWhen;
  count?: number;
}

/**
 * A random mix of faults over matching requests (by default the contact-card writes), each
 * a probability per request: the soak and fault-injection tests use it. Injected errors
 * change nothing; `hangAfterApply` applies the change and then answers only after `hangMs`
 * (a client with a shorter timeout gives up not knowing it was applied). `upstreamLimited`
 * answers 503/4004 and starts a hold of `upstreamHoldMs` on the write's number, during which
 * every write for it gets 4004 again and extends the hold (see write-limits.ts).
 */
export interface FaultMix extends RequestFilter {
  serverError?: number;
  hangAfterApply?: number;
  hangMs?: number;
  resetBeforeApply?: number;
  resetAfterApply?: number;
  rateLimited?: number;
  retryAfterSeconds?: number;
  upstreamLimited?: number;
  upstreamHoldMs?: number;
}

/**
 * An answer held back until the test releases it, its change already applied: a request the
 * test knows to be in flight, for exactly as long as the test needs (a quit in the middle).
 */
export interface HeldAnswer {
  /** Resolves when the request has arrived and its change is applied. */
  readonly arrived: Promise<void>;
  /** Sends the answer (or nothing, when the client has gone meanwhile). */
  release(): void;
}

interface Hold {
  arrived: () => void;
  released: Promise<void>;
  release: () => void;
}

export type MixedFault =
  | { kind: 'fail'; reply: Reply }
  | { kind: 'reset-before-apply' | 'reset-after-apply' }
  | { kind: 'hang-after-apply'; ms: number }
  | { kind: 'upstream-limited'; holdMs: number };

const CONTACT_CARD_WRITES: RequestFilter = { method: undefined, path: /\/v3\/contact_card$/ };

interface Rule<T> {
  filter: RequestFilter;
  remaining: number;
  value: T;
}

/** mulberry32: tiny, fast and good enough to pick which requests fail. */
function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function matches(filter: RequestFilter, method: string, path: string): boolean {
  if (filter.method && filter.method.toUpperCase() !== method) return false;
  if (filter.path instanceof RegExp) return filter.path.test(path);
  if (typeof filter.path === 'string') return path === filter.path || path.endsWith(filter.path);
  return true;
}

function take<T>(
  rules: Rule<T>[],
  method: string,
  path: string,
  accept: (value: T) => boolean = () => true,
): T | undefined {
  const index = rules.findIndex((rule) => accept(rule.value) && matches(rule.filter, method, path));
  const rule = rules[index];
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining <= 0) rules.splice(index, 1);
  return rule.value;
}

function filterOf(filter: RequestFilter): RequestFilter {
  return { method: filter.method, path: filter.path };
}

export class FaultControls {
  #latencyMs = 0;
  #failures: Rule<FailureSpec>[] = [];
  #resets: Rule<ResetWhen>[] = [];
  #malforms: Rule<MalformKind>[] = [];
  #failureRate: { spec: FailureSpec; rate: number } | undefined;
  #mix: FaultMix | undefined;
  #random = createRng(1);
  #holds: Rule<Hold>[] = [];
  /** Every hold not yet released, taken or not: clearing releases them all. */
  #unreleased = new Set<Hold>();

  get latencyMs(): number {
    return this.#latencyMs;
  }

  setLatency(ms: number): void {
    this.#latencyMs = Math.max(0, ms);
  }

  clear(): void {
    this.#latencyMs = 0;
    this.#failures.length = 0;
    this.#resets.length = 0;
    this.#malforms.length = 0;
    this.#failureRate = undefined;
    this.#mix = undefined;
    this.#random = createRng(1);
    this.releaseHolds();
  }

  /** Holds the answer to the next matching request (see HeldAnswer). */
  holdAnswerNext(filter: RequestFilter): HeldAnswer {
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold: Hold = {
      arrived,
      released,
      release: () => {
        this.#unreleased.delete(hold);
        release();
      },
    };
    this.#unreleased.add(hold);
    this.#holds.push({ filter: filterOf(filter), remaining: 1, value: hold });
    return { arrived: arrival, release: hold.release };
  }

  /** The hold for this request, if one is due: call arrived(), then await released. */
  takeHold(method: string, path: string): Hold | undefined {
    return take(this.#holds, method, path);
  }

  releaseHolds(): void {
    this.#holds.length = 0;
    for (const hold of [...this.#unreleased]) hold.release();
  }

  /** Switches a random fault mix on (see FaultMix), or off with null. */
  setFaultMix(mix: FaultMix | null): void {
    this.#mix = mix ?? undefined;
  }

  /** Draws this request's fault from the mix, if any; reads (GET) are never disturbed. */
  drawMixed(method: string, path: string): MixedFault | undefined {
    const mix = this.#mix;
    if (!mix || method === 'GET') return undefined;
    const filter = mix.path || mix.method ? mix : CONTACT_CARD_WRITES;
    if (!matches(filter, method, path)) return undefined;
    let roll = this.#random();
    const pick = (rate: number | undefined) => {
      roll -= rate ?? 0;
      return roll < 0;
    };
    if (pick(mix.serverError)) {
      return { kind: 'fail', reply: injectedFailure({ status: 500, code: 3006 }) };
    }
    if (pick(mix.rateLimited)) {
      const retryAfterSeconds = mix.retryAfterSeconds ?? 1;
      return {
        kind: 'fail',
        reply: injectedFailure({ status: 429, code: 1007, retryAfterSeconds }),
      };
    }
    if (pick(mix.resetBeforeApply)) return { kind: 'reset-before-apply' };
    if (pick(mix.resetAfterApply)) return { kind: 'reset-after-apply' };
    if (pick(mix.hangAfterApply)) return { kind: 'hang-after-apply', ms: mix.hangMs ?? 5_000 };
    // Last, so a mix without it draws exactly as before for the same seed.
    if (pick(mix.upstreamLimited)) {
      return { kind: 'upstream-limited', holdMs: mix.upstreamHoldMs ?? 1_000 };
    }
    return undefined;
  }

  failNext(count: number, spec: FailureSpec): void {
    if (count > 0) this.#failures.push({ filter: filterOf(spec), remaining: count, value: spec });
  }

  rateLimitNext(count: number, retryAfterSeconds: number, filter: RequestFilter = {}): void {
    this.failNext(count, { ...filter, status: 429, code: 1007, retryAfterSeconds });
  }

  /** Each matching request fails with probability `rate`; 0 switches it off. */
  setFailureRate(status: number, rate: number, options: Omit<FailureSpec, 'status'> = {}): void {
    this.#failureRate = rate > 0 ? { spec: { ...options, status }, rate } : undefined;
  }

  setSeed(seed: number): void {
    this.#random = createRng(seed);
  }

  resetConnectionNext(spec: ResetSpec): void {
    this.#resets.push({ filter: filterOf(spec), remaining: spec.count ?? 1, value: spec.when });
  }

  malformNext(count: number, kind: MalformKind, filter: RequestFilter = {}): void {
    if (count > 0) this.#malforms.push({ filter: filterOf(filter), remaining: count, value: kind });
  }

  takeReset(when: ResetWhen, method: string, path: string): boolean {
    return take(this.#resets, method, path, (value) => value === when) !== undefined;
  }

  /** The injected error answer for this request, if one is due. */
  takeFailure(method: string, path: string): Reply | undefined {
    const queued = take(this.#failures, method, path);
    if (queued) return injectedFailure(queued);
    const random = this.#failureRate;
    if (random && matches(random.spec, method, path) && this.#random() < random.rate) {
      return injectedFailure(random.spec);
    }
    return undefined;
  }

  /** Called only for successful answers, so an error answer does not use up a malform. */
  takeMalform(method: string, path: string): MalformKind | undefined {
    return take(this.#malforms, method, path);
  }
}

export function malform(kind: MalformKind, reply: Reply): Reply {
  const status = reply.status;
  switch (kind) {
    case 'not-json':
      // Declared JSON but truncated: what a proxy cutting the answer short produces.
      return {
        status,
        raw: '{"phone_number": "+1415555',
        headers: { 'Content-Type': 'application/json' },
      };
    case 'html':
      return {
        status,
        raw: '<html><body><h1>Service temporarily unavailable</h1></body></html>',
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      };
    case 'missing-fields':
      return { status, json: { success: true } };
    case 'empty':
      return { status, raw: '', headers: { 'Content-Type': 'application/json' } };
  }
}
