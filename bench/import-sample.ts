// A realistic bulk-import file for the import benchmark and tests: what a company's contact
// list exported from a spreadsheet looks like. Mostly national US numbers in assorted
// punctuation, international numbers from a few countries, names with commas, quotes, accents
// and stray spaces, some image addresses and local photo paths, and a sprinkling of the
// mistakes real files have (bad numbers, missing first names, http:// images, repeated
// numbers). Deterministic: the same seed gives the same file. No Node or DOM, so a page can
// generate it too.

export interface ImportSampleOptions {
  rows: number;
  delimiter?: ',' | ';' | '\t';
  /** Quote every cell and end lines with CRLF behind a BOM, as Excel's "CSV UTF-8" does. */
  excel?: boolean;
  seed?: number;
}

const US_AREAS = ['212', '312', '415', '646', '718', '917', '206', '303', '512', '617', '404'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Zoë', 'José', 'Łukasz', 'Mei', 'Olu', 'Søren', 'Amélie'];
const LAST = ['Lovelace', 'Hopper', 'Turing', "O'Brien", 'Müller', 'García', 'Nakamura', 'Okafor'];
const BRANDS = ['Acme, Inc.', 'Blue "Sky" Bakery', 'Café Nord', 'Smith & Sons', 'Front desk'];

function random(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** The cells of the header and `rows` data rows. */
export function importSampleRows(rows: number, seed = 42): string[][] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const digits = (count: number) =>
    Array.from({ length: count }, () => Math.floor(next() * 10)).join('');
  const out: string[][] = [['Phone number', 'First name', 'Last name', 'Image URL']];
  const numbers: string[] = [];
  for (let i = 0; i < rows; i++) {
    const roll = next();
    let phone: string;
    if (roll < 0.4) {
      const area = pick(US_AREAS);
      const exchange = `${2 + Math.floor(next() * 8)}${digits(2)}`;
      const line = digits(4);
      phone = pick([
        `(${area}) ${exchange}-${line}`,
        `${area}-${exchange}-${line}`,
        `${area}.${exchange}.${line}`,
        `${area}${exchange}${line}`,
      ]);
    } else if (roll < 0.55) {
      phone = `+1 ${pick(US_AREAS)} ${2 + Math.floor(next() * 8)}${digits(2)} ${digits(4)}`;
    } else if (roll < 0.7) {
      phone = `+44 7${pick(['400', '700', '800', '900'])} ${digits(6)}`;
    } else if (roll < 0.8) {
      phone = `+49 30 ${digits(8)}`;
    } else if (roll < 0.9) {
      phone = `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`;
    } else if (roll < 0.95) {
      phone = `+61 4${digits(2)} ${digits(3)} ${digits(3)}`;
    } else if (roll < 0.97) {
      phone = pick(['12345', 'n/a', '+1 555', '555-CALL-NOW', '']);
    } else {
      // A number already used: a duplicate.
      phone = numbers.length ? pick(numbers) : `+1 415 555 ${digits(4)}`;
    }
    numbers.push(phone);
    const brand = next() < 0.15;
    let first = brand ? pick(BRANDS) : pick(FIRST);
    if (next() < 0.02) first = '';
    if (next() < 0.05) first = `  ${first} `;
    const last = brand ? '' : next() < 0.1 ? `${pick(LAST)}, Jr.` : pick(LAST);
    const imageRoll = next();
    const image =
      imageRoll < 0.3
        ? `https://cdn.example.com/cards/${i}.jpg?size=512&v=${digits(3)}`
        : imageRoll < 0.35
          ? `/Users/ada/Pictures/Cards/${i}.png`
          : imageRoll < 0.36
            ? `http://insecure.example.com/${i}.jpg`
            : '';
    out.push([phone, first, last, image]);
  }
  return out;
}

function quote(cell: string, delimiter: string, always: boolean): string {
  const needs = always || cell.includes(delimiter) || /["\r\n]/.test(cell);
  return needs ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Writes cells as delimited text, quoting as spreadsheet apps do. */
export function toDelimitedText(
  rows: readonly (readonly string[])[],
  delimiter: ',' | ';' | '\t' = ',',
  excel = false,
): string {
  const newline = excel ? '\r\n' : '\n';
  const body = rows
    .map((row) => row.map((cell) => quote(cell, delimiter, excel)).join(delimiter))
    .join(newline);
  return (excel ? '\uFEFF' : '') + body + newline;
}

export function importSampleCsv(options: ImportSampleOptions): string {
  return toDelimitedText(
    importSampleRows(options.rows, options.seed),
    options.delimiter,
    options.excel,
  );
}
