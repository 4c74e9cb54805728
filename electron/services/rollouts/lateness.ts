// Whether a schedule whose time has come goes now, goes after the window has told the user it
// is late, or waits for the user: the app may not have been running at that moment (or the
// computer slept), and staff must never find a rebrand sent days later without a word.

/** Within this of its time a schedule counts as on time (a timer, a busy start-up). */
export const ON_TIME_TOLERANCE_MS = 2 * 60_000;

export type Lateness = 'early' | 'on-time' | 'late' | 'overdue';

/**
 * `limitMs`: the most lateness that still goes after the notice (settings'
 * lateSendLimitHours at the time the rollout was made); 0 means always ask.
 */
export function lateness(sendAtMs: number, nowMs: number, limitMs: number): Lateness {
  if (nowMs < sendAtMs) return 'early';
  const lateBy = nowMs - sendAtMs;
  if (lateBy <= ON_TIME_TOLERANCE_MS) return 'on-time';
  return limitMs > 0 && lateBy <= limitMs ? 'late' : 'overdue';
}
