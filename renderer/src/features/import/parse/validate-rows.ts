// Checks every data row with the rules the card form uses (shared/phone.ts and
// shared/rules.ts), so a row marked ready is one the form would have accepted, and marks
// numbers that appear more than once. Runs in the import worker, with libphonenumber.
import { countryName, listCountries } from '../../../../../shared/countries.ts';
// This module runs in the import worker (import-worker.ts), never in the window's startup
// bundle, which is what the rule against importing the phone rules eagerly protects.
// eslint-disable-next-line no-restricted-imports
import { checkPhone, type CountryCode, type PhoneCheck } from '../../../../../shared/phone.ts';
import { checkFirstName, checkLastName } from '../../../../../shared/rules.ts';
import { cleanName, type CleanedName } from './clean-name.ts';
import type { ColumnMap } from './columns.ts';
import { checkImageCell, UNCHECKED_LOCAL_IMAGE_NOTE, type ImportImage } from './image-reference.ts';

export type { ImportImage } from './image-reference.ts';

export interface ImportRowCheck {
  index: number; // 0-based among data rows
  line: number; // 1-based line in the file where the row starts (for messages)
  cells: string[]; // the raw cells
  phoneInput: string;
  phoneNumber: string | null; // E.164 when valid
  firstName: string; // trimmed
  lastName: string; // trimmed
  image: ImportImage | null;
  status: 'ready' | 'warning' | 'error';
  /** Plain-language reasons, errors first. */
  problems: string[];
  /** How many of `problems` (from the start) are errors; the rest are warnings. */
  errorCount: number;
  duplicateOf: number | null; // index of the first row with the same E.164 number
  /**
   * The number had no country code and was read in the default country. Not a warning of its
   * own: the preview says it once for the whole file (see DefaultCountryReading).
   */
  readInDefaultCountry: boolean;
}

/** The country numbers without a country code were read in, for the file's one note. */
export interface DefaultCountryReading {
  country: CountryCode;
  name: string; // "United States"
  callingCode: string | null; // "1"
}

export function defaultCountryReading(country: CountryCode): DefaultCountryReading {
  return { country, name: countryName(country), callingCode: callingCodeOf(country) ?? null };
}

export interface ValidateOptions {
  defaultCountry: CountryCode;
  /** The line each row starts on (parseDelimited's `lines`); consecutive lines without it. */
  lines?: readonly number[];
}

/** Excel shows long numbers as 4.15555E+10 and a CSV export then keeps only those digits. */
const SCIENTIFIC = /^\d(?:[.,]\d+)?E\+?\d+$/i;

function callingCodeOf(country: CountryCode): string | undefined {
  return listCountries().find((option) => option.code === country)?.callingCode;
}

interface Findings {
  errors: string[];
  warnings: string[];
}

/** What every row's phone check needs, worked out once per file. */
interface PhoneContext {
  options: ValidateOptions;
  defaultCallingCode: string | undefined;
  cache: Map<string, PhoneCheck>;
}

interface PhoneCell {
  e164: string | null;
  readInDefaultCountry: boolean;
}

function checkPhoneCell(input: string, context: PhoneContext, findings: Findings): PhoneCell {
  const { options, cache } = context;
  // A leading apostrophe is how spreadsheets (and this app's history export) mark "+1…" as
  // text rather than a formula; it is not part of the number.
  const text = input.trim().replace(/^'/, '');
  if (text === '') {
    findings.errors.push('No phone number.');
    return { e164: null, readInDefaultCountry: false };
  }
  if (SCIENTIFIC.test(text)) {
    findings.errors.push(
      `The spreadsheet turned this number into ${text} and lost digits. Format the column as text, type the numbers again and export again.`,
    );
    return { e164: null, readInDefaultCountry: false };
  }
  let check = cache.get(text);
  if (!check) {
    check = checkPhone(text, options.defaultCountry);
    cache.set(text, check);
  }
  if (!check.ok) {
    findings.errors.push(check.message);
    return { e164: null, readInDefaultCountry: false };
  }
  const international = text.startsWith('+') || /^00[1-9]/.test(text.replace(/[\s().\-/]/g, ''));
  const callingCode = /^\+(\d+)/.exec(check.international)?.[1];
  // Reading a national number in the default country is what every row of a domestic file
  // needs, so it is not a warning on each row (a clean file would read "all warnings"): the
  // preview says it once for the file, naming the country.
  return {
    e164: check.e164,
    readInDefaultCountry: !international && callingCode === context.defaultCallingCode,
  };
}

function noteCleaning(name: CleanedName, what: string, findings: Findings): void {
  if (name.value === '' || name.change === 'none') return;
  findings.warnings.push(
    name.change === 'line-breaks'
      ? `Line breaks in the ${what} were replaced with spaces.`
      : `Extra spaces in the ${what} were removed.`,
  );
}

function checkNames(
  firstCell: string,
  lastCell: string,
  findings: Findings,
): { firstName: string; lastName: string } {
  const first = cleanName(firstCell);
  const last = cleanName(lastCell);
  if (first.value === '') findings.errors.push('No first name.');
  else {
    const rule = checkFirstName(first.value);
    if (!rule.ok) findings.errors.push(rule.message);
  }
  const lastRule = checkLastName(last.value);
  if (!lastRule.ok) findings.errors.push(lastRule.message);
  noteCleaning(first, 'first name', findings);
  noteCleaning(last, 'last name', findings);
  return { firstName: first.value, lastName: last.value };
}

function cellAt(cells: readonly string[], column: number | null): string {
  return column === null ? '' : (cells[column] ?? '');
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

function listLines(lines: number[]): string {
  const shown = lines.slice(0, 5).join(', ');
  const more = lines.length - 5;
  return lines.length === 1
    ? `line ${lines[0]}`
    : `lines ${shown}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * Checks each data row (rows after the header when `hasHeader`); rows whose cells are all
 * empty are skipped. `onRow` is called after each row, for progress.
 */
export function validateRows(
  rows: string[][],
  map: ColumnMap,
  hasHeader: boolean,
  options: ValidateOptions,
  onRow?: (done: number, total: number) => void,
): ImportRowCheck[] {
  const first = hasHeader ? 1 : 0;
  const total = rows.length - first;
  const phone: PhoneContext = {
    options,
    defaultCallingCode: callingCodeOf(options.defaultCountry),
    cache: new Map(),
  };
  const checks: ImportRowCheck[] = [];
  const findingsOf: Findings[] = [];
  for (let r = first; r < rows.length; r++) {
    const cells = rows[r]!;
    if (isBlank(cells)) continue;
    const findings: Findings = { errors: [], warnings: [] };
    const phoneInput = cellAt(cells, map.phone);
    const phoneCell = checkPhoneCell(phoneInput, phone, findings);
    const names = checkNames(cellAt(cells, map.firstName), cellAt(cells, map.lastName), findings);
    const image = checkImageCell(cellAt(cells, map.image));
    if (!image.ok) findings.errors.push(image.message);
    else if (image.image?.kind === 'path') {
      findings.warnings.push(UNCHECKED_LOCAL_IMAGE_NOTE);
    }
    checks.push({
      index: checks.length,
      line: options.lines?.[r] ?? r + 1,
      cells,
      phoneInput,
      phoneNumber: phoneCell.e164,
      ...names,
      image: image.image,
      status: 'ready',
      problems: [],
      errorCount: 0,
      duplicateOf: null,
      readInDefaultCountry: phoneCell.readInDefaultCountry,
    });
    findingsOf.push(findings);
    onRow?.(r - first + 1, total);
  }
  markDuplicates(checks, findingsOf);
  checks.forEach((check, i) => {
    const { errors, warnings } = findingsOf[i]!;
    check.problems = [...errors, ...warnings];
    check.errorCount = errors.length;
    check.status = errors.length ? 'error' : warnings.length ? 'warning' : 'ready';
  });
  return checks;
}

/** Every row after the first with the same number is an error; the first gets a warning. */
function markDuplicates(checks: ImportRowCheck[], findingsOf: Findings[]): void {
  const byNumber = new Map<string, ImportRowCheck[]>();
  for (const check of checks) {
    if (check.phoneNumber === null) continue;
    const same = byNumber.get(check.phoneNumber);
    if (same) same.push(check);
    else byNumber.set(check.phoneNumber, [check]);
  }
  for (const same of byNumber.values()) {
    if (same.length < 2) continue;
    const [original, ...repeats] = same as [ImportRowCheck, ...ImportRowCheck[]];
    for (const repeat of repeats) {
      repeat.duplicateOf = original.index;
      findingsOf[repeat.index]!.errors.push(`Same number as line ${original.line}.`);
    }
    findingsOf[original.index]!.warnings.unshift(
      `Also on ${listLines(repeats.map((repeat) => repeat.line))}.`,
    );
  }
}
