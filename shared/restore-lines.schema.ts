// Putting several lines back to how they were at an earlier moment (a rebrand made card by
// card, or by several imports): what it would do (asked before the confirmation) and the
// request that starts it. The lines are the History list's as searched and filtered: main
// resolves them, so the dialog need not page through thousands of rows. Like an undo, the
// restore is an import-like job: its progress, rows and summary CSV come through the import
// requests (getImport, listImportRows, exportImportSummary).
import { z } from 'zod';
import { CardQuerySchema } from './card-history.schema.ts';
import { RolloutOptionsSchema, TimeZoneSchema } from './rollout.schema.ts';

export const RestoreLinesPlanRequestSchema = z.strictObject({
  /** The History list's search and filter: the lines it shows are the lines restored. */
  lines: CardQuerySchema,
  /** The moment to go back to (ISO 8601 with its offset); not in the future. */
  at: z.iso.datetime({ offset: true }),
});
export type RestoreLinesPlanRequest = z.infer<typeof RestoreLinesPlanRequestSchema>;

/** A plan's fingerprint: the lines, what each would do and the versions it compares. */
const PlanKeySchema = z.string().regex(/^[0-9a-f]{64}$/);

export const RestoreLinesPlanSchema = z.strictObject({
  /** The moment as main read it (an instant, UTC). */
  at: z.string(),
  /** Given back with the start, which is refused if the plan has changed since (see there). */
  key: PlanKeySchema,
  /** How many lines the list's search and filter select. */
  lines: z.number().int(),
  counts: z.strictObject({
    /** Lines that go back to the card Linq had confirmed at that moment. */
    restore: z.number().int(),
    /** Already as they were then (or differing only where a PATCH cannot change anything). */
    unchanged: z.number().int(),
    /** No card confirmed at that moment: Linq has no way to delete a card, so they stay. */
    noCardThen: z.number().int(),
    /** A change still in the outbox (waiting, held, being sent or decided): the restore waits. */
    blocking: z.number().int(),
    /** Going back to a photo known only by its address (no copy here); checked at start. */
    photoByAddress: z.number().int(),
  }),
});
export type RestoreLinesPlan = z.infer<typeof RestoreLinesPlanSchema>;

export const RestoreLinesRequestSchema = RestoreLinesPlanRequestSchema.extend({
  /** Made once per confirmed restore: the same id again answers with the job already made. */
  requestId: z.uuid(),
  /** The zone the moment was chosen in: the job's name says the moment in it. */
  timeZone: TimeZoneSchema,
  /**
   * The key of the plan the confirmation showed. Another line in the list, a card changed at
   * Linq or by another change since, and the start is refused rather than send what the user
   * did not see (the same number of lines is not the same lines).
   */
  expectedPlan: PlanKeySchema,
  /** Held back like an import: the first line first, and/or at a chosen time. */
  rollout: RolloutOptionsSchema.optional(),
});
export type RestoreLinesRequest = z.infer<typeof RestoreLinesRequestSchema>;
