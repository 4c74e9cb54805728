// The limits of a bulk import and the words for a row's outcome: plain values (no zod) that
// main's schemas, main's services and the Import screen share.

/** The most rows one import takes: far above a company's lines, and bounded for IPC. */
export const MAX_IMPORT_ROWS = 50_000;
/** Generous JSON size of one row (names 64 chars, image URL up to 2 KB is rare). */
/** What made an import-like job: a file (or pasted rows), an undo of one, or a restore of lines. */
export const IMPORT_KINDS = ['file', 'undo', 'restore'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const MAX_IMPORT_BYTES = 24 * 1024 * 1024;

/**
 * Paths checked per request: the window sends a few at a time anyway (so its progress moves),
 * and each path is a file main reads, up to 20 MB: one request must not hold main for minutes.
 */
export const MAX_IMAGE_PATHS_PER_REQUEST = 64;

/** The largest spreadsheet read (as the Import screen says). */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;

/** What became of one imported row, as its summary says. */
export const IMPORT_ROW_OUTCOMES = [
  'set-up',
  'updated',
  'failed',
  'cancelled',
  'needs-decision',
  'pending',
  'skipped',
] as const;
export type ImportRowOutcome = (typeof IMPORT_ROW_OUTCOMES)[number];
