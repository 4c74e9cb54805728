// A reader for comma-, semicolon- and tab-separated text as spreadsheet apps write it
// (RFC 4180 and the ways Excel and Google Sheets differ from it), written for this app rather
// than added as a dependency: it is one loop, and it records the line each row starts on so
// that the preview can say "line 12" even when quoted cells span lines.
import { detectDelimiter, type Delimiter } from './detect-delimiter.ts';
import { ImportFileError, MAX_IMPORT_ROWS, tooManyRows } from './import-error.ts';

export type { Delimiter } from './detect-delimiter.ts';

export interface DelimitedText {
  rows: string[][];
  delimiter: Delimiter;
  /** The 1-based line of the text each row starts on (rows[i] starts on lines[i]). */
  lines: number[];
}

export interface ParseDelimitedOptions {
  /** Use this separator instead of detecting it (a "sep=" first line still wins). */
  delimiter?: Delimiter;
  /** Refuse text with more rows than this (header included); MAX_IMPORT_ROWS + 1 by default. */
  maxRows?: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Excel's "sep=;" first line, optionally quoted, names the separator of the rest. */
const SEP_LINE = /^"?sep=([,;\t])"?[ \t]*(\r\n|\n|\r|$)/i;

function isBlank(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === '');
}

/**
 * Splits text into rows of cells. Strips a BOM; honours a "sep=" first line; detects the
 * separator otherwise; reads quoted cells with doubled quotes, separators and CR, LF or CRLF
 * line breaks inside; skips blank lines and rows whose cells are all empty; keeps trailing
 * empty cells. Lenient where spreadsheet apps are: a quote inside an unquoted cell is kept
 * as text, spaces before an opening quote are ignored, and text after a closing quote is kept.
 * Throws ImportFileError for a quote that is never closed or more rows than allowed.
 */
export function parseDelimited(text: string, options: ParseDelimitedOptions = {}): DelimitedText {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let delimiter: Delimiter | undefined = options.delimiter;
  const sep = SEP_LINE.exec(text.slice(i, i + 12));
  if (sep) {
    delimiter = sep[1] as Delimiter;
    i += sep[0].length;
    line = 2;
  }
  delimiter ??= detectDelimiter(text, i);
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS + 1;
  const separator = delimiter.charCodeAt(0);
  const n = text.length;
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let rowLine = line;

  const endRow = () => {
    if (!isBlank(row)) {
      if (rows.length >= maxRows) throw tooManyRows();
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
  };

  /** Moves i to the next separator or line break (or the end) and returns where it began. */
  const skipToFieldEnd = (): number => {
    const from = i;
    while (i < n) {
      const code = text.charCodeAt(i);
      if (code === separator || code === LF || code === CR) break;
      i++;
    }
    return from;
  };

  while (i < n) {
    // The start of a cell: is it quoted (perhaps after spaces, as hand-written files have)?
    let quoteAt = i;
    while (
      quoteAt < n &&
      (text.charCodeAt(quoteAt) === SPACE ||
        (text.charCodeAt(quoteAt) === TAB && separator !== TAB))
    ) {
      quoteAt++;
    }
    let value: string;
    if (quoteAt < n && text.charCodeAt(quoteAt) === QUOTE) {
      const openedOn = line;
      i = quoteAt + 1;
      let pieceStart = i;
      value = '';
      for (;;) {
        if (i >= n) {
          throw new ImportFileError(
            'UNCLOSED_QUOTE',
            `The quote that opens on line ${openedOn} is never closed, so the rest of the file would be one cell. Check that line in a text editor.`,
          );
        }
        const code = text.charCodeAt(i);
        if (code === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            value += text.slice(pieceStart, i + 1);
            i += 2;
            pieceStart = i;
            continue;
          }
          value += text.slice(pieceStart, i);
          i++;
          break;
        }
        if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) line++;
        i++;
      }
      const after = skipToFieldEnd();
      if (i > after) value += text.slice(after, i);
    } else {
      value = text.slice(skipToFieldEnd(), i);
    }
    row.push(value);
    if (i >= n) break;
    const code = text.charCodeAt(i);
    if (code === separator) {
      i++;
      // A separator as the very last character still ends with an (empty) cell.
      if (i >= n) row.push('');
      continue;
    }
    i += code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    endRow();
    rowLine = line;
  }
  endRow();
  return { rows, delimiter, lines };
}
