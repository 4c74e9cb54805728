import { describe, expect, it } from 'vitest';
import { iosInitials } from '../../../../renderer/src/lib/initials.ts';

describe('iosInitials', () => {
  it('takes the first letter of the first name and of the last name', () => {
    expect(iosInitials('Acme', 'Help Desk')).toBe('AH');
    expect(iosInitials('Denver', 'Store')).toBe('DS');
  });

  it('uses only the first name when there is no last name, as iOS does', () => {
    expect(iosInitials('Acme Help Desk', '')).toBe('A');
    expect(iosInitials('Acme Help Desk', null)).toBe('A');
    expect(iosInitials('Acme', undefined)).toBe('A');
  });

  it('uses the last name alone when the first is empty', () => {
    expect(iosInitials('', 'Store')).toBe('S');
    expect(iosInitials(null, 'store')).toBe('S');
  });

  it('upper-cases and ignores surrounding spaces', () => {
    expect(iosInitials('  élodie ', ' durand')).toBe('ÉD');
  });

  it('keeps a letter outside the BMP whole', () => {
    expect(iosInitials('𝒜lpha', 'Beta')).toBe('𝒜B');
  });

  it('draws no digits, signs or emoji: the silhouette stands in', () => {
    expect(iosInitials('1st', 'Choice')).toBe('C');
    expect(iosInitials('😀', '#1')).toBe('');
    expect(iosInitials('', '')).toBe('');
    expect(iosInitials(null, null)).toBe('');
  });
});
