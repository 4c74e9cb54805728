// The restore requests: what restoring a version would send (planRestore, for the dialog) and
// the restore itself (restoreVersion), both decided by main against the card Linq shows now.
import { z } from 'zod';
import { OutboxItemSchema } from './outbox.schema.ts';
import { ScheduleSchema } from './rollout.schema.ts';

export const RestoreRequestSchema = z.strictObject({
  phoneNumber: z.string().max(16),
  versionId: z.number().int().positive(),
});
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

export const RestoreVersionRequestSchema = RestoreRequestSchema.extend({
  /**
   * Made by the window once per plan it confirms: the same id again (a double click, a retry
   * after a lost answer) answers with the restore already made and sends nothing new.
   */
  requestId: z.uuid(),
  /** The user chose to restore the names without the image (its photo is no longer there). */
  namesOnly: z.boolean().optional(),
  /** Sent at a chosen time instead of at once: it waits in the Outbox until then. */
  schedule: ScheduleSchema.optional(),
});
export type RestoreVersionRequest = z.infer<typeof RestoreVersionRequestSchema>;

/**
 * How the version's image goes back: unchanged (`same`), by its old address (it still serves
 * an image), by uploading this app's stored photo again, `unchecked` (Linq or the image host
 * could not be reached: the address is sent as it is), `unavailable` (neither the address nor
 * the photo remains: names only, if the user agrees), `cannot-remove` (the version had no image,
 * and Linq cannot remove one), or `none` (neither the version nor the card has one).
 */
export const RESTORE_IMAGE_WAYS = [
  'same',
  'old-address',
  're-upload',
  'unchecked',
  'unavailable',
  'cannot-remove',
  'none',
] as const;
export type RestoreImageWay = (typeof RESTORE_IMAGE_WAYS)[number];

const RestoreCardSchema = z.strictObject({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  imageUrl: z.string().nullable(),
});

export const RestorePlanSchema = z.strictObject({
  phoneNumber: z.string(),
  versionId: z.number().int(),
  /** The card it is compared with; null when Linq has no card for the number. */
  current: RestoreCardSchema.nullable(),
  /** Linq's card read just now, or (Linq unreachable) the card as Linq last confirmed it. */
  comparedWith: z.enum(['linq-now', 'last-confirmed']),
  /** Something for the number is still in the outbox: the whole version is sent after it. */
  pendingAhead: z.boolean(),
  /** The fields that change, in the order the dialog lists them. */
  changes: z.array(
    z.strictObject({
      field: z.enum(['firstName', 'lastName', 'image']),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
  image: z.enum(RESTORE_IMAGE_WAYS),
  /** Nothing would be sent: the version is what Linq shows now. */
  sameAsNow: z.boolean(),
});
export type RestorePlan = z.infer<typeof RestorePlanSchema>;

export const RestoreResultSchema = z.discriminatedUnion('status', [
  /** One update is in the outbox, sent like any other (held until its time, if scheduled). */
  z.strictObject({ status: z.literal('queued'), item: OutboxItemSchema }),
  /** Nothing was sent: the version is what Linq shows now. */
  z.strictObject({ status: z.literal('same-as-now'), message: z.string() }),
  /** Nothing was sent: its photo is gone (ask again with namesOnly). */
  z.strictObject({ status: z.literal('image-unavailable'), message: z.string() }),
]);
export type RestoreResult = z.infer<typeof RestoreResultSchema>;
