// Rollouts: batches of outbox items held back together until the user lets them go ("one line
// first": the first line is sent, the rest wait for Send the rest / Cancel the rest) or until a
// chosen time (a schedule: Send now / Cancel). Everything is in SQLite, so a hold or a schedule
// outlives a restart; one timer, derived from the table, fires the next schedule on time. A
// schedule whose time passed while the app was not running never goes silently: it is marked
// late, and goes only once a window has shown the notice; beyond the late limit it waits for
// the user (lateness.ts).
import type { OutboxItem } from '../../../shared/outbox.schema.ts';
import {
  MAX_SCHEDULE_AHEAD_MS,
  SCHEDULE_PAST_TOLERANCE_MS,
  type RolloutDecision,
  type RolloutItemsRequest,
  type RolloutOptions,
  type RolloutSummary,
} from '../../../shared/rollout.schema.ts';
import { AppFailure } from '../failure.ts';
import type { Log } from '../log/logger.ts';
import type { CardSubmission, Outbox } from '../outbox/outbox.ts';
import type { OutboxRecord } from '../outbox/outbox-store.ts';
import type { WriteBudget } from '../outbox/write-budget.ts';
import { planWrites } from '../outbox/write-plan.ts';
import { inTransaction, type Database } from '../store.ts';
import { lateness } from './lateness.ts';
import { createRolloutStore, type RolloutRow } from './rollout-store.ts';

export interface RolloutServiceOptions {
  db: Database;
  /** The outbox; a getter, as the outbox's snapshot lists the rollouts in turn. */
  outbox: () => Outbox;
  /** The services' clock: schedules and lateness are judged by it (tests move it). */
  now: () => Date;
  /** Settings' lateSendLimitHours, read when a rollout is made. */
  lateLimitHours: () => number;
  /** How long a late schedule waits after its notice was shown, for a Cancel (default 30 s). */
  lateNoticeMs?: number;
  budget: WriteBudget;
  concurrency: number;
  requestTimeoutMs: number;
  reportBug: (error: unknown) => void;
  log: Log;
}

export interface RolloutService {
  /**
   * Enqueues `submissions` under a new rollout, in one transaction: `enqueue` stores them
   * (with the caller's own records) with their gate set; `rolloutId` is passed on so that the
   * caller can link its records. Refuses a time that has passed or is too far ahead.
   */
  create(
    options: RolloutOptions,
    label: string,
    submissions: readonly CardSubmission[],
    enqueue: (gated: CardSubmission[], rolloutId: number) => OutboxRecord[],
  ): { rolloutId: number; records: OutboxRecord[] };
  /** Links the rollout to the import it holds (inside the import's transaction). */
  attachImport(rolloutId: number, importId: number): void;
  /** Open rollouts, then the last few finished: the Outbox's rows. */
  list(): RolloutSummary[];
  decide(decision: RolloutDecision): RolloutSummary;
  /** A window has shown the late notice: the late rollout goes after lateNoticeMs. */
  noticeShown(id: number): RolloutSummary;
  items(request: RolloutItemsRequest): { total: number; items: OutboxItem[] };
  /** Judges every schedule now (start-up, a wake from sleep) and arms the timer. */
  check(): void;
  stop(): void;
}

/** The timer never sleeps longer than this: Node caps timeouts at 2^31 ms, and clocks jump. */
const MAX_TIMER_MS = 60 * 60_000;
const CLOSED_SHOWN = 3;
const DEFAULT_LATE_NOTICE_MS = 30_000;
/** Assumed time from a write leaving to its answer, for the plan. */
const PLAN_WRITE_MS = 1_000;
/** A plan is recomputed at most this often per rollout (it reads every unsent line). */
const PLAN_FRESH_MS = 5_000;
const HOUR_MS = 3_600_000;

function refuse(message: string): AppFailure {
  return AppFailure.of('INVALID_INPUT', { message, detail: message });
}

/**
 * Refuses a chosen time that has passed or is too far ahead. Exported so that a caller with
 * work to do before the rollout is made (an undo cancels rows first) can refuse first.
 */
export function refuseUnusableTime(rollout: RolloutOptions, atMs: number): void {
  const sendAtMs = rollout.schedule ? Date.parse(rollout.schedule.sendAt) : null;
  if (sendAtMs !== null && sendAtMs < atMs - SCHEDULE_PAST_TOLERANCE_MS) {
    throw refuse('The time chosen has passed. Choose a later time, or send now.');
  }
  if (sendAtMs !== null && sendAtMs > atMs + MAX_SCHEDULE_AHEAD_MS) {
    throw refuse('Choose a time within a year.');
  }
}

export function createRolloutService(options: RolloutServiceOptions): RolloutService {
  const store = createRolloutStore(options.db);
  const lateNoticeMs = options.lateNoticeMs ?? DEFAULT_LATE_NOTICE_MS;
  const nowMs = () => options.now().getTime();
  const stamp = () => options.now().toISOString();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const plans = new Map<number, { atMs: number; key: string; summary: PlanSummary }>();

  interface PlanSummary {
    expectedLastAt: string | null;
    linesWaitingForBudget: number;
  }

  function must(id: number): RolloutRow {
    const row = store.get(id);
    if (!row) throw AppFailure.of('INVALID_INPUT', { detail: `No rollout ${id}.` });
    return row;
  }

  /** The first line goes now (state held), or everything (released), as the rollout says. */
  function letGo(row: RolloutRow, how: NonNullable<RolloutSummary['releasedHow']>): void {
    const pilot = row.pilot_outbox_id;
    if (pilot !== null && how !== 'send-rest') {
      options.outbox().releaseHeld(row.id, pilot, () => store.setState(row.id, 'held', stamp()));
      options.log.info('Rollout: first line released', { rolloutId: row.id, how });
      return;
    }
    const released = options
      .outbox()
      .releaseHeld(row.id, undefined, () => store.released(row.id, how, stamp()));
    options.log.info('Rollout released', { rolloutId: row.id, how, items: released.length });
  }

  /** Moves every schedule whose time has come on, and arms the timer for the next. */
  function check(): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = undefined;
    let changed = false;
    let nextMs = Infinity;
    const at = nowMs();
    for (const row of store.open()) {
      if (row.state === 'scheduled' && row.send_at !== null) {
        const when = lateness(row.send_at, at, row.late_limit_ms);
        if (when === 'early') nextMs = Math.min(nextMs, row.send_at);
        else if (when === 'on-time') letGo(row, 'on-time');
        else {
          store.setState(row.id, when, stamp());
          options.log.warn('Rollout: its time passed while the app was not running', {
            rolloutId: row.id,
            lateByMs: at - row.send_at,
            state: when,
          });
          if (when === 'late') nextMs = Math.min(nextMs, row.send_at + row.late_limit_ms);
        }
        changed = true;
      } else if (row.state === 'late' && row.send_at !== null) {
        if (row.late_noticed_at !== null) {
          const goesAt = row.late_noticed_at + lateNoticeMs;
          if (at >= goesAt) {
            letGo(row, 'late');
            changed = true;
          } else nextMs = Math.min(nextMs, goesAt);
        } else if (lateness(row.send_at, at, row.late_limit_ms) === 'overdue') {
          // Nobody saw the notice before the limit passed: now it waits for the user.
          store.setState(row.id, 'overdue', stamp());
          changed = true;
        } else nextMs = Math.min(nextMs, row.send_at + row.late_limit_ms + 1);
      }
    }
    if (changed) options.outbox().refreshed();
    if (nextMs !== Infinity) {
      const delay = Math.min(Math.max(0, nextMs - at), MAX_TIMER_MS);
      timer = setTimeout(guardedCheck, delay);
      timer.unref?.();
    }
  }

  function guardedCheck(): void {
    try {
      check();
    } catch (error) {
      options.reportBug(error);
    }
  }

  /** When its last change should go, within the budget; recomputed at most every 5 s. */
  function planOf(row: RolloutRow, counts: { held: number; open: number }): PlanSummary {
    if (counts.held + counts.open === 0) return { expectedLastAt: null, linesWaitingForBudget: 0 };
    const at = nowMs();
    const key = `${row.state}:${counts.held}:${counts.open}`;
    const cached = plans.get(row.id);
    if (cached && cached.key === key && Date.now() - cached.atMs < PLAN_FRESH_MS) {
      return cached.summary;
    }
    const startMs =
      row.state === 'scheduled' && row.send_at !== null ? Math.max(at, row.send_at) : at;
    const span = options.budget.windowMs + options.budget.marginMs;
    const lines = store.planRows(row.id, startMs - span, options.requestTimeoutMs).map((line) => ({
      phoneNumber: line.phone_number,
      countedAtMs: JSON.parse(line.writes) as number[],
      holdUntilMs: line.hold,
      ahead: line.ahead,
    }));
    const plan = planWrites(lines, startMs, {
      budget: options.budget,
      concurrency: options.concurrency,
      perWriteMs: PLAN_WRITE_MS,
    });
    const summary = {
      expectedLastAt: plan.lastAtMs === null ? null : new Date(plan.lastAtMs).toISOString(),
      linesWaitingForBudget: plan.waitingLines.length,
    };
    plans.set(row.id, { atMs: Date.now(), key, summary });
    return summary;
  }

  function summary(row: RolloutRow): RolloutSummary {
    const counts = store.counts(row.id);
    const pilot = row.pilot_outbox_id === null ? null : store.itemState(row.pilot_outbox_id);
    const late = row.state === 'late' || row.state === 'overdue';
    const open = row.state !== 'released' && row.state !== 'cancelled';
    return {
      id: row.id,
      label: row.label,
      importId: row.import_id,
      state: row.state,
      pilot:
        pilot === null || row.pilot_outbox_id === null
          ? null
          : {
              outboxId: row.pilot_outbox_id,
              phoneNumber: pilot.phone_number,
              outcome:
                pilot.gated === 1
                  ? 'held'
                  : pilot.state === 'done'
                    ? 'done'
                    : pilot.state === 'cancelled'
                      ? 'cancelled'
                      : pilot.state === 'failed' || pilot.state === 'needs-decision'
                        ? 'needs-attention'
                        : 'pending',
            },
      sendAt: row.send_at === null ? null : new Date(row.send_at).toISOString(),
      timeZone: row.time_zone,
      total: counts.total,
      heldCount: counts.held,
      openCount: counts.open,
      doneCount: counts.done,
      cancelledCount: counts.cancelled,
      lateByMs: late && row.send_at !== null ? Math.max(0, nowMs() - row.send_at) : null,
      sendsAt:
        row.state === 'late' && row.late_noticed_at !== null
          ? new Date(row.late_noticed_at + lateNoticeMs).toISOString()
          : null,
      lateLimitHours: row.late_limit_ms / HOUR_MS,
      releasedHow: row.released_how,
      ...(open || counts.open > 0
        ? planOf(row, counts)
        : { expectedLastAt: null, linesWaitingForBudget: 0 }),
    };
  }

  /**
   * A rollout with nothing held left has nothing left to decide: held items cancelled one by
   * one (from the Outbox, or by an undo) close it as cancelled, so its record never says the
   * rest were sent; with nothing cancelled (a one-line rollout), its first line was all of it.
   */
  function closeIfEmpty(row: RolloutRow): RolloutRow {
    if (row.state === 'released' || row.state === 'cancelled') return row;
    const counts = store.counts(row.id);
    if (counts.held > 0) return row;
    if (row.state === 'held' && row.pilot_outbox_id !== null && counts.cancelled === 0) {
      store.released(row.id, 'send-rest', stamp());
    } else {
      store.setState(row.id, 'cancelled', stamp());
    }
    return must(row.id);
  }

  return {
    create(rollout, label, submissions, enqueue) {
      refuseUnusableTime(rollout, nowMs());
      const sendAtMs = rollout.schedule ? Date.parse(rollout.schedule.sendAt) : null;
      const result = inTransaction(options.db, () => {
        const rolloutId = store.insert({
          createdAt: stamp(),
          label,
          sendAtMs,
          timeZone: rollout.schedule?.timeZone ?? null,
          lateLimitMs: Math.round(options.lateLimitHours() * HOUR_MS),
          state: sendAtMs !== null ? 'scheduled' : 'held',
        });
        // A schedule holds every item, the first line too; "one line first" alone lets the
        // first line go at once.
        const gated = submissions.map((submission, index) => ({
          ...submission,
          rollout: { rolloutId, gated: sendAtMs !== null || index > 0 },
        }));
        const records = enqueue(gated, rolloutId);
        if (rollout.firstLineFirst && records[0]) store.setPilot(rolloutId, records[0].id);
        return { rolloutId, records };
      });
      options.log.info('Rollout created', {
        rolloutId: result.rolloutId,
        items: result.records.length,
        firstLineFirst: rollout.firstLineFirst,
        scheduled: sendAtMs !== null,
      });
      options.outbox().refreshed();
      check();
      return result;
    },

    attachImport: (rolloutId, importId) => store.setImport(rolloutId, importId),

    list() {
      const open = store.open().map(closeIfEmpty);
      return [...open, ...store.recentlyClosed(CLOSED_SHOWN)]
        .filter((row, index, rows) => rows.findIndex((r) => r.id === row.id) === index)
        .map(summary);
    },

    decide({ id, action }) {
      const row = must(id);
      if (row.state === 'released' || row.state === 'cancelled') {
        throw refuse(`Rollout #${id} has already been ${row.state}.`);
      }
      if (action === 'cancel') {
        const cancelled = options
          .outbox()
          .cancelHeld(id, () => store.setState(id, 'cancelled', stamp()));
        options.log.info('Rollout cancelled', { rolloutId: id, items: cancelled });
      } else if (action === 'send-rest') {
        if (row.state !== 'held') {
          throw refuse('Only a rollout whose first line has gone can send the rest; use Send now.');
        }
        letGo(row, 'send-rest');
      } else {
        if (row.state === 'held') throw refuse('The first line has gone: use Send the rest.');
        letGo(row, 'send-now');
      }
      options.outbox().refreshed();
      check();
      return summary(must(id));
    },

    noticeShown(id) {
      const row = must(id);
      if (row.state === 'late') {
        store.noticed(id, nowMs());
        options.outbox().refreshed();
        check();
      }
      return summary(must(id));
    },

    items(request) {
      must(request.id);
      return options.outbox().rolloutItems(request.id, request.offset, request.limit);
    },

    check,

    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
