// Linq's documented limits on contact-card writes (LINQ_API.md, "Limits and failure modes
// documented by Linq's later SDKs"): POST and PATCH share a budget of writes per phone number
// (429/1007 with Retry-After beyond it), and a 503/4004 "upstream write is rate-limited"
// starts a hold that every attempt within it extends. Both are off until a test asks.
import { linqError } from './replies.ts';
import { API_PREFIX } from './routes-api.ts';
import { isE164 } from './routes-contact-card.ts';
import type { FakeState } from './state.ts';
import type { Reply } from './types.ts';

/** Linq's own: 3 writes per 10 minutes. Tests use short windows (e.g. 3 per 1500 ms). */
export interface WriteBudget {
  limit: number;
  windowMs: number;
}

export interface WriteLimitCounters {
  /** Writes refused with 429 for exceeding the budget ("writes beyond the budget"). */
  budgetRefusals: number;
  budgetRefusalsByNumber: Record<string, number>;
  /** Every 503/4004 answered, the ones that started a hold included. */
  upstreamLimited: number;
  /** 4004s for writes that arrived while their number's hold ran (each one extended it). */
  writesWithinHold: number;
  writesWithinHoldByNumber: Record<string, number>;
}

/** A contact-card write the limits apply to: its number is known and well-formed. */
export interface CardWrite {
  method: 'POST' | 'PATCH';
  phoneNumber: string;
}

const CONTACT_CARD_PATH = `${API_PREFIX}/v3/contact_card`;

const UPSTREAM_MESSAGE =
  'The upstream write is rate-limited: the setup or update did not complete and the card is ' +
  'left not active. Wait before retrying, because repeated attempts extend the rate limit.';

/**
 * The write this request is, if it names a number: POST carries it in the body, PATCH in the
 * query. A write without a valid number is refused by the handler (400/1002) and, having no
 * number, cannot count against one.
 */
export function cardWriteOf(
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): CardWrite | undefined {
  if (path !== CONTACT_CARD_PATH) return undefined;
  if (method === 'POST') {
    const phoneNumber = (body as { phone_number?: unknown } | undefined)?.phone_number;
    return isE164(phoneNumber) ? { method, phoneNumber } : undefined;
  }
  if (method === 'PATCH') {
    const phoneNumber = query.get('phone_number');
    return isE164(phoneNumber) ? { method, phoneNumber } : undefined;
  }
  return undefined;
}

function bump(byNumber: Record<string, number>, phoneNumber: string): void {
  byNumber[phoneNumber] = (byNumber[phoneNumber] ?? 0) + 1;
}

function emptyCounters(): WriteLimitCounters {
  return {
    budgetRefusals: 0,
    budgetRefusalsByNumber: {},
    upstreamLimited: 0,
    writesWithinHold: 0,
    writesWithinHoldByNumber: {},
  };
}

export class WriteLimits {
  readonly #state: FakeState;
  // Monotonic: a wall-clock step must not empty or stretch a window in the middle of a test.
  readonly #now: () => number;
  #budget: WriteBudget | undefined;
  /** Times of the counted writes per number, oldest first, pruned as they leave the window. */
  #counted = new Map<string, number[]>();
  /** limitUpstream(): the hold the number's next write starts. */
  #armed = new Map<string, number>();
  #holds = new Map<string, { until: number; holdMs: number }>();
  #counters = emptyCounters();

  constructor(state: FakeState, now: () => number = () => performance.now()) {
    this.#state = state;
    this.#now = now;
  }

  /** Switches the budget on (counting from now on) or off with null. */
  setWriteBudget(budget: WriteBudget | null): void {
    if (budget && !(Number.isInteger(budget.limit) && budget.limit >= 1)) {
      throw new RangeError('limit must be a positive integer');
    }
    if (budget && !(Number.isFinite(budget.windowMs) && budget.windowMs > 0)) {
      throw new RangeError('windowMs must be a positive number');
    }
    this.#budget = budget ? { ...budget } : undefined;
    this.#counted.clear();
  }

  /** The number's next write is answered 503/4004 and starts a hold of holdMs. */
  limitUpstream(phoneNumber: string, holdMs: number): void {
    this.#armed.set(phoneNumber, Math.max(0, holdMs));
  }

  counters(): WriteLimitCounters {
    return structuredClone(this.#counters);
  }

  clear(): void {
    this.#budget = undefined;
    this.#counted.clear();
    this.#armed.clear();
    this.#holds.clear();
    this.#counters = emptyCounters();
  }

  /**
   * The gate every authorised write passes before faults and the handler. The budget comes
   * first: Linq's gateway refuses a write beyond it without counting it or letting it reach
   * upstream. Every write it lets through counts, whatever its answer (a 4xx, an injected
   * fault, a 4004): it reached Linq. Then a running or armed hold answers 503/4004.
   */
  admit(write: CardWrite, requestId: string): Reply | undefined {
    const refused = this.#spendBudget(write.phoneNumber);
    if (refused) return refused;
    return this.#upstreamHold(write.phoneNumber, requestId);
  }

  /** A 4004 drawn by the fault mix: starts (or extends) a hold like limitUpstream's. */
  limitNow(write: CardWrite | undefined, holdMs: number, requestId: string): Reply {
    if (!write) {
      this.#counters.upstreamLimited += 1;
      return linqError(503, 4004, UPSTREAM_MESSAGE);
    }
    this.#armed.set(write.phoneNumber, Math.max(0, holdMs));
    return this.#upstreamHold(write.phoneNumber, requestId) as Reply;
  }

  #spendBudget(phoneNumber: string): Reply | undefined {
    const budget = this.#budget;
    if (!budget) return undefined;
    const now = this.#now();
    const times = (this.#counted.get(phoneNumber) ?? []).filter((at) => at > now - budget.windowMs);
    this.#counted.set(phoneNumber, times);
    const oldest = times[0];
    if (times.length < budget.limit || oldest === undefined) {
      times.push(now);
      return undefined;
    }
    this.#counters.budgetRefusals += 1;
    bump(this.#counters.budgetRefusalsByNumber, phoneNumber);
    // Whole seconds, rounded up so that waiting them is always enough, and never 0.
    const retryAfter = Math.max(1, Math.ceil((oldest + budget.windowMs - now) / 1000));
    return linqError(
      429,
      1007,
      `Rate limit exceeded: ${budget.limit} contact-card writes per ${budget.windowMs} ms for ${phoneNumber}`,
      retryAfter,
    );
  }

  #upstreamHold(phoneNumber: string, requestId: string): Reply | undefined {
    const now = this.#now();
    const hold = this.#holds.get(phoneNumber);
    const within = hold !== undefined && now < hold.until;
    const armedMs = this.#armed.get(phoneNumber);
    const holdMs = armedMs ?? (within ? hold.holdMs : undefined);
    if (holdMs === undefined) return undefined;
    this.#armed.delete(phoneNumber);
    // "Repeated attempts extend the rate limit": each one restarts the hold from now.
    this.#holds.set(phoneNumber, { until: now + holdMs, holdMs });
    this.#counters.upstreamLimited += 1;
    if (within) {
      this.#counters.writesWithinHold += 1;
      bump(this.#counters.writesWithinHoldByNumber, phoneNumber);
    }
    this.#leaveNotActive(phoneNumber, requestId);
    return linqError(503, 4004, UPSTREAM_MESSAGE);
  }

  /** Linq: the write did not complete "and the card is left not active". */
  #leaveNotActive(phoneNumber: string, requestId: string): void {
    const card = this.#state.cards.get(phoneNumber);
    if (!card?.is_active) return;
    // A new object, so a pending delayed activation of the old one does not undo this.
    this.#state.cards.set(phoneNumber, { ...card, is_active: false });
    this.#state.record('card.deactivated', requestId, { is_active: false }, phoneNumber);
  }
}
