// The bulk import's CSV reader (renderer/src/features/import/parse/parse-delimited.ts) on the files people
// actually have: spreadsheet exports with a BOM, Excel's "sep=" line, semicolons, tabs from a
// paste, quoted separators, quotes and line breaks, CRLF and CR line ends, blank lines and
// trailing empty columns. Large and random files are compared with csv-parse, a mature CSV
// parser, as the oracle.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  importSampleCsv,
  importSampleRows,
  toDelimitedText,
} from '../../../../../../bench/import-sample.ts';
import { decodeText } from '../../../../../../renderer/src/features/import/parse/decode-text.ts';
import {
  ImportFileError,
  MAX_IMPORT_ROWS,
} from '../../../../../../renderer/src/features/import/parse/import-error.ts';
import { parseDelimited } from '../../../../../../renderer/src/features/import/parse/parse-delimited.ts';

/** csv-parse's reading of the same text, with the rows this reader skips left out. */
function oracle(text: string, delimiter: string): string[][] {
  const rows = parse(text, {
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  return rows.filter((row) => row.some((cell) => cell.trim() !== ''));
}

function errorOf(run: () => unknown): ImportFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('parseDelimited', () => {
  it('strips a UTF-8 BOM from the first cell', () => {
    const parsed = parseDelimited('\uFEFFPhone,First name\n+14155550132,Ada\n');
    expect(parsed.rows).toEqual([
      ['Phone', 'First name'],
      ['+14155550132', 'Ada'],
    ]);
    expect(parsed.lines).toEqual([1, 2]);
  });

  it('honours an Excel "sep=" first line, quoted or not, and counts it as line 1', () => {
    const plain = parseDelimited('sep=;\r\nPhone;Name\r\n+14155550132;Smith, Ada\r\n');
    expect(plain.delimiter).toBe(';');
    expect(plain.rows).toEqual([
      ['Phone', 'Name'],
      ['+14155550132', 'Smith, Ada'],
    ]);
    expect(plain.lines).toEqual([2, 3]);
    // The line wins over what the content would suggest (two commas per line here).
    const quoted = parseDelimited('\uFEFF"sep=|"\nnot,a|b\n');
    expect(quoted.delimiter).toBe(','); // "|" is not a supported separator: ignored
    expect(parseDelimited('SEP=\t\na,b\tc\n').rows).toEqual([['a,b', 'c']]);
  });

  it('detects semicolons, with commas inside quoted and unquoted cells', () => {
    const text =
      'Phone;First name;Last name\n+44 20 7946 0958;"Smith, Ada";Lovelace\n0207 946 0959;Bob;Jones, Jr.\n';
    const parsed = parseDelimited(text);
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows).toEqual([
      ['Phone', 'First name', 'Last name'],
      ['+44 20 7946 0958', 'Smith, Ada', 'Lovelace'],
      ['0207 946 0959', 'Bob', 'Jones, Jr.'],
    ]);
  });

  it('detects tabs, as a paste from a spreadsheet gives them', () => {
    const text =
      'Phone\tFirst name\tLast name\r\n(415) 555-0132\tAda, Countess\tLovelace\r\n(415) 555-0133\tGrace\tHopper';
    const parsed = parseDelimited(text);
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.rows[1]).toEqual(['(415) 555-0132', 'Ada, Countess', 'Lovelace']);
    expect(parsed.rows).toHaveLength(3); // the last line has no line break
  });

  it('detects commas, and treats text without any separator as one column', () => {
    expect(parseDelimited('a,b;c\nd,e;f\n').delimiter).toBe(',');
    const single = parseDelimited('+14155550132\n+14155550133\n');
    expect(single.delimiter).toBe(',');
    expect(single.rows).toEqual([['+14155550132'], ['+14155550133']]);
  });

  it('ignores separators inside quotes when detecting', () => {
    // Two commas per line inside quotes, one semicolon outside.
    const parsed = parseDelimited('"a,b,c";d\n"e,f,g";h\n"i,j,k";l\n');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows[0]).toEqual(['a,b,c', 'd']);
  });

  it('reads quoted separators, doubled quotes and line breaks inside cells', () => {
    const text =
      'Phone,Name,Note\n' +
      '+14155550132,"Lovelace, Ada","She said ""hi"""\n' +
      '+14155550133,"Two\nlines","CRLF\r\ninside"\n' +
      '+14155550134,"Old Mac\rbreak",""\n' +
      '+14155550135,"""quoted""",x\n';
    const parsed = parseDelimited(text);
    expect(parsed.rows).toEqual([
      ['Phone', 'Name', 'Note'],
      ['+14155550132', 'Lovelace, Ada', 'She said "hi"'],
      ['+14155550133', 'Two\nlines', 'CRLF\r\ninside'],
      ['+14155550134', 'Old Mac\rbreak', ''],
      ['+14155550135', '"quoted"', 'x'],
    ]);
    // Each row's line counts the line breaks inside the cells before it.
    expect(parsed.lines).toEqual([1, 2, 3, 6, 8]);
    expect(parsed.rows).toEqual(oracle(text, ','));
  });

  it('reads CRLF, LF and CR line ends, mixed', () => {
    const parsed = parseDelimited('a,b\r\nc,d\ne,f\rg,h\r\n');
    expect(parsed.rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
    expect(parsed.lines).toEqual([1, 2, 3, 4]);
  });

  it('skips blank lines and rows whose cells are all empty, keeping line numbers', () => {
    const text = '\nPhone,Name\n\n\r\n+14155550132,Ada\n,,\n  ,\t, \n"",""\n+14155550133,Bob\n\n\n';
    const parsed = parseDelimited(text);
    expect(parsed.rows).toEqual([
      ['Phone', 'Name'],
      ['+14155550132', 'Ada'],
      ['+14155550133', 'Bob'],
    ]);
    expect(parsed.lines).toEqual([2, 5, 9]);
  });

  it('keeps trailing empty columns, and a separator at the very end of the text', () => {
    expect(parseDelimited('a,b,,\nc,d,,').rows).toEqual([
      ['a', 'b', '', ''],
      ['c', 'd', '', ''],
    ]);
    expect(parseDelimited('a;b;\nc;;').rows).toEqual([
      ['a', 'b', ''],
      ['c', '', ''],
    ]);
  });

  it('reads an Excel "CSV UTF-8" export: BOM, every cell quoted, CRLF', () => {
    const rows = [
      ['Phone number', 'First name', 'Last name', 'Image URL'],
      ['(415) 555-0132', 'Zoë', "O'Brien", ''],
      ['+44 20 7946 0958', 'Smith, "Ada"', 'Line\r\nbreak', 'https://example.com/a.jpg?x=1,2'],
    ];
    const text = toDelimitedText(rows, ',', true);
    expect(text.startsWith('\uFEFF"Phone number","First name"')).toBe(true);
    expect(parseDelimited(text).rows).toEqual(rows);
    const semicolons = toDelimitedText(rows, ';', true);
    expect(parseDelimited(semicolons)).toMatchObject({ delimiter: ';', rows });
  });

  it('is lenient where spreadsheet apps are: stray quotes, spaces before a quote', () => {
    expect(parseDelimited('5\'11" tall,Ada "the Countess" L\n').rows).toEqual([
      ['5\'11" tall', 'Ada "the Countess" L'],
    ]);
    expect(parseDelimited('+14155550132, "Lovelace, Ada"\n').rows).toEqual([
      ['+14155550132', 'Lovelace, Ada'],
    ]);
    expect(parseDelimited('"Ada" Lovelace,x\n').rows).toEqual([['Ada Lovelace', 'x']]);
  });

  it('refuses a quote that is never closed, naming the line it opens on', () => {
    const error = errorOf(() =>
      parseDelimited('Phone,Name\n+14155550132,Ada\n+14155550133,"Bob\n'),
    );
    expect(error.code).toBe('UNCLOSED_QUOTE');
    expect(error.message).toContain('line 3');
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} data rows, and accepts exactly that many`, () => {
    const header = 'Phone\n';
    expect(parseDelimited(header + '1\n'.repeat(MAX_IMPORT_ROWS)).rows).toHaveLength(
      MAX_IMPORT_ROWS + 1,
    );
    const error = errorOf(() => parseDelimited(header + '1\n'.repeat(MAX_IMPORT_ROWS + 1)));
    expect(error.code).toBe('TOO_MANY_ROWS');
    expect(error.message).toContain('50,000');
  });

  it('reads a 10,000-row export exactly as csv-parse does, with each separator', () => {
    for (const delimiter of [',', ';', '\t'] as const) {
      for (const excel of [false, true]) {
        const text = importSampleCsv({ rows: 10_000, delimiter, excel });
        const parsed = parseDelimited(text);
        expect(parsed.delimiter).toBe(delimiter);
        expect(parsed.rows).toHaveLength(10_001);
        expect(parsed.rows).toEqual(oracle(text, delimiter));
      }
    }
    // And the cells are the ones written (the oracle could share a mistake with the writer).
    expect(parseDelimited(importSampleCsv({ rows: 10_000 })).rows).toEqual(
      importSampleRows(10_000),
    );
  });

  it('reads random awkward cells back exactly, as csv-parse does', () => {
    let seed = 1234;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const alphabet = ['a', 'Z', ' ', ',', ';', '\t', '"', '\r', '\n', '\r\n', 'é', '🦊', "'"];
    for (let file = 0; file < 50; file++) {
      const delimiter = ([',', ';', '\t'] as const)[file % 3]!;
      const width = 1 + Math.floor(next() * 5);
      // Every cell starts with a letter, so no row is blank and detection has text to go by.
      const cell = () => {
        let text = 'x';
        const length = Math.floor(next() * 8);
        for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)]!;
        return text;
      };
      const rows = Array.from({ length: 20 }, () => Array.from({ length: width }, cell));
      const text = toDelimitedText(rows, delimiter, file % 2 === 0);
      const parsed = parseDelimited(text, { delimiter });
      expect(parsed.rows).toEqual(rows);
      expect(parsed.rows).toEqual(oracle(text, delimiter));
    }
  });
});

describe('decodeText', () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeText(encode('\uFEFFZoë,Ada'))).toBe('Zoë,Ada');
    expect(decodeText(encode('Zoë,Ada'))).toBe('Zoë,Ada');
  });

  it('reads a Windows-1252 export (Excel "CSV" on Windows)', () => {
    // "Müller;Zoë;€" in Windows-1252: ü = FC, ë = EB, € = 80.
    const bytes = new Uint8Array([
      0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x5a, 0x6f, 0xeb, 0x3b, 0x80,
    ]);
    expect(decodeText(bytes)).toBe('Müller;Zoë;€');
  });

  it('reads UTF-16 with a BOM (Excel "Unicode Text"), little- and big-endian', () => {
    const text = 'Phone\tName\r\n+14155550132\tZoë\r\n';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      le.set([code & 0xff, code >> 8], 2 + i * 2);
      be.set([code >> 8, code & 0xff], 2 + i * 2);
    }
    expect(decodeText(le)).toBe(text);
    expect(decodeText(be)).toBe(text);
    expect(parseDelimited(decodeText(le)).rows[1]).toEqual(['+14155550132', 'Zoë']);
  });

  it('refuses a workbook and a binary file with what to do instead', () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]);
    for (const bytes of [xlsx, xls]) {
      const error = errorOf(() => decodeText(bytes));
      expect(error.code).toBe('WORKBOOK');
      expect(error.message).toContain('CSV UTF-8');
    }
    expect(errorOf(() => decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]))).code).toBe(
      'NOT_TEXT',
    );
  });
});
