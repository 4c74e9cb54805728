// Undoing an import: what the undo would do (asked before the confirmation dialog opens) and
// the request that starts it. The undo itself is an import-like job: its progress, rows and
// summary CSV come through the import requests (getImport, listImportRows, exportImportSummary).
import { z } from 'zod';
import { MAX_IMPORT_ROWS } from './import.rules.ts';
import { ImportProgressSchema } from './import.schema.ts';
import { RolloutOptionsSchema } from './rollout.schema.ts';

export const UndoPlanRequestSchema = z.strictObject({ importId: z.number().int().positive() });
export type UndoPlanRequest = z.infer<typeof UndoPlanRequestSchema>;

/** A card changed again after the import (here, by a later import, or at Linq). */
export const ChangedSinceRowSchema = z.strictObject({
  /** The import's line: what `include` names. */
  line: z.number().int(),
  phoneNumber: z.string(),
  /** The card as the import left it and as it is now (confirmed by Linq, or still pending). */
  importedName: z.string(),
  nowName: z.string(),
  /** Who changed it: a change for the number still in the outbox counts as 'pending'. */
  by: z.enum(['submission', 'import', 'linq', 'pending']),
});
export type ChangedSinceRow = z.infer<typeof ChangedSinceRowSchema>;

export const UndoPlanSchema = z.strictObject({
  importId: z.number().int(),
  fileName: z.string(),
  counts: z.strictObject({
    /** Cards that go back to their version from just before the import. */
    restore: z.number().int(),
    /** Cards the import set up: Linq has no way to delete a card. */
    setUp: z.number().int(),
    /** Changed again since: left alone unless included. */
    changedSince: z.number().int(),
    /** Rows still waiting in the outbox: the undo cancels them, nothing is sent for them. */
    notSent: z.number().int(),
    /** Rows the import did not change (skipped, failed, cancelled, or back as they were). */
    unchanged: z.number().int(),
    /** Updated, but this computer has no version from before the import to go back to. */
    noEarlierVersion: z.number().int(),
    /** Being sent or checked with Linq, or waiting for a decision: the undo waits for them. */
    blocking: z.number().int(),
    /**
     * Cards going back whose earlier photo is known only by its image address (this computer
     * has no copy to upload again). The addresses are checked when the undo starts, not here:
     * a card whose address no longer shows an image then goes back with its names only.
     */
    photoByAddress: z.number().int(),
  }),
  changedSince: z.array(ChangedSinceRowSchema).max(MAX_IMPORT_ROWS),
  /** The undo already made of this import (one per import), if any. */
  undoneBy: ImportProgressSchema.nullable(),
});
export type UndoPlan = z.infer<typeof UndoPlanSchema>;

export const UndoImportRequestSchema = z.strictObject({
  /** Made once per confirmed undo: the same id again answers with the undo already made. */
  requestId: z.uuid(),
  importId: z.number().int().positive(),
  /** Lines of changed-since cards the user ticked: these go back too. */
  include: z.array(z.number().int().positive()).max(MAX_IMPORT_ROWS),
  /** Held back like an import: the first line first, and/or at a chosen time. */
  rollout: RolloutOptionsSchema.optional(),
});
export type UndoImportRequest = z.infer<typeof UndoImportRequestSchema>;
