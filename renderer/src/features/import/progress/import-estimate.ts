// How long an import still needs, from the rate observed while the outbox sends it. Only the
// recent past counts (a minute), so the estimate follows the rate as it changes (an outage,
// Linq slowing down), and a stall makes it grow instead of freezing at a stale figure. Waits
// that Linq's own limits impose (3 changes per number in 10 minutes) are known in advance from
// the outbox, and the estimate is never shorter than they are.
import type { OutboxItem } from '../../../../../shared/outbox.schema.ts';

export interface ProgressSample {
  /** When it was seen, ms (Date.now()). */
  at: number;
  /** Rows no longer waiting to be sent. */
  done: number;
}

export const ESTIMATE_WINDOW_MS = 60_000;
/** Less observation than this gives an estimate that jumps around: say nothing yet. */
const MIN_SPAN_MS = 2_000;

/** Adds a sample, keeping those in the window plus the last one before it (the baseline). */
export function addSample(
  samples: readonly ProgressSample[],
  sample: ProgressSample,
  windowMs = ESTIMATE_WINDOW_MS,
): ProgressSample[] {
  const all = [...samples, sample];
  const from = sample.at - windowMs;
  let first = 0;
  while (first < all.length - 2 && all[first + 1]!.at <= from) first++;
  return all.slice(first);
}

/**
 * Seconds left at the observed rate, or null when it cannot be said yet (too little
 * observed, or nothing done in the window). `now` lets a stall lower the rate.
 */
export function secondsLeft(
  samples: readonly ProgressSample[],
  total: number,
  now: number,
): number | null {
  const last = samples[samples.length - 1];
  const first = samples[0];
  if (!first || !last) return null;
  const remaining = total - last.done;
  if (remaining <= 0) return 0;
  const span = Math.max(now, last.at) - first.at;
  const progressed = last.done - first.done;
  if (span < MIN_SPAN_MS || progressed <= 0) return null;
  return remaining / (progressed / (span / 1000));
}

/** "About 40 seconds left", "About 3 minutes left", "About 2 hours left". */
export function remainingText(seconds: number | null): string {
  if (seconds === null) return 'Estimating the time left…';
  if (seconds < 1) return 'Almost done';
  if (seconds < 10) return 'A few seconds left';
  if (seconds < 60) return `About ${Math.round(seconds / 5) * 5} seconds left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'About a minute left' : `About ${minutes} minutes left`;
  const hours = Math.round(seconds / 360) / 10;
  return hours === 1 ? 'About an hour left' : `About ${hours} hours left`;
}

/** The outbox items of one import: enqueued in one transaction, so their ids are a range. */
export interface ItemRange {
  from: number;
  to: number;
}

export interface LimitWaits {
  /** Phone numbers with an item of the import waiting for Linq's limit or a line hold. */
  lines: number;
  /** When the last of them may go, ms. */
  lastAtMs: number;
}

/**
 * The import's items that Linq's limits keep back (3 changes per number in 10 minutes, or a
 * line on hold), from the outbox snapshot: how many lines, and when the last one goes. Null
 * when none waits. Combined items go with their carrier, which is counted instead.
 */
export function limitWaits(
  items: readonly OutboxItem[],
  range: ItemRange,
  now: number,
): LimitWaits | null {
  const lines = new Set<string>();
  let lastAtMs = 0;
  for (const item of items) {
    if (item.id < range.from || item.id > range.to) continue;
    if (item.state !== 'waiting' || item.combinedInto !== null || !item.waitingFor) continue;
    const at = item.nextAttemptAt ? Date.parse(item.nextAttemptAt) : NaN;
    if (Number.isNaN(at) || at <= now) continue;
    lines.add(item.phoneNumber);
    lastAtMs = Math.max(lastAtMs, at);
  }
  return lines.size > 0 ? { lines: lines.size, lastAtMs } : null;
}

/**
 * The time left, never shorter than the wait for the last change Linq's limits hold back:
 * the observed rate knows nothing of a wait that has not started to slow it down.
 */
export function secondsLeftWithWaits(
  observed: number | null,
  waits: LimitWaits | null,
  now: number,
): number | null {
  if (!waits) return observed;
  const wait = Math.max(0, (waits.lastAtMs - now) / 1000);
  return observed === null ? wait : Math.max(observed, wait);
}

/** Phone numbers the plan changes more than once (their changes become one request each). */
export function linesChangedMoreThanOnce(numbers: Iterable<string | null | undefined>): number {
  const seen = new Map<string, number>();
  for (const number of numbers) {
    if (number) seen.set(number, (seen.get(number) ?? 0) + 1);
  }
  let count = 0;
  for (const times of seen.values()) if (times > 1) count++;
  return count;
}
