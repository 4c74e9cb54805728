// The line picker's filter: what is typed in the phone field finds the account's lines by
// their digits (any punctuation, with or without country code or trunk 0) or card name.
import { describe, expect, it } from 'vitest';
import type { Line } from '../../../../shared/lines.schema.ts';
import { filterLines } from '../../../../renderer/src/lib/line-filter.ts';

function line(phoneNumber: string, card: Line['card'] = null): Line {
  return { id: phoneNumber, phoneNumber, reputation: 'HEALTHY', reputationDocUrl: null, card };
}

const LINES = [
  line('+12125550100', { firstName: 'Zoë', lastName: 'Café', status: 'active', isActive: true }),
  line('+14155550132', {
    firstName: 'Denver',
    lastName: 'Store',
    status: 'inactive',
    isActive: false,
  }),
  line('+14155550133'),
  line('+447700900123', { firstName: 'London', lastName: null, status: 'failed', isActive: null }),
];
const numbers = (found: Line[]) => found.map((found) => found.phoneNumber);

describe('filterLines', () => {
  it('lists every line for an empty field or one without digits or letters', () => {
    expect(numbers(filterLines(LINES, ''))).toEqual(numbers(LINES));
    expect(numbers(filterLines(LINES, ' +( ) '))).toEqual(numbers(LINES));
  });

  it('matches the digits whatever the punctuation, national or international', () => {
    expect(numbers(filterLines(LINES, '(415) 555-01'))).toEqual(['+14155550132', '+14155550133']);
    expect(numbers(filterLines(LINES, '+1 415 555 0133'))).toEqual(['+14155550133']);
    expect(numbers(filterLines(LINES, '0133'))).toEqual(['+14155550133']);
    expect(numbers(filterLines(LINES, '07700 900'))).toEqual(['+447700900123']);
    expect(filterLines(LINES, '999')).toEqual([]);
  });

  it('matches the card name, ignoring case and accents', () => {
    expect(numbers(filterLines(LINES, 'zoe cafe'))).toEqual(['+12125550100']);
    expect(numbers(filterLines(LINES, 'STORE'))).toEqual(['+14155550132']);
    expect(numbers(filterLines(LINES, 'lond'))).toEqual(['+447700900123']);
    // A line without a card has no name to match.
    expect(filterLines(LINES, 'unknown')).toEqual([]);
  });
});
