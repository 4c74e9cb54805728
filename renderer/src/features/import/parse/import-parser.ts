// The import screen's entry point: parses and checks a file (or pasted text) in a Web Worker
// and resolves with every row checked. This module only starts the worker and collects what it
// posts; the parser and libphonenumber load in the worker, never on the window's thread.
// Changing the column map or the header choice means calling this again with `map` /
// `hasHeader`: the worker reads the file again, which is quick next to the checks.
import type { ColumnMap } from './columns.ts';
import { ImportFileError } from './import-error.ts';
import type {
  ImportOptions,
  ImportRequest,
  ImportWorkerMessage,
  ParsedImport,
} from './import-protocol.ts';
import type { ImportRowCheck } from './validate-rows.ts';

export type { ColumnMap, ImportField } from './columns.ts';
export type { ImportErrorCode } from './import-error.ts';
export { ImportFileError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './import-error.ts';
export type { ImportCounts, ImportOptions, ParsedImport } from './import-protocol.ts';
export type {
  DefaultCountryReading,
  ImportImage,
  ImportRowCheck,
  ValidateOptions,
} from './validate-rows.ts';

/** The part of a DOM Worker this module uses. */
interface ImportWorker {
  onmessage: ((event: { data: ImportWorkerMessage }) => void) | null;
  onerror: ((event: { preventDefault(): void }) => void) | null;
  onmessageerror: (() => void) | null;
  postMessage(request: ImportRequest): void;
  terminate(): void;
}

type ImportWorkerConstructor = new (
  url: URL,
  options: { type: 'module'; name: string },
) => ImportWorker;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The import was cancelled.', 'AbortError');
}

function workerFailed(): ImportFileError {
  return new ImportFileError(
    'WORKER_FAILED',
    'Something went wrong while reading this file. Try again.',
  );
}

/**
 * Parses `source` (a chosen File, or text pasted from a spreadsheet) and checks every row.
 * `onProgress` gets the rows checked so far, at most about every 50 ms. Aborting `signal`
 * stops the worker at once and rejects with the signal's reason. Rejects with an
 * ImportFileError when the file as a whole cannot be imported (its message says why).
 */
export function parseImport(
  source: File | string,
  options: ImportOptions & { map?: ColumnMap; hasHeader?: boolean },
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ParsedImport> {
  return new Promise<ParsedImport>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    // Vite finds this exact `new Worker(new URL(…, import.meta.url))` form and bundles the
    // worker with its imports as a chunk of its own.
    // The global Worker, through a local name: unit tests type-check this module without the
    // DOM library (and run it with a stand-in), and Vite still sees the `new Worker(…)` below.
    const Worker = (globalThis as unknown as { Worker: ImportWorkerConstructor }).Worker;
    let worker: ImportWorker;
    try {
      worker = new Worker(new URL('./import-worker.ts', import.meta.url), {
        type: 'module',
        name: 'import',
      });
    } catch (error) {
      // A Content-Security-Policy without worker-src 'self' makes this throw a SecurityError.
      console.error('Could not start the import worker', error);
      reject(workerFailed());
      return;
    }
    const rows: ImportRowCheck[] = [];
    const onAbort = () => settle(() => reject(abortReason(signal!)));
    let settled = false;
    function settle(then: () => void): void {
      if (settled) return;
      settled = true;
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
      then();
    }
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.onmessage = (event) => {
      const message = event.data;
      switch (message.type) {
        case 'progress':
          if (!settled) onProgress?.(message.done, message.total);
          break;
        case 'rows':
          for (const row of message.rows) rows.push(row);
          break;
        case 'done':
          settle(() => resolve({ ...message.result, rows }));
          break;
        case 'error':
          settle(() => reject(new ImportFileError(message.error.code, message.error.message)));
          break;
      }
    };
    worker.onerror = (event) => {
      event.preventDefault(); // the failure is reported here, not as an uncaught error
      settle(() => reject(workerFailed()));
    };
    worker.onmessageerror = () => settle(() => reject(workerFailed()));

    const { lines: _lines, ...jobOptions } = options;
    const request: ImportRequest = { source, options: jobOptions };
    worker.postMessage(request);
  });
}
