// "How to send" (Import's Confirm step, an undo, the card form): the user's choice as typed
// (a datetime-local value, in this computer's time), and the rollout options it becomes in the
// request. Pure, so each way it can go wrong is unit-tested.
import type { RolloutOptions } from '../../../shared/rollout.schema.ts';

export interface RolloutChoice {
  firstLineFirst: boolean;
  when: 'now' | 'at';
  /** The `datetime-local` input's value ("2026-12-08T09:00"), read in this computer's zone. */
  sendAt: string;
}

export const SEND_NOW: RolloutChoice = { firstLineFirst: false, when: 'now', sendAt: '' };

/**
 * Main takes a time chosen a moment ago as "now" (SCHEDULE_PAST_TOLERANCE_MS); the input has
 * minute steps, so the current minute must pass here too.
 */
const PAST_TOLERANCE_MS = 60_000;

export type RolloutOutcome =
  { ok: true; rollout: RolloutOptions | undefined } | { ok: false; problem: string };

/** The rollout the choice asks for (none for "now" without one line first), or why not. */
export function rolloutFromChoice(
  choice: RolloutChoice,
  nowMs: number,
  timeZone: string,
): RolloutOutcome {
  if (choice.when === 'now') {
    return { ok: true, rollout: choice.firstLineFirst ? { firstLineFirst: true } : undefined };
  }
  const problem = scheduleProblem(choice.sendAt, nowMs);
  if (problem) return { ok: false, problem };
  return {
    ok: true,
    rollout: {
      firstLineFirst: choice.firstLineFirst,
      schedule: { sendAt: new Date(choice.sendAt).toISOString(), timeZone },
    },
  };
}

/** Why the typed time cannot be used; null when it can. */
export function scheduleProblem(sendAt: string, nowMs: number): string | null {
  if (sendAt === '') return 'Choose the date and time to send at.';
  // A date-time without an offset is read as local time, as the input shows it.
  const at = new Date(sendAt).getTime();
  if (Number.isNaN(at)) return 'Choose the date and time to send at.';
  if (at < nowMs - PAST_TOLERANCE_MS) {
    return 'The chosen time has passed. Choose a later time, or send now.';
  }
  return null;
}

/** The `min` of a datetime-local input: this minute, in local time ("2026-12-08T09:00"). */
export function localInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
