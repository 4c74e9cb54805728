// Column guessing for the bulk import (renderer/src/features/import/parse/columns.ts): header names in
// the spellings people use, and files without a header guessed from what their cells hold.
import { describe, expect, it } from 'vitest';
import {
  guessColumns,
  mapColumns,
  normaliseHeader,
  type ColumnMap,
} from '../../../../../../renderer/src/features/import/parse/columns.ts';

const map = (
  phone: number | null,
  firstName: number | null,
  lastName: number | null,
  image: number | null,
): ColumnMap => ({
  phone,
  firstName,
  lastName,
  image,
});

describe('guessColumns from a header', () => {
  it.each([
    [['Phone', 'First name', 'Last name', 'Image']],
    [['Phone number', 'Given name', 'Surname', 'Photo']],
    [['PHONE_NUMBER', 'FIRST_NAME', 'LAST_NAME', 'IMAGE_URL']],
    [['phone-number', 'first-name', 'family-name', 'picture']],
    [['Mobile', 'FirstName', 'LastName', 'Avatar']],
    [['Number', 'first name', 'Family Name', 'Image URL']],
    [['  Mobile number ', 'Forename', 'Last  Name', 'Picture URL']],
    [['Phone number (E.164)', 'First name *', 'Last name (optional)', 'Image URL (optional)']],
    [['Téléphone', 'Prénom', 'Nachname', 'Foto']],
  ])('recognises %j', (header) => {
    expect(guessColumns(header, [['+14155550132', 'Ada', 'Lovelace', '']])).toEqual({
      map: map(0, 1, 2, 3),
      hasHeader: true,
    });
  });

  it('follows the header whatever the column order, leaving absent fields unmapped', () => {
    expect(guessColumns(['Surname', 'Notes', 'Mobile', 'Given name'])).toEqual({
      map: map(2, 3, 0, null),
      hasHeader: true,
    });
  });

  it('prefers "First name" over a plain "Name" column', () => {
    expect(guessColumns(['Name', 'Phone', 'First name']).map.firstName).toBe(2);
    expect(guessColumns(['Name', 'Phone']).map.firstName).toBe(0);
  });

  it('fills fields the header does not name from the content of the other columns', () => {
    const guess = guessColumns(
      ['Phone', 'Who', 'Picture?'],
      [
        ['+14155550132', 'Ada', 'https://example.com/a.jpg'],
        ['+14155550133', 'Bob', 'https://example.com/b.jpg'],
      ],
    );
    expect(guess).toEqual({ map: map(0, 1, null, 2), hasHeader: true });
  });

  it('does not take a first row with a phone number in it for a header', () => {
    const guess = guessColumns(
      ['+14155550132', 'Name', 'Lovelace'],
      [['+14155550133', 'Grace', 'Hopper']],
    );
    expect(guess.hasHeader).toBe(false);
    expect(guess.map).toEqual(map(0, 1, 2, null));
  });

  it('normalises case, spaces, punctuation, accents and bracketed notes', () => {
    expect(normaliseHeader(' Phone_Number (E.164) ')).toBe('phonenumber');
    expect(normaliseHeader('First-Name')).toBe('firstname');
    expect(normaliseHeader('Prénom')).toBe('prenom');
    expect(normaliseHeader('[Image] URL')).toBe('url');
  });
});

describe('guessColumns without a header', () => {
  const rows = [
    ['Ada', 'Lovelace', '(415) 555-0132', 'https://example.com/a.jpg'],
    ['Grace', 'Hopper', '+44 20 7946 0958', ''],
    ['Alan', 'Turing', '415.555.0134', '/Users/ada/photos/alan.png'],
    ['Zoë', '', '0044 20 7946 0959', 'https://example.com/z.jpg'],
  ];

  it('finds the phone column from its content, then names in order, then images', () => {
    expect(guessColumns(rows[0]!, rows.slice(1))).toEqual({
      map: map(2, 0, 1, 3),
      hasHeader: false,
    });
  });

  it('guesses from the first row alone when that is all there is', () => {
    expect(guessColumns(['Ada', '+14155550132'])).toEqual({
      map: map(1, 0, null, null),
      hasHeader: false,
    });
  });

  it('takes the phone column even with a few bad cells in it', () => {
    const guess = guessColumns(
      ['415 555 0132', 'Ada'],
      [
        ['n/a', 'Bob'],
        ['415 555 0133', 'Cy'],
      ],
    );
    expect(guess.map.phone).toBe(0);
    expect(guess.map.firstName).toBe(1);
  });

  it('skips number-only columns when choosing the name columns', () => {
    const guess = guessColumns(
      ['17', '+14155550132', 'Ada', 'Lovelace'],
      [['18', '+14155550133', 'Grace', 'Hopper']],
    );
    expect(guess.map).toEqual(map(1, 2, 3, null));
  });

  it('sees a header with names it does not know when the phone column has no number there', () => {
    const guess = guessColumns(
      ['Kontakt', 'Durchwahl'],
      [
        ['Ada', '+14155550132'],
        ['Grace', '+14155550133'],
        ['Alan', '+14155550134'],
      ],
    );
    expect(guess).toEqual({ map: map(1, 0, null, null), hasHeader: true });
  });

  it('maps nothing for a file of text without numbers', () => {
    expect(guessColumns(['hello', 'world'], [['more', 'text']]).map.phone).toBeNull();
  });
});

describe('mapColumns', () => {
  const rows = [
    ['Phone', 'First name'],
    ['+14155550132', 'Ada'],
  ];

  it('maps by the header when told there is one', () => {
    expect(mapColumns(rows, true)).toEqual(map(0, 1, null, null));
  });

  it('maps by content when told the first row is data', () => {
    expect(mapColumns(rows, false)).toEqual(map(0, 1, null, null));
    expect(mapColumns([['Ada', '+14155550132', 'Lovelace']], false)).toEqual(map(1, 0, 2, null));
  });
});
