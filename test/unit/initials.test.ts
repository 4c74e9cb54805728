// Initials as iOS makes them for a contact without a photo.
import { describe, expect, it } from 'vitest';
import { iosInitials } from '../../renderer/src/lib/initials.ts';

describe('iosInitials', () => {
  it.each([
    ['Acme', 'Help Desk', 'AH'],
    ['Ada', 'Lovelace', 'AL'],
    ['mary ann', 'smith', 'MS'],
    ['Zoë', 'Café', 'ZC'],
    ['Élodie', '', 'É'],
    ['', 'Store', 'S'],
    ['  Denver ', '  Downtown  ', 'DD'],
    ['𝒜lpha', 'Beta', '𝒜B'],
    ['', '', ''],
  ])('%j %j → %j', (first, last, expected) => {
    expect(iosInitials(first, last)).toBe(expected);
  });
});
