// Rollouts as they cross IPC: changes held back in the outbox until the user releases them
// ("one line first": the first line goes, the rest wait for Send the rest) or until a chosen
// time (a schedule). Main keeps them in SQLite (rollouts/ in the services); these schemas
// describe the requests that make and decide them and the summaries the Outbox shows.
import { z } from 'zod';

/** Longest a schedule may look ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60_000;
/** A time chosen a moment ago that has just passed still counts as "now", not as a mistake. */
export const SCHEDULE_PAST_TOLERANCE_MS = 60_000;

/** Whether `name` is a time zone this runtime knows (IANA, e.g. "Europe/Berlin", or "UTC"). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone a time was chosen in (e.g. "Europe/Berlin"), said with that time. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { message: 'Unknown time zone' });

/** A chosen time, with the IANA time zone it was chosen in (shown with it, e.g. Europe/Berlin). */
export const ScheduleSchema = z.strictObject({
  /** ISO 8601 with its offset; main keeps the instant. */
  sendAt: z.iso.datetime({ offset: true }),
  timeZone: TimeZoneSchema,
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** How an import (or any batch) goes out: its first line first, at a chosen time, or both. */
export const RolloutOptionsSchema = z
  .strictObject({
    /** The first row's line is sent; the rest wait for "Send the rest" or "Cancel the rest". */
    firstLineFirst: z.boolean().default(false),
    schedule: ScheduleSchema.optional(),
  })
  .refine((options) => options.firstLineFirst || options.schedule !== undefined, {
    message: 'A rollout holds its changes back for one line first or a time; neither was chosen.',
  });
export type RolloutOptions = z.infer<typeof RolloutOptionsSchema>;

/**
 * - scheduled: every item waits for `sendAt`
 * - held: the first line was let go (or is going); the rest wait for the user's choice
 * - late: its time passed while the app was not running; it goes once a window has shown the
 *   notice (and a short grace for "Cancel" has passed)
 * - overdue: later than the late limit (settings): nothing goes until the user chooses
 * - released / cancelled: finished; its items are ordinary outbox items again (or cancelled)
 */
export const ROLLOUT_STATES = [
  'scheduled',
  'held',
  'late',
  'overdue',
  'released',
  'cancelled',
] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

export const RolloutSummarySchema = z.strictObject({
  id: z.number().int(),
  /** What it holds: the import's file name, or the number of a single change. */
  label: z.string(),
  importId: z.number().int().nullable(),
  state: z.enum(ROLLOUT_STATES),
  /** The line sent first ("one line first"), and how it went: the user checks it on a phone. */
  pilot: z
    .strictObject({
      outboxId: z.number().int(),
      phoneNumber: z.string(),
      /** pending: not sent yet or under way; needs-attention: failed or waits for a decision. */
      outcome: z.enum(['held', 'pending', 'done', 'needs-attention', 'cancelled']),
    })
    .nullable(),
  sendAt: z.string().nullable(),
  timeZone: z.string().nullable(),
  total: z.number().int(),
  /** Held back now (not sent, not counted among the outbox's waiting items). */
  heldCount: z.number().int(),
  /** Released and still in the outbox (waiting, sending, in doubt, needs a decision, failed). */
  openCount: z.number().int(),
  doneCount: z.number().int(),
  cancelledCount: z.number().int(),
  /** Late or overdue: how late its time is, now. */
  lateByMs: z.number().int().nullable(),
  /** Late: the window has shown the notice; it goes at this time unless cancelled. */
  sendsAt: z.string().nullable(),
  /** Beyond this lateness nothing goes without the user's choice (0: always ask). */
  lateLimitHours: z.number().nonnegative(),
  releasedHow: z.enum(['on-time', 'late', 'send-now', 'send-rest']).nullable(),
  /**
   * When its last change should have gone, within Linq's write budget (3 per line in 10
   * minutes) and what waits ahead on each line; null when nothing of it is left to send.
   */
  expectedLastAt: z.string().nullable(),
  /** Lines whose budget or hold makes them wait past the start. */
  linesWaitingForBudget: z.number().int(),
});
export type RolloutSummary = z.infer<typeof RolloutSummarySchema>;

const RolloutId = z.number().int().positive();

export const RolloutDecisionSchema = z.strictObject({
  id: RolloutId,
  /**
   * send-rest: after the first line, let the rest go. send-now: a scheduled (late, overdue)
   * rollout goes now (its first line only, when it has one). cancel: every held item is
   * cancelled ("Cancel the rest" / "Cancel"); nothing held is sent.
   */
  action: z.enum(['send-rest', 'send-now', 'cancel']),
});
export type RolloutDecision = z.infer<typeof RolloutDecisionSchema>;

export const RolloutRefSchema = z.strictObject({ id: RolloutId });

export const RolloutItemsRequestSchema = z.strictObject({
  id: RolloutId,
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(500),
});
export type RolloutItemsRequest = z.infer<typeof RolloutItemsRequestSchema>;
