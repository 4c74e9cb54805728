// Putting several lines back to how they were at an earlier moment (a rebrand made card by
// card, or by several imports): the lines are the History list's as searched and filtered,
// each goes back to the version Linq had confirmed for it then (restore-lines-plan.ts), and
// the restore is a job of restores like an undo (restore-job.ts): one update per card through
// the outbox, progress and summary through the Import screen, one line first or a chosen time
// through a rollout. One job per request id, checked again after the last await.
//
// Photos as for an undo: the plan counts the cards whose earlier photo is known only by its
// address (no copy here), the start probes each address once and uploads the stored photo
// where the address no longer serves an image, and says per card in the summary which went
// back with its names only.
import { createHash } from 'node:crypto';
import type { CardQuery } from '../../../shared/card-history.schema.ts';
import type { ImportProgress } from '../../../shared/import.schema.ts';
import { MAX_IMPORT_ROWS } from '../../../shared/import.rules.ts';
import type {
  RestoreLinesPlan,
  RestoreLinesPlanRequest,
  RestoreLinesRequest,
} from '../../../shared/restore-lines.schema.ts';
import { SCHEDULE_PAST_TOLERANCE_MS } from '../../../shared/rollout.schema.ts';
import { AppFailure } from '../failure.ts';
import type { ImportStore } from '../import/import-store.ts';
import {
  countPhotoByAddress,
  restoredImage,
  type JobLine,
  type RestoreJobs,
  type RestoreLine,
} from '../import/restore-job.ts';
import type { PhotoStore } from '../photos/photo-store.ts';
import { refuseUnusableTime } from '../rollouts/rollouts.ts';
import type { Database } from '../store.ts';
import { createRestoreLinesPlanner, type LineStep } from './restore-lines-plan.ts';

export interface RestoreLinesOptions {
  db: Database;
  photos: Pick<PhotoStore, 'find'>;
  store: Pick<ImportStore, 'byRequest'>;
  jobs: RestoreJobs;
  /** The numbers the History list shows for a search and filter, in its order. */
  linesOf: (query: CardQuery) => string[];
  /**
   * Reads every card from Linq into the history. The plan compares with the cards as Linq
   * last confirmed them; the start reads them again, so a card changed at Linq since then
   * changes the plan's key and the start is refused with the new counts to see, instead of
   * sending from a stale comparison. Unreachable, it goes on with the last confirmed cards.
   */
  syncWithLinq?: () => Promise<unknown>;
  /** Marks an update as a restore of a version (the History says which one it put back). */
  markRestore: (outboxId: number, versionId: number) => void;
  now: () => Date;
}

export interface RestoreLinesService {
  plan(request: RestoreLinesPlanRequest): Promise<RestoreLinesPlan>;
  start(request: RestoreLinesRequest): Promise<ImportProgress>;
}

/** What the job's summary (and its CSV) says of the lines it leaves. */
export const RESTORE_LINES_DETAIL = {
  unchanged: 'Already as it was then.',
  'no-card-then':
    'No card was confirmed for this line at that time: Linq has no way to delete a card, so it stays as it is.',
} as const;

type Step = LineStep & { phoneNumber: string };

const refuse = (message: string, detail: string) =>
  AppFailure.of('INVALID_INPUT', { message, detail });

/** "3 Dec 14:00" in the zone the moment was chosen in (the year too when it is not this one). */
export function momentWords(atIso: string, timeZone: string, now: Date): string {
  const year = (d: Date) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(d);
  const at = new Date(atIso);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    ...(year(at) !== year(now) ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(at)
    .replace(',', '');
}

/** The fingerprint of a plan: its moment, and each line with its step and the versions. */
function planKey(atIso: string, steps: readonly Step[]): string {
  const lines = steps.map((s) => [
    s.phoneNumber,
    s.step,
    s.step === 'restore' ? s.before.id : null,
    s.now?.id ?? null,
  ]);
  return createHash('sha256')
    .update(JSON.stringify([atIso, lines]))
    .digest('hex');
}

export function createRestoreLinesService(options: RestoreLinesOptions): RestoreLinesService {
  const planner = createRestoreLinesPlanner(options.db);

  /** The lines and each one's step; refuses a moment to come and a list too long. */
  function stepsOf(request: RestoreLinesPlanRequest): { atIso: string; steps: Step[] } {
    const atMs = Date.parse(request.at);
    if (atMs > options.now().getTime() + SCHEDULE_PAST_TOLERANCE_MS) {
      throw refuse(
        'The time chosen has not come yet. Choose a time that has passed.',
        'Moment in the future.',
      );
    }
    const numbers = options.linesOf(request.lines);
    if (numbers.length > MAX_IMPORT_ROWS) {
      throw refuse(
        `The list shows ${numbers.length.toLocaleString('en-US')} lines; at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} can be restored at once. Search or filter the list to fewer lines.`,
        `${numbers.length} lines.`,
      );
    }
    const atIso = new Date(atMs).toISOString();
    return { atIso, steps: planner.steps(numbers, atIso) };
  }

  function refuseBlocking(steps: readonly Step[]): void {
    const blocking = steps.filter((s) => s.step === 'blocking').length;
    if (blocking === 0) return;
    throw refuse(
      `${blocking} ${blocking === 1 ? 'line has a change' : 'lines have changes'} still in the Outbox (waiting, held back, being sent or waiting for a decision). Restore once they have an answer.`,
      `${blocking} lines not final.`,
    );
  }

  function refuseChangedPlan(plan: { atIso: string; steps: readonly Step[] }, expected: string) {
    if (planKey(plan.atIso, plan.steps) === expected) return;
    throw refuse(
      'The lines or their cards have changed since the restore was opened (another line in the list, or a card changed meanwhile). Nothing was sent: open it again to see the new counts.',
      'Plan key differs.',
    );
  }

  const restoring = (steps: readonly Step[]): RestoreLine[] =>
    steps.flatMap((s, index) =>
      s.step === 'restore' ? [{ ...facts(s, index), before: s.before, now: s.now }] : [],
    );

  return {
    async plan(request) {
      const { atIso, steps } = stepsOf(request);
      const count = (step: LineStep['step']) => steps.filter((s) => s.step === step).length;
      const images = restoring(steps).map(restoredImage);
      return {
        at: atIso,
        key: planKey(atIso, steps),
        lines: steps.length,
        counts: {
          restore: count('restore'),
          unchanged: count('unchanged'),
          noCardThen: count('no-card-then'),
          blocking: count('blocking'),
          photoByAddress: await countPhotoByAddress(options.photos, images),
        },
      };
    },

    async start(request) {
      const earlier = options.store.byRequest(request.requestId);
      if (earlier) return earlier;
      await options.syncWithLinq?.().catch(() => {});
      const first = stepsOf(request);
      refuseBlocking(first.steps);
      refuseChangedPlan(first, request.expectedPlan);
      if (request.rollout) refuseUnusableTime(request.rollout, options.now().getTime());
      const images = await options.jobs.decideImages(restoring(first.steps));
      // After the last await: the same request may have been made meanwhile, and what is
      // compared must be what is enqueued.
      const again = options.store.byRequest(request.requestId);
      if (again) return again;
      // Again: the probes may have taken long enough for a time chosen a moment ago to pass.
      if (request.rollout) refuseUnusableTime(request.rollout, options.now().getTime());
      const { atIso, steps } = stepsOf(request);
      refuseBlocking(steps);
      refuseChangedPlan({ atIso, steps }, request.expectedPlan);
      const restores = restoring(steps);
      const skipped: (JobLine & { detail: string })[] = steps.flatMap((s, index) =>
        s.step === 'unchanged' || s.step === 'no-card-then'
          ? [{ ...facts(s, index), detail: RESTORE_LINES_DETAIL[s.step] }]
          : [],
      );
      const lines = restores.length === 1 ? '1 line' : `${restores.length} lines`;
      return options.jobs.enqueue(
        {
          requestId: request.requestId,
          kind: 'restore',
          undoes: null,
          label: `Restore of ${lines} to ${momentWords(atIso, request.timeZone, options.now())}`,
          restores,
          skipped,
          sameDetail: RESTORE_LINES_DETAIL.unchanged,
          markRestore: options.markRestore,
          ...(request.rollout ? { rollout: request.rollout } : {}),
          logAs: 'Restore of lines enqueued',
        },
        images,
      );
    },
  };
}

/** A line's row in the job: its place in the list, and the card's names now. */
function facts(s: Step, index: number): JobLine {
  return {
    line: index + 1,
    phoneNumber: s.phoneNumber,
    firstName: s.now?.firstName ?? '',
    lastName: s.now?.lastName ?? '',
  };
}
