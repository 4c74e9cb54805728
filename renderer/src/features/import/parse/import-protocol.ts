// What the window and the import worker say to each other (types only). Everything crosses
// by structured clone: a File is cloned to the worker (its bytes are not copied), results
// come back as plain objects in batches so that no single message takes the window long to
// receive.
import type { ColumnMap } from './columns.ts';
import type { ImportErrorValue } from './import-error.ts';
import type { DefaultCountryReading, ImportRowCheck, ValidateOptions } from './validate-rows.ts';

export interface ImportCounts {
  ready: number;
  warning: number;
  error: number;
  /** Rows with the same number as an earlier row (those marked with duplicateOf). */
  duplicates: number;
}

export interface ParsedImport {
  delimiter: string;
  /** The header row's cells, or null when the first row is data. */
  header: string[] | null;
  map: ColumnMap;
  hasHeader: boolean;
  rows: ImportRowCheck[];
  counts: ImportCounts;
  /** The most cells any row has: how many columns the mapping can choose from. */
  columnCount: number;
  /** What guessColumns made of the file, whatever map and hasHeader were asked for. */
  guess: { map: ColumnMap; hasHeader: boolean };
  /** The country the rows' numbers without a country code were read in (one note per file). */
  reading: DefaultCountryReading;
}

export interface ImportOptions extends ValidateOptions {
  map?: ColumnMap;
  hasHeader?: boolean;
}

/** Set, not array, is fine: structured clone carries Sets. */
export type ImportJobOptions = Omit<ImportOptions, 'lines'>;

export interface ImportRequest {
  source: Blob | string;
  options: ImportJobOptions;
}

export type ImportWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'rows'; rows: ImportRowCheck[] }
  | { type: 'done'; result: Omit<ParsedImport, 'rows'> }
  | { type: 'error'; error: ImportErrorValue };
