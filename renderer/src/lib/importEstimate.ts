// How long an import still needs, from the rate observed while the outbox sends it. Only the
// recent past counts (a minute), so the estimate follows the rate as it changes (an outage,
// Linq slowing down), and a stall makes it grow instead of freezing at a stale figure.

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
