// Row checks for the bulk import (renderer/src/features/import/parse/validate-rows.ts): the card form's
// rules applied to every row (messages compared with the form's own rules, so the two cannot
// drift apart), the import's own warnings, and numbers that appear more than once.
import { describe, expect, it } from 'vitest';
import type { ColumnMap } from '../../../../../../renderer/src/features/import/parse/columns.ts';
import {
  defaultCountryReading,
  validateRows,
  type ImportRowCheck,
  type ValidateOptions,
} from '../../../../../../renderer/src/features/import/parse/validate-rows.ts';
import { checkPhone } from '../../../../../../shared/phone.ts';
import {
  checkFirstName,
  checkImageUrl,
  checkLastName,
  NAME_MAX_LENGTH,
} from '../../../../../../shared/rules.ts';

const MAP: ColumnMap = { phone: 0, firstName: 1, lastName: 2, image: 3 };
const US: ValidateOptions = { defaultCountry: 'US' };

/** Checks data rows (no header) of [phone, first, last, image]. */
function check(rows: string[][], options: ValidateOptions = US): ImportRowCheck[] {
  return validateRows(rows, MAP, false, options);
}

function one(
  phone: string,
  first = 'Ada',
  last = 'Lovelace',
  image = '',
  options = US,
): ImportRowCheck {
  return check([[phone, first, last, image]], options)[0]!;
}

const warningsOf = (row: ImportRowCheck) => row.problems.slice(row.errorCount);
const errorsOf = (row: ImportRowCheck) => row.problems.slice(0, row.errorCount);

describe('validateRows: a good row', () => {
  it('is ready with the E.164 number, the names and the image', () => {
    expect(one('+1 (415) 555-0132', 'Ada', 'Lovelace', 'https://example.com/ada.jpg')).toEqual({
      index: 0,
      line: 1,
      cells: ['+1 (415) 555-0132', 'Ada', 'Lovelace', 'https://example.com/ada.jpg'],
      phoneInput: '+1 (415) 555-0132',
      phoneNumber: '+14155550132',
      firstName: 'Ada',
      lastName: 'Lovelace',
      image: { kind: 'url', url: 'https://example.com/ada.jpg' },
      status: 'ready',
      problems: [],
      errorCount: 0,
      duplicateOf: null,
      readInDefaultCountry: false,
    } satisfies ImportRowCheck);
  });

  it('needs no last name and no image', () => {
    const row = one('+442079460958', 'Acme', '', '');
    expect(row.status).toBe('ready');
    expect(row.image).toBeNull();
    expect(row.lastName).toBe('');
  });

  it('reads a number marked as text with a leading apostrophe (as this app exports it)', () => {
    expect(one("'+14155550132")).toMatchObject({ status: 'ready', phoneNumber: '+14155550132' });
  });
});

describe('validateRows: phone numbers', () => {
  it('is an error without a number', () => {
    for (const phone of ['', '   ']) {
      expect(one(phone)).toMatchObject({
        status: 'error',
        problems: ['No phone number.'],
        phoneNumber: null,
      });
    }
  });

  it.each([
    '12',
    'call me',
    '+1 415 555 0132 0000 99',
    '+999 123 4567',
    '(415) 555-01',
    '555-CALL-NOW',
  ])('says what is wrong with %j in the words of the form', (phone) => {
    const form = checkPhone(phone, 'US');
    expect(form.ok).toBe(false);
    const row = one(phone);
    expect(row.status).toBe('error');
    expect(errorsOf(row)).toEqual([form.ok ? '' : form.message]);
  });

  it('is an error for a number a spreadsheet turned into scientific notation', () => {
    const row = one('4.15555E+10');
    expect(row.status).toBe('error');
    expect(row.problems[0]).toMatch(
      /turned this number into 4\.15555E\+10.*Format the column as text/,
    );
  });

  it('reads a number without a country code in the default country: ready, marked, no warning', () => {
    // The file's one note says it (CountryNote); a warning on every row of a domestic file
    // would make a clean file read "all rows with warnings".
    const us = one('(415) 555-0132');
    expect(us).toMatchObject({
      status: 'ready',
      phoneNumber: '+14155550132',
      problems: [],
      readInDefaultCountry: true,
    });
    const gb = one('020 7946 0958', 'Ada', '', '', { defaultCountry: 'GB' });
    expect(gb).toMatchObject({
      status: 'ready',
      phoneNumber: '+442079460958',
      readInDefaultCountry: true,
    });
  });

  it('does not mark numbers given with + or an international prefix', () => {
    for (const phone of ['+44 20 7946 0958', '0044 20 7946 0958', '011 44 20 7946 0958']) {
      const row = one(phone);
      expect(row).toMatchObject({
        status: 'ready',
        phoneNumber: '+442079460958',
        readInDefaultCountry: false,
      });
    }
    expect(one('+1 415 555 0132').readInDefaultCountry).toBe(false);
  });

  it('names the country and calling code of the reading, for the note', () => {
    expect(defaultCountryReading('US')).toEqual({
      country: 'US',
      name: 'United States',
      callingCode: '1',
    });
    expect(defaultCountryReading('GB')).toMatchObject({
      name: 'United Kingdom',
      callingCode: '44',
    });
  });
});

describe('validateRows: names', () => {
  it('is an error without a first name', () => {
    for (const first of ['', '  ', '\n']) {
      const row = one('+14155550132', first, 'Lovelace');
      expect(row).toMatchObject({ status: 'error', problems: ['No first name.'], firstName: '' });
    }
  });

  it('is an error for names longer than the form allows, with the form’s message', () => {
    const long = 'x'.repeat(NAME_MAX_LENGTH + 1);
    const first = one('+14155550132', long, 'Lovelace');
    expect(errorsOf(first)).toEqual([(checkFirstName(long) as { message: string }).message]);
    const last = one('+14155550132', 'Ada', long);
    expect(errorsOf(last)).toEqual([(checkLastName(long) as { message: string }).message]);
    expect(
      one('+14155550132', 'x'.repeat(NAME_MAX_LENGTH), 'y'.repeat(NAME_MAX_LENGTH)).status,
    ).toBe('ready');
  });

  it('trims names and collapses inner spaces and line breaks, with a warning', () => {
    const spaced = one('+14155550132', '  Ada  ', 'Love   lace');
    expect(spaced).toMatchObject({ status: 'warning', firstName: 'Ada', lastName: 'Love lace' });
    expect(warningsOf(spaced)).toEqual([
      'Extra spaces in the first name were removed.',
      'Extra spaces in the last name were removed.',
    ]);
    const broken = one('+14155550132', 'Ada\r\nMary', 'Lovelace');
    expect(broken.firstName).toBe('Ada Mary');
    expect(warningsOf(broken)).toEqual([
      'Line breaks in the first name were replaced with spaces.',
    ]);
  });

  it('keeps the cells as they were', () => {
    expect(one('+14155550132', ' Ada ').cells).toEqual(['+14155550132', ' Ada ', 'Lovelace', '']);
  });
});

describe('validateRows: images', () => {
  it.each([
    'http://example.com/a.jpg',
    'ftp://example.com/a.jpg',
    'www.example.com/a.jpg',
    'https://',
  ])('is an error for %j, with the form’s message', (image) => {
    const rule = checkImageUrl(image);
    expect(rule.ok).toBe(false);
    const row = one('+14155550132', 'Ada', '', image);
    expect(row).toMatchObject({ status: 'error', image: null });
    expect(errorsOf(row)).toEqual([rule.ok ? '' : rule.message]);
  });

  it.each([
    ['/Users/ada/Pictures/ada.jpg', '/Users/ada/Pictures/ada.jpg'],
    ['C:\\Users\\Ada\\Pictures\\ada.jpg', 'C:\\Users\\Ada\\Pictures\\ada.jpg'],
    ['photos/ada.png', 'photos/ada.png'],
    ['file:///Users/ada/My%20Pictures/ada.jpg', '/Users/ada/My Pictures/ada.jpg'],
    ['file:///C:/Photos/ada.jpg', 'C:/Photos/ada.jpg'],
  ])('takes %j as a local file, with a warning that it is checked on import', (cell, path) => {
    const row = one('+14155550132', 'Ada', '', cell);
    expect(row).toMatchObject({ status: 'warning', image: { kind: 'path', path } });
    expect(warningsOf(row)).toEqual([
      'The image is a file on this computer: it is checked when imported.',
    ]);
  });
});

describe('validateRows: duplicate numbers', () => {
  it('marks every later row with the same number as an error, and the first with a warning', () => {
    const rows = check([
      ['+1 415 555 0132', 'Ada', '', ''],
      ['+14155550133', 'Grace', '', ''],
      ['+1 (415) 555-0132', 'Alan', '', ''],
      ['+14155550134', 'Zoë', '', ''],
      ['+14155550132', 'Bob', '', ''],
    ]);
    expect(rows.map((row) => row.duplicateOf)).toEqual([null, null, 0, null, 0]);
    expect(rows.map((row) => row.status)).toEqual(['warning', 'ready', 'error', 'ready', 'error']);
    expect(rows[0]!.problems).toEqual(['Also on lines 3, 5.']);
    expect(rows[2]!.problems).toEqual(['Same number as line 1.']);
    expect(rows[4]!.problems).toEqual(['Same number as line 1.']);
  });

  it('finds the same number written nationally and internationally', () => {
    const rows = check([
      ['(415) 555-0132', 'Ada', '', ''],
      ['+1 415 555 0132', 'Bob', '', ''],
    ]);
    expect(rows[1]).toMatchObject({ duplicateOf: 0, status: 'error', phoneNumber: '+14155550132' });
    expect(warningsOf(rows[0]!)).toEqual(['Also on line 2.']);
  });

  it('lists at most five other lines', () => {
    const rows = check(Array.from({ length: 8 }, () => ['+14155550132', 'Ada', '', '']));
    expect(rows[0]!.problems).toEqual(['Also on lines 2, 3, 4, 5, 6 and 2 more.']);
  });

  it('does not count invalid or missing numbers as duplicates', () => {
    const rows = check([
      ['12', 'Ada', '', ''],
      ['12', 'Bob', '', ''],
      ['', 'Cy', '', ''],
      ['', 'Di', '', ''],
    ]);
    expect(rows.every((row) => row.duplicateOf === null)).toBe(true);
    expect(
      rows.every((row) => !row.problems.some((problem) => problem.startsWith('Same number'))),
    ).toBe(true);
  });
});

describe('validateRows: rows, lines and ordering', () => {
  it('puts errors before warnings, and counts the errors', () => {
    const row = one('(415) 555-0132', ' ', 'Love  lace', 'http://example.com/a.jpg');
    expect(row.status).toBe('error');
    expect(row.errorCount).toBe(2);
    expect(errorsOf(row)).toEqual(['No first name.', 'Use a full https:// address of the image.']);
    expect(warningsOf(row)).toEqual(['Extra spaces in the last name were removed.']);
  });

  it('skips the header and all-empty rows, numbering data rows from 0 and lines from the file', () => {
    const rows = validateRows(
      [
        ['Phone', 'First name'],
        ['+14155550132', 'Ada'],
        ['', '  '],
        ['+14155550133', 'Bob'],
      ],
      { phone: 0, firstName: 1, lastName: null, image: null },
      true,
      { ...US, lines: [1, 2, 4, 7] },
    );
    expect(rows.map((row) => [row.index, row.line, row.firstName])).toEqual([
      [0, 2, 'Ada'],
      [1, 7, 'Bob'],
    ]);
  });

  it('numbers lines consecutively when not told them, counting the header', () => {
    const rows = validateRows(
      [['Phone'], ['+14155550132'], ['+14155550133']],
      { phone: 0, firstName: null, lastName: null, image: null },
      true,
      US,
    );
    expect(rows.map((row) => row.line)).toEqual([2, 3]);
    // No first-name column mapped: every row needs one.
    expect(rows.every((row) => row.problems[0] === 'No first name.')).toBe(true);
  });

  it('treats cells beyond a short row as empty', () => {
    expect(check([['+14155550132']])[0]).toMatchObject({
      status: 'error',
      problems: ['No first name.'],
    });
  });

  it('reports progress for every row', () => {
    const seen: [number, number][] = [];
    validateRows(
      [
        ['+14155550132', 'Ada'],
        ['+14155550133', 'Bob'],
      ],
      MAP,
      false,
      US,
      (done, total) => seen.push([done, total]),
    );
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});
