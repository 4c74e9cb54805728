import { describe, expect, it } from 'vitest';
import { checkPhone, countryFromLocale, formatAsYouType, isValidE164 } from '../../shared/phone.ts';

describe('checkPhone', () => {
  it.each([
    ['(415) 555-0132', 'US', '+14155550132'],
    ['415.555.0132', 'US', '+14155550132'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['0044 20 7946 0958', 'GB', '+442079460958'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['  +1 212 555 0100 ', 'DE', '+12125550100'],
  ] as const)('reads %s (default %s) as %s', (input, country, e164) => {
    const result = checkPhone(input, country);
    expect(result).toMatchObject({ ok: true, e164 });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['call me', 'NOT_A_NUMBER'],
    ['415-CALL-NOW', 'NOT_A_NUMBER'],
    ['12', 'TOO_SHORT'],
    ['+1 415 555 0132 99999', 'TOO_LONG'],
    ['(555) 123-4567', 'NOT_VALID_IN_COUNTRY'],
  ] as const)('rejects %j as %s with an explanation', (input, problem) => {
    const result = checkPhone(input, 'US');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toBe(problem);
    expect(result.message.length).toBeGreaterThan(10);
  });

  it('names the country when a number is not valid there', () => {
    const result = checkPhone('(555) 123-4567', 'US');
    expect(result.ok || result.message).toContain('United States');
  });
});

describe('isValidE164', () => {
  it('accepts only canonical valid E.164', () => {
    expect(isValidE164('+14155550132')).toBe(true);
    expect(isValidE164('14155550132')).toBe(false);
    expect(isValidE164('+1 415 555 0132')).toBe(false);
    expect(isValidE164('+15551234567')).toBe(false);
    expect(isValidE164('+0123456789')).toBe(false);
  });
});

describe('countryFromLocale', () => {
  it('takes the region of the locale and falls back to US', () => {
    expect(countryFromLocale('en-GB')).toBe('GB');
    expect(countryFromLocale('de_DE.UTF-8')).toBe('DE');
    expect(countryFromLocale('fr')).toBe('US');
    expect(countryFromLocale(undefined)).toBe('US');
    expect(countryFromLocale('xx-ZZ')).toBe('US');
  });
});

describe('formatAsYouType', () => {
  it('formats in the style of the default country', () => {
    expect(formatAsYouType('4155550132', 'US')).toBe('(415) 555-0132');
    expect(formatAsYouType('+442079460958', 'US')).toBe('+44 20 7946 0958');
  });
});

describe('listCountries', () => {
  it('names every country libphonenumber-js supports, sorted by name', async () => {
    const { getCountries } = await import('libphonenumber-js/min');
    const { listCountries } = await import('../../shared/phone.ts');
    const listed = listCountries();
    expect(listed.map((c) => c.code).sort()).toEqual([...getCountries()].sort());
    expect(listed.find((c) => c.code === 'GB')).toEqual({
      code: 'GB',
      name: 'United Kingdom',
      callingCode: '44',
    });
    const names = listed.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });
});
