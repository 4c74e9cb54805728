// Why a whole file cannot be imported (as opposed to a row that has a problem, which the
// preview shows on that row). The worker posts these as plain { code, message } values and
// import-parser.ts turns them back into an ImportFileError, so the UI can show the message
// as it is and branch on the code.

import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_ROWS } from '../../../../../shared/import.rules.ts';

/**
 * Beyond these a file is almost certainly not a list of lines, and the preview would crawl. The
 * limits are main's (it reads a chosen file up to the same size and takes as many rows).
 */
export const MAX_IMPORT_BYTES = MAX_IMPORT_FILE_BYTES;
export { MAX_IMPORT_ROWS };

export type ImportErrorCode =
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'TOO_MANY_ROWS'
  | 'UNCLOSED_QUOTE'
  | 'WORKBOOK'
  | 'NOT_TEXT'
  | 'UNREADABLE'
  | 'WORKER_FAILED';

export interface ImportErrorValue {
  code: ImportErrorCode;
  message: string;
}

export class ImportFileError extends Error {
  readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, message: string) {
    super(message);
    this.name = 'ImportFileError';
    this.code = code;
  }

  toValue(): ImportErrorValue {
    return { code: this.code, message: this.message };
  }
}

export function tooLarge(): ImportFileError {
  return new ImportFileError(
    'TOO_LARGE',
    `This file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one at a time.`,
  );
}

export function tooManyRows(): ImportFileError {
  return new ImportFileError(
    'TOO_MANY_ROWS',
    `This file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows. Split it into smaller files and import them one at a time.`,
  );
}
