// Bulk import of cards from a spreadsheet: the rows the renderer has parsed and checked (in a
// worker, with the same rules as the form) go to main in one request and are enqueued in one
// transaction; the import then follows its rows through the outbox to a summary.
import { z } from 'zod';
import { RolloutOptionsSchema } from './rollout.schema.ts';
import { AppErrorSchema } from './errors.schema.ts';
import {
  E164Schema,
  FirstNameSchema,
  ImageUrlSchema,
  LastNameSchema,
  PhotoRefSchema,
} from './card.schema.ts';
import { CARD_STATUSES } from './card-history.rules.ts';
import {
  IMPORT_KINDS,
  IMPORT_ROW_OUTCOMES,
  MAX_IMAGE_PATHS_PER_REQUEST,
  MAX_IMPORT_FILE_BYTES,
  MAX_IMPORT_ROWS,
} from './import.rules.ts';

const MAX_PATH_LENGTH = 4096;

/** A ready row: what will be enqueued, as a setup (POST) or an update (PATCH). */
export const ImportRowSchema = z
  .strictObject({
    /** 1-based line in the source file, so the summary can point at it. */
    line: z.number().int().positive(),
    action: z.enum(['setup', 'update']),
    phoneNumber: E164Schema,
    firstName: FirstNameSchema,
    /**
     * Absent when the file has no last-name column. For an update, absent leaves the card's
     * last name as it is and '' clears it (as an emptied field in the form does).
     */
    lastName: LastNameSchema.optional(),
    imageUrl: ImageUrlSchema.optional(),
    /** A local image already checked and stored by checkImportImages. */
    photo: PhotoRefSchema.optional(),
  })
  .refine((row) => row.photo === undefined || row.imageUrl === undefined, {
    message: 'Give either a photo or an image URL, not both.',
    path: ['photo'],
  });
export type ImportRow = z.infer<typeof ImportRowSchema>;

/** A row not enqueued, kept so the summary (and its CSV) accounts for every line of the file. */
export const ImportSkippedRowSchema = z.strictObject({
  line: z.number().int().positive(),
  /** As typed in the file (it may not be a valid number). */
  phoneNumber: z.string().max(64),
  firstName: z.string().max(256),
  lastName: z.string().max(256),
  reason: z.enum(['has-card', 'invalid', 'duplicate', 'excluded']),
  /** The plain-language reason shown in the preview. */
  detail: z.string().max(1000),
});
export type ImportSkippedRow = z.infer<typeof ImportSkippedRowSchema>;

export const ImportRequestSchema = z
  .strictObject({
    /**
     * Made by the renderer once per import it confirms and kept for its retries: main enqueues
     * the rows of one request id once, and answers a repeat with the import it made then.
     */
    requestId: z.uuid(),
    fileName: z.string().max(255),
    rows: z.array(ImportRowSchema).max(MAX_IMPORT_ROWS),
    skipped: z.array(ImportSkippedRowSchema).max(MAX_IMPORT_ROWS),
    /** Held back: the first line first, and/or at a chosen time (see rollout.ts). */
    rollout: RolloutOptionsSchema.optional(),
  })
  .refine((request) => request.rows.length > 0, {
    message: 'Nothing to import: no row is ready.',
    path: ['rows'],
  })
  // The preview leaves out every repeat of a number; a request that still has one is not what
  // the preview showed.
  .refine(
    (request) => new Set(request.rows.map((row) => row.phoneNumber)).size === request.rows.length,
    {
      message: 'The same phone number is on two rows to import.',
      path: ['rows'],
    },
  );
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

export const ImportCountsSchema = z.strictObject({
  setUp: z.number().int(),
  updated: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  needsDecision: z.number().int(),
  /** Still in the outbox: waiting, sending or in doubt. */
  pending: z.number().int(),
  skipped: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

export const ImportProgressSchema = z.strictObject({
  id: z.number().int(),
  fileName: z.string(),
  /** An import of a file, an undo, or a restore of several lines: each says its own name. */
  kind: z.enum(IMPORT_KINDS),
  createdAt: z.string(),
  /** Rows enqueued (skipped rows not included). */
  total: z.number().int(),
  counts: ImportCountsSchema,
  /** When the last enqueued row reached a final state (set up, updated, failed, cancelled). */
  finishedAt: z.string().nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ImportRowResultSchema = z.strictObject({
  line: z.number().int(),
  phoneNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  action: z.enum(['setup', 'update']).nullable(),
  outcome: z.enum(IMPORT_ROW_OUTCOMES),
  /** Why it failed or was skipped, in plain words; null otherwise. */
  reason: z.string().nullable(),
  error: AppErrorSchema.nullable(),
  outboxId: z.number().int().nullable(),
});
export type ImportRowResult = z.infer<typeof ImportRowResultSchema>;

export const ImportRowsRequestSchema = z.strictObject({
  id: z.number().int().positive(),
  outcome: z.enum(['all', ...IMPORT_ROW_OUTCOMES]),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(500),
});
export type ImportRowsRequest = z.infer<typeof ImportRowsRequestSchema>;

export const ImportRowsSchema = z.strictObject({
  total: z.number().int().nonnegative(),
  rows: z.array(ImportRowResultSchema),
});
export type ImportRows = z.infer<typeof ImportRowsSchema>;

export const ImportImagesRequestSchema = z.strictObject({
  /**
   * The folder the images may come from, as main's token for it (openImportFile,
   * chooseImageFolder); null when the user has chosen none, and then no path is read.
   */
  grant: z.uuid().nullable(),
  paths: z.array(z.string().min(1).max(MAX_PATH_LENGTH)).max(MAX_IMAGE_PATHS_PER_REQUEST),
});

/** A spreadsheet the user opened in main's dialog, and the token of its folder (its images). */
export const ImportFileSchema = z.strictObject({
  name: z.string().max(255),
  base64: z.base64().max(Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4),
  grant: z.uuid(),
});
export type ImportFile = z.infer<typeof ImportFileSchema>;

/** A folder of images the user chose in main's dialog. */
export const ImageFolderSchema = z.strictObject({
  /** The folder's own name, to show which one was chosen (not its whole path). */
  name: z.string().max(255),
  grant: z.uuid(),
});
export type ImageFolder = z.infer<typeof ImageFolderSchema>;

export const ImportImageResultSchema = z.discriminatedUnion('ok', [
  z.strictObject({ path: z.string(), ok: z.literal(true), photo: PhotoRefSchema }),
  z.strictObject({ path: z.string(), ok: z.literal(false), error: AppErrorSchema }),
]);
export type ImportImageResult = z.infer<typeof ImportImageResultSchema>;

export const ImportImagesSchema = z.strictObject({ results: z.array(ImportImageResultSchema) });

/** What the history knows of numbers in a file: the preview's "already has a card". */
export const KnownCardsRequestSchema = z.strictObject({
  phoneNumbers: z.array(E164Schema).max(MAX_IMPORT_ROWS),
});
export const KnownCardSchema = z.strictObject({
  phoneNumber: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  status: z.enum(CARD_STATUSES),
  /** Whether Linq has confirmed a card (true/false: active or not); null if it never has. */
  isActive: z.boolean().nullable(),
  /** The confirmed card's image, and the stored photo it came from: what an update compares. */
  imageUrl: z.string().nullable(),
  photoSha256: z.string().nullable(),
});
export type KnownCard = z.infer<typeof KnownCardSchema>;
export const KnownCardsSchema = z.strictObject({ cards: z.array(KnownCardSchema) });
