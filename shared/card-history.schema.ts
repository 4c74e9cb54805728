// The history as the renderer sees it: one row per phone number with its current card and
// where that was last confirmed, an event timeline per number, the list query (search,
// filter, window), the sync with Linq and the CSV export.
import { z } from 'zod';
import { AppErrorSchema } from './errors.schema.ts';
import { SubmittedFieldsSchema } from './outbox.schema.ts';
import { CARD_EVENT_KINDS, CARD_STATUSES, MAX_CARD_VERSIONS } from './card-history.rules.ts';

export const CardRowSchema = z.strictObject({
  phoneNumber: z.string(),
  /** The card as last confirmed by Linq (our own call, a read-back or a sync). */
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  imageUrl: z.string().nullable(),
  photoSha256: z.string().nullable(),
  /** null until Linq has confirmed a card for the number. */
  isActive: z.boolean().nullable(),
  status: z.enum(CARD_STATUSES),
  /** What the newest unsent submission would change, shown over the confirmed card. */
  pending: SubmittedFieldsSchema.nullable(),
  confirmedBy: z.enum(['own-call', 'read-back', 'sync']).nullable(),
  confirmedAt: z.string().nullable(),
  /** 'elsewhere': first seen in a sync (set up from another computer or by a script). */
  origin: z.enum(['this-computer', 'elsewhere']),
  changedAt: z.string(),
});
export type CardRow = z.infer<typeof CardRowSchema>;

export const CardEventSchema = z.strictObject({
  id: z.number().int(),
  at: z.string(),
  kind: z.enum(CARD_EVENT_KINDS),
  outboxId: z.number().int().nullable(),
  /** A short plain-language detail ("timed out, checking", "added from Linq", …). */
  detail: z.string().nullable(),
  error: AppErrorSchema.nullable(),
});
export type CardEvent = z.infer<typeof CardEventSchema>;

export const CardFilterSchema = z.enum(['all', ...CARD_STATUSES]);
export type CardFilter = z.infer<typeof CardFilterSchema>;

export const CardQuerySchema = z.strictObject({
  query: z.string().max(100),
  status: CardFilterSchema,
});
export type CardQuery = z.infer<typeof CardQuerySchema>;

/** The CSV export: each card as it is now, or every version of each (for an audit). */
export const CardExportRequestSchema = CardQuerySchema.extend({
  versions: z.enum(['current', 'every']).optional(),
});
export type CardExportRequest = z.infer<typeof CardExportRequestSchema>;

export const CardListRequestSchema = CardQuerySchema.extend({
  offset: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(500),
});
export type CardListRequest = z.infer<typeof CardListRequestSchema>;

export const CardListSchema = z.strictObject({
  /** Matching rows in all, for the list's size. */
  total: z.number().int().nonnegative(),
  rows: z.array(CardRowSchema),
});
export type CardList = z.infer<typeof CardListSchema>;

/** What made a version: a change sent from here, a file import, or a change seen at Linq. */
export const CARD_VERSION_MAKERS = [
  'submission',
  'import',
  'undo',
  'restore',
  'seen-at-linq',
  'before-versions',
] as const;
export type CardVersionMaker = (typeof CARD_VERSION_MAKERS)[number];

/** One card Linq confirmed for the number, as it was then. */
export const CardVersionSchema = z.strictObject({
  id: z.number().int(),
  phoneNumber: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  /** The image address as Linq confirmed it. */
  imageUrl: z.string().nullable(),
  /** The photo this app sent for it, kept in the photo store; null when it sent none. */
  photoSha256: z.string().nullable(),
  isActive: z.boolean().nullable(),
  confirmedAt: z.string(),
  confirmedBy: z.enum(['own-call', 'read-back', 'sync']),
  madeBy: z.enum(CARD_VERSION_MAKERS),
  outboxId: z.number().int().nullable(),
  importId: z.number().int().nullable(),
  /** The import's file name, for "Import of stores.csv". */
  importName: z.string().nullable(),
  restoredFrom: z.number().int().nullable(),
  /** The newest version: the card as Linq last confirmed it. */
  current: z.boolean(),
});
export type CardVersion = z.infer<typeof CardVersionSchema>;

export const CardHistorySchema = z.strictObject({
  card: CardRowSchema,
  /** Newest first, at most 500. */
  events: z.array(CardEventSchema),
  /** Newest first, at most MAX_CARD_VERSIONS. */
  versions: z.array(CardVersionSchema).max(MAX_CARD_VERSIONS),
  /** How many versions the number has in all (more than listed when it has very many). */
  versionsTotal: z.number().int().nonnegative(),
});
export type CardHistory = z.infer<typeof CardHistorySchema>;

export const SyncStatusSchema = z.strictObject({
  running: z.boolean(),
  lastSyncedAt: z.string().nullable(),
  lastResult: z
    .strictObject({
      seen: z.number().int(),
      added: z.number().int(),
      updated: z.number().int(),
    })
    .nullable(),
  error: AppErrorSchema.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const ExportResultSchema = z
  .strictObject({ path: z.string(), rows: z.number().int() })
  .nullable();
export type ExportResult = z.infer<typeof ExportResultSchema>;
