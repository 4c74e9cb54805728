// Linq's write budget for contact cards, planned rather than discovered: POST and PATCH share
// 3 calls every 10 minutes per phone number (a fourth gets 429), and a 503/4004 puts the line
// on hold, which every write within it extends. Pure decisions from the writes the outbox has
// recorded, so the sender never sends a write Linq would refuse, and the rules are unit-tested.

export interface WriteBudget {
  /** Writes allowed per number within `windowMs` (Linq: 3). */
  limit: number;
  /** Linq's window (10 minutes). */
  windowMs: number;
  /**
   * Added to the window: a write counts from when its answer came back (Linq received it
   * before that), so this only covers Linq measuring from a little later than it received it.
   */
  marginMs: number;
}

export const LINQ_WRITE_BUDGET: WriteBudget = { limit: 3, windowMs: 10 * 60_000, marginMs: 2_000 };

/**
 * When a new write for a number may leave, given the times its recorded writes count from
 * (any order) and a hold on the line (0 when none): `nowMs` when it may go at once.
 */
export function nextWriteAtMs(
  countedAtMs: readonly number[],
  holdUntilMs: number,
  nowMs: number,
  budget: WriteBudget,
): number {
  const span = budget.windowMs + budget.marginMs;
  // Only writes still inside the window count; the oldest of them leaves it first.
  const recent = countedAtMs.filter((at) => at > nowMs - span).sort((a, b) => a - b);
  const excess = recent.length - budget.limit;
  // With `limit` writes in the window, the next may go when the oldest leaves it; with more
  // (another computer, or Linq counting one we thought refused), when enough of them have.
  const budgetAtMs = excess < 0 ? nowMs : recent[excess]! + span;
  return Math.max(nowMs, budgetAtMs, holdUntilMs);
}

/**
 * How long a line is held after a 503/4004: at least the budget's window (Linq says repeated
 * attempts extend the limit, and gives no length), longer when Linq asks for longer.
 */
export function holdAfterLimitMs(budget: WriteBudget, retryAfterSeconds?: number): number {
  const asked = retryAfterSeconds === undefined ? 0 : Math.ceil(retryAfterSeconds * 1000);
  return Math.max(budget.windowMs + budget.marginMs, asked);
}

/**
 * A lower bound on the time `writes` writes to one number take under the budget, from a
 * start with none recorded: the first `limit` go at once, then `limit` per window.
 */
export function budgetLowerBoundMs(writes: number, budget: WriteBudget): number {
  if (writes <= budget.limit) return 0;
  return Math.ceil(writes / budget.limit - 1) * budget.windowMs;
}
