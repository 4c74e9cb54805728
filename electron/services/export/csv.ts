// CSV for people who open it in a spreadsheet app: RFC 4180 quoting, UTF-8 with a byte order
// mark (without it Excel on Windows reads the file as the local code page and garbles every
// accented or non-Latin name), CRLF line ends, and formula neutralisation (OWASP "CSV
// injection"): names come from staff and from the Linq server, so a name like
// `=HYPERLINK("https://…")` must arrive as text, never as a formula.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory } from '../fsync-directory.ts';

export type CsvCell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';
const LINE_END = '\r\n';

// The characters that make Excel, LibreOffice Calc or Google Sheets read a cell as a formula
// (OWASP's list). Tab and CR count because some apps strip them and then see what follows;
// for the same reason they are looked for behind leading white space (an app set to trim
// spaces on import would otherwise find `=` in " =1+1").
const FORMULA_START = /^\s*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * A text cell made safe to open: one that a spreadsheet would take for a formula gets a leading
 * apostrophe, the "this is text" marker of spreadsheet apps (plain-text readers see it).
 *
 * This applies to every text cell, phone numbers included: an E.164 number starts with '+', so
 * `+14155550132` is written `'+14155550132`. That is deliberate. Exported as a bare number it
 * would lose its '+' (and leading zeros of other formats) and could be shown in scientific
 * notation; exported as text without the apostrophe, a '+' cell is exactly the formula prefix
 * this guards against, and the exporter cannot tell a phone number from a hostile name.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // A finite number is data, not a formula, even when negative: -3 stays -3. NaN and the
  // infinities are not numbers to a spreadsheet, so they are written as (neutralised) text.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return neutraliseFormula(String(value));
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function line(cells: readonly CsvCell[]): string {
  return cells.map((cell) => quote(cellText(cell))).join(',');
}

/**
 * The whole file as text: BOM, header, one line per row, each line ended by CRLF. Line breaks
 * inside a cell are kept as they are (quoted), so a name with a newline reads back unchanged.
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [line(header)];
  for (const row of rows) lines.push(line(row));
  return BOM + lines.join(LINE_END) + LINE_END;
}

/**
 * Writes `text` (UTF-8) to `path` so that the file is either the old one or the whole new one,
 * never half an export: a temporary file in the same folder (a rename is only atomic within
 * one file system), written, flushed to disk, then renamed over the target. The temporary
 * file is removed when anything fails; the error is passed on for the caller to report (on
 * Windows, for example, a target open in Excel cannot be replaced).
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}
