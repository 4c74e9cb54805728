// The outbox as the renderer sees it: every submission with its state, and the sender's
// status (reachable or not, paused, counts, next retry). Main owns the real thing in SQLite;
// these schemas describe the copies that cross IPC.
import { z } from 'zod';
import { CardSchema, PhotoRefSchema } from './card.schema.ts';
import { AppErrorSchema } from './errors.schema.ts';
import { OUTBOX_STATES } from './outbox.rules.ts';
import { RolloutSummarySchema } from './rollout.schema.ts';

export const SubmittedFieldsSchema = z.strictObject({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  /** Set from the start, or once `photo` has been uploaded (its download URL). */
  imageUrl: z.string().optional(),
  /** A photo from main's photo store, uploaded to Linq when the card is sent. */
  photo: PhotoRefSchema.optional(),
});
export type SubmittedFields = z.infer<typeof SubmittedFieldsSchema>;

export const DecisionReasonSchema = z.enum([
  /** A setup found a card already there (409/2014). */
  'card-exists',
  /** Read back after an unknown outcome, Linq shows values other than the submitted ones. */
  'differs-from-server',
  /** Linq stored the card but kept reporting it not active, however often it was re-applied. */
  'not-active',
]);

export const OutboxDecisionSchema = z.strictObject({
  reason: DecisionReasonSchema,
  /** The card as Linq had it when the question came up; null when it could not be read. */
  serverCard: CardSchema.nullable(),
});
export type OutboxDecision = z.infer<typeof OutboxDecisionSchema>;

export const OutboxItemSchema = z.strictObject({
  id: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  action: z.enum(['setup', 'update']),
  phoneNumber: z.string(),
  /** What is sent: every field for a setup, only the changed ones for an update. */
  fields: SubmittedFieldsSchema,
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int().nonnegative(),
  /** When the next attempt (or read-back) is due; null when nothing is scheduled. */
  nextAttemptAt: z.string().nullable(),
  lastError: AppErrorSchema.nullable(),
  decision: OutboxDecisionSchema.nullable(),
  /** Done: the card as Linq confirmed it, by its answer or by reading it back. */
  card: CardSchema.nullable(),
  confirmedBy: z.enum(['answer', 'read-back']).nullable(),
  /**
   * Combined with earlier changes to the same number into the request of that item (Linq
   * allows 3 writes per number in 10 minutes); it ends as that request ends.
   */
  combinedInto: z.number().int().nullable(),
  /**
   * Why a waiting item waits until `nextAttemptAt` although nothing failed: the number has had
   * Linq's 3 writes in 10 minutes, or Linq put the line on hold (503/4004).
   */
  waitingFor: z.enum(['write-budget', 'line-hold']).nullable(),
  /**
   * An update not done yet: the names of the card as Linq last confirmed it (null when none is
   * known), so the update can be shown as the whole card it makes, not as its changed fields
   * alone. Absent for setups and finished updates (their `card` is the result).
   */
  confirmedNames: z
    .strictObject({ firstName: z.string().nullable(), lastName: z.string().nullable() })
    .nullable()
    .optional(),
  /** The rollout (one line first, or a schedule) it was enqueued under; absent when none. */
  rolloutId: z.number().int().optional(),
  /** Held back by its rollout: not sent until released (Send the rest, Send now, its time). */
  held: z.boolean().optional(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const OutboxCountsSchema = z.strictObject({
  waiting: z.number().int(),
  sending: z.number().int(),
  inDoubt: z.number().int(),
  needsDecision: z.number().int(),
  failed: z.number().int(),
});
export type OutboxCounts = z.infer<typeof OutboxCountsSchema>;

export const OutboxStatusSchema = z.strictObject({
  /** From request outcomes, not from the OS: unknown until the first answer or failure. */
  connection: z.enum(['unknown', 'reachable', 'unreachable']),
  /**
   * While unreachable: why, when a request or probe said so (a proxy's refusal, a certificate
   * not trusted, no connection), with its message and what to do.
   */
  unreachableReason: AppErrorSchema.nullable(),
  /** Set while nothing is sent because of the key (refused, missing, keychain locked). */
  pausedBy: AppErrorSchema.nullable(),
  counts: OutboxCountsSchema,
  /** The earliest scheduled attempt, read-back or reachability probe. */
  nextAttemptAt: z.string().nullable(),
});
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

export const OutboxSnapshotSchema = z.strictObject({
  status: OutboxStatusSchema,
  /** Everything unfinished (up to a cap), then the most recently finished. */
  items: z.array(OutboxItemSchema),
  /** Unfinished items beyond the cap, so the view can say "and N more". */
  moreOpen: z.number().int().nonnegative(),
  /**
   * Open rollouts (and the last few closed), each with its held items counted: held items are
   * not among `items` nor in the counts. Absent from hosts that have none.
   */
  rollouts: z.array(RolloutSummarySchema).optional(),
});
export type OutboxSnapshot = z.infer<typeof OutboxSnapshotSchema>;

/** A page of one rollout's items in submission order, held ones included, with their total. */
export const RolloutItemsSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  items: z.array(OutboxItemSchema),
});
export type RolloutItems = z.infer<typeof RolloutItemsSchema>;

/** Upload progress of an item's photo, while it is being sent. */
export const PhotoUploadProgressSchema = z.strictObject({
  itemId: z.number().int(),
  sentBytes: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
});
export type PhotoUploadProgress = z.infer<typeof PhotoUploadProgressSchema>;

const ItemId = z.number().int().positive();
export const OutboxItemRefSchema = z.strictObject({ id: ItemId });

export const OutboxDecisionInputSchema = z.strictObject({
  id: ItemId,
  /**
   * update-instead: the card exists; send the wanted values as a PATCH of what differs.
   * send-again: Linq shows something else; send the submission as it is.
   * keep-server: leave Linq's card as it is; the item is finished without sending.
   */
  decision: z.enum(['update-instead', 'send-again', 'keep-server']),
});
export type OutboxDecisionInput = z.infer<typeof OutboxDecisionInputSchema>;
