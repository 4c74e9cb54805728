// "Restore lines to an earlier time" (History): the lines are the ones the list shows for its
// search and filter as the dialog opens; the user picks a moment that has passed; main's plan
// says what would happen (go back, already as then, no card then, still being sent); how to send
// it is Import's choice (one line first, a chosen time). Confirmed, the restore is a job like an
// import: the Import screen follows its progress, then its summary and CSV.
import { create } from 'zustand';
import type { CardQuery } from '../../../shared/card-history.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { RestoreLinesPlan } from '../../../shared/restore-lines.schema.ts';
import { call } from '../api.ts';
import { goToStep } from '../features/import/store/import-flow.ts';
import { followImport } from '../features/import/store/import-run.ts';
import { rolloutFromChoice, SEND_NOW, type RolloutChoice } from '../lib/rollout-choice.ts';
import { localTimeZone } from '../lib/rollout-text.ts';
import { navigate } from './view.ts';

interface RestoreLinesState {
  /** The list's search and filter as the dialog opened: the lines it restores. null: closed. */
  lines: CardQuery | null;
  /** How many lines the list showed then. */
  shown: number;
  /** The moment, as the datetime-local input holds it ("2026-12-03T14:00", local time). */
  at: string;
  plan: RestoreLinesPlan | null;
  /** The plan being asked for; `replanAgain`: the moment or the outbox changed meanwhile. */
  planning: boolean;
  replanAgain: boolean;
  /** Why the plan could not be read (main refused the moment, or could not be reached). */
  planError: AppError | null;
  rollout: RolloutChoice;
  /** Why Restore did nothing (a moment or a send time to fix): said next to the button. */
  problem: string | null;
  starting: boolean;
  /** One id per confirmed restore: a second click (or a retry after an error) is the same. */
  requestId: string | null;
  error: AppError | null;
}

const CLOSED: RestoreLinesState = {
  lines: null,
  shown: 0,
  at: '',
  plan: null,
  planning: false,
  replanAgain: false,
  planError: null,
  rollout: SEND_NOW,
  problem: null,
  starting: false,
  requestId: null,
  error: null,
};

export const useRestoreLines = create<RestoreLinesState>()(() => CLOSED);
const set = useRestoreLines.setState;
const get = useRestoreLines.getState;

/** Why the typed moment cannot be used; null when it can. Pure: unit-tested. */
export function momentProblem(at: string, nowMs: number): string | null {
  const ms = at === '' ? NaN : new Date(at).getTime();
  if (Number.isNaN(ms)) return 'Choose the date and time to go back to.';
  // The input has minute steps: the current minute counts as passed.
  if (ms > nowMs + 60_000) return 'Choose a time that has passed: the lines go back to it.';
  return null;
}

export function openRestoreLines(lines: CardQuery, shown: number): void {
  set({ ...CLOSED, lines, shown });
}

export function closeRestoreLines(): void {
  if (!get().starting) set(CLOSED);
}

/** A new moment: a new plan (and another restore: a new request id). */
export function setRestoreMoment(at: string): void {
  set({ at, plan: null, planError: null, problem: null, requestId: null });
  void refreshRestoreLinesPlan();
}

/** A changed choice is another restore: a new request id. */
export function setRestoreLinesRollout(change: Partial<RolloutChoice>): void {
  set({ rollout: { ...get().rollout, ...change }, requestId: null, problem: null });
}

/**
 * Asks main what the restore would do, for the moment chosen; again as the outbox moves on
 * while the dialog is open (lines being sent finish). One question at a time; a change
 * meanwhile asks once more after it.
 */
export async function refreshRestoreLinesPlan(): Promise<void> {
  const { lines, at, starting, planning } = get();
  if (lines === null || starting || momentProblem(at, Date.now()) !== null) return;
  if (planning) {
    set({ replanAgain: true });
    return;
  }
  set({ planning: true, replanAgain: false });
  const request = { lines, at: new Date(at).toISOString() };
  const result = await call((api) => api.planRestoreLines(request));
  if (get().lines !== lines) return; // closed (or opened anew) meanwhile
  const current = get().at === at;
  set({
    planning: false,
    ...(current
      ? result.ok
        ? { plan: result.value, planError: null }
        : { planError: result.error }
      : {}),
  });
  if (get().replanAgain || !current) await refreshRestoreLinesPlan();
}

export async function confirmRestoreLines(): Promise<void> {
  const { lines, at, plan, starting, rollout: choice } = get();
  if (lines === null || starting) return;
  const moment = momentProblem(at, Date.now());
  if (moment) {
    set({ problem: `Nothing was sent: ${moment.charAt(0).toLowerCase()}${moment.slice(1)}` });
    return;
  }
  if (!plan || plan.counts.restore === 0 || plan.counts.blocking > 0) return;
  const rollout = rolloutFromChoice(choice, Date.now(), localTimeZone());
  if (!rollout.ok) {
    set({ problem: 'Nothing was sent: check the time under "How to send the restore" above.' });
    return;
  }
  const requestId = get().requestId ?? crypto.randomUUID();
  set({ starting: true, requestId, error: null, problem: null });
  const result = await call((api) =>
    api.restoreLines({
      requestId,
      lines,
      at: new Date(at).toISOString(),
      timeZone: localTimeZone(),
      expectedPlan: plan.key,
      ...(rollout.rollout ? { rollout: rollout.rollout } : {}),
    }),
  );
  set({ starting: false });
  if (!result.ok) {
    set({ error: result.error });
    return;
  }
  set(CLOSED);
  // Followed as an undo is: on the Import screen, its progress, then its summary.
  followImport(result.value);
  goToStep(result.value.finishedAt === null ? 'progress' : 'summary');
  navigate('import');
}
