// One import from start to end, as the worker runs it: read and decode the file, split it
// into rows, guess the columns (or take the user's), check every row, and post progress and
// the results. Kept apart from the worker's wiring so that tests can run it in Node.
import { guessColumns, mapColumns, type ColumnMap } from './columns.ts';
import { decodeText } from './decode-text.ts';
import { ImportFileError, MAX_IMPORT_BYTES, tooLarge } from './import-error.ts';
import type {
  ImportCounts,
  ImportJobOptions,
  ImportRequest,
  ImportWorkerMessage,
} from './import-protocol.ts';
import { parseDelimited } from './parse-delimited.ts';
import { defaultCountryReading, validateRows, type ImportRowCheck } from './validate-rows.ts';

/** Posting progress more often than this costs the window more than it tells the user. */
export const PROGRESS_INTERVAL_MS = 50;
/** Rows per result message: each takes the window a few milliseconds to receive. */
export const ROWS_PER_MESSAGE = 500;

export async function readSource(source: Blob | string): Promise<string> {
  if (typeof source === 'string') {
    if (source.length > MAX_IMPORT_BYTES) throw tooLarge();
    return source;
  }
  if (source.size > MAX_IMPORT_BYTES) throw tooLarge();
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await source.arrayBuffer());
  } catch {
    throw new ImportFileError(
      'UNREADABLE',
      'The file could not be read. It may have been moved or deleted; choose it again.',
    );
  }
  return decodeText(bytes);
}

function countRows(rows: readonly ImportRowCheck[]): ImportCounts {
  const counts: ImportCounts = { ready: 0, warning: 0, error: 0, duplicates: 0 };
  for (const row of rows) {
    counts[row.status]++;
    if (row.duplicateOf !== null) counts.duplicates++;
  }
  return counts;
}

function isValidMap(map: ColumnMap | undefined): map is ColumnMap {
  return (
    map !== undefined &&
    Object.values(map).every(
      (column) => column === null || (Number.isInteger(column) && column >= 0),
    )
  );
}

export async function runImportJob(
  request: ImportRequest,
  post: (message: ImportWorkerMessage) => void,
  now: () => number = () => performance.now(),
): Promise<void> {
  try {
    const text = await readSource(request.source);
    const { rows, delimiter, lines } = parseDelimited(text);
    if (rows.length === 0) {
      throw new ImportFileError('EMPTY', 'This file has no rows. Choose another file.');
    }
    const options: ImportJobOptions = request.options;
    const guess = guessColumns(rows[0]!, rows.slice(1));
    const hasHeader = options.hasHeader ?? guess.hasHeader;
    const map = isValidMap(options.map)
      ? options.map
      : hasHeader === guess.hasHeader
        ? guess.map
        : mapColumns(rows, hasHeader);

    let lastPost = now();
    post({ type: 'progress', done: 0, total: rows.length - (hasHeader ? 1 : 0) });
    const checks = validateRows(rows, map, hasHeader, { ...options, lines }, (done, total) => {
      const time = now();
      if (time - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = time;
      post({ type: 'progress', done, total });
    });
    for (let start = 0; start < checks.length; start += ROWS_PER_MESSAGE) {
      post({ type: 'rows', rows: checks.slice(start, start + ROWS_PER_MESSAGE) });
    }
    post({
      type: 'done',
      result: {
        delimiter,
        header: hasHeader ? rows[0]! : null,
        map,
        hasHeader,
        counts: countRows(checks),
        columnCount: rows.reduce((most, row) => Math.max(most, row.length), 0),
        guess,
        reading: defaultCountryReading(options.defaultCountry),
      },
    });
  } catch (error) {
    if (error instanceof ImportFileError) {
      post({ type: 'error', error: error.toValue() });
      return;
    }
    // Anything else is a bug here, not a problem with the file: say so plainly and keep the
    // details for the developer console of the worker.
    console.error('Import failed', error);
    post({
      type: 'error',
      error: {
        code: 'WORKER_FAILED',
        message: 'Something went wrong while reading this file. Try again.',
      },
    });
  }
}
