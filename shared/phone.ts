// Phone-number rules shared by the form (as the user types) and main (which re-validates
// everything the renderer sends). One implementation so the two can never disagree.
import {
  AsYouType,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/min';

import { countryFromLocale as countryFromLocaleName, countryName } from './countries.ts';

export { countryName, listCountries } from './countries.ts';

export type { CountryCode };

export type PhoneProblem =
  | 'EMPTY'
  | 'NOT_A_NUMBER'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_COUNTRY'
  | 'INVALID_LENGTH'
  | 'NOT_VALID_IN_COUNTRY';

export type PhoneCheck =
  | { ok: true; e164: string; country: CountryCode | undefined; international: string }
  | { ok: false; problem: PhoneProblem; message: string };

/**
 * Picks a default country from a locale such as "en-GB" or "de_DE.UTF-8"; falls back to
 * the United States, which is where most Linq lines are.
 */
export function countryFromLocale(locale: string | undefined): CountryCode {
  const country = countryFromLocaleName(locale);
  return isCountryCode(country) ? country : 'US';
}

export function isCountryCode(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

function problemMessage(problem: PhoneProblem, country: CountryCode): string {
  const name = countryName(country);
  switch (problem) {
    case 'EMPTY':
      return 'Enter the phone number of the line.';
    case 'NOT_A_NUMBER':
      return 'This does not look like a phone number. Use digits, spaces, brackets, dashes and an optional leading +.';
    case 'TOO_SHORT':
      return 'This number is too short.';
    case 'TOO_LONG':
      return 'This number is too long.';
    case 'INVALID_COUNTRY':
      return `Add the country code (for example +44), or pick the right default country (now ${name}).`;
    case 'INVALID_LENGTH':
      return 'This number has the wrong number of digits for its country.';
    case 'NOT_VALID_IN_COUNTRY':
      return `This is not a valid phone number in ${name}. Check the digits, or add the country code if the line is in another country.`;
  }
}

function fail(problem: PhoneProblem, country: CountryCode): PhoneCheck {
  return { ok: false, problem, message: problemMessage(problem, country) };
}

const ALLOWED_CHARACTERS = /^[+\d\s().\-/]*$/;

/**
 * Checks what a person typed ("(415) 555-0132", "+44 20 7946 0958", "0044 20 7946 0958")
 * and returns its E.164 form or the reason it is not a usable number.
 */
export function checkPhone(input: string, defaultCountry: CountryCode): PhoneCheck {
  const text = input.trim();
  if (text === '') return fail('EMPTY', defaultCountry);
  if (!ALLOWED_CHARACTERS.test(text) || !/\d/.test(text))
    return fail('NOT_A_NUMBER', defaultCountry);
  const first = parseOnce(text, defaultCountry);
  if (first.ok) return first;
  // "0044 …" is how much of the world dials abroad; in a country whose international prefix
  // is something else (011 in the US), read a leading 00 as "+" before giving up.
  if (/^00[1-9]/.test(text.replace(/[\s().\-/]/g, ''))) {
    const second = parseOnce('+' + text.replace(/[\s().\-/]/g, '').slice(2), defaultCountry);
    if (second.ok) return second;
  }
  return first;
}

function parseOnce(text: string, defaultCountry: CountryCode): PhoneCheck {
  const lengthProblem = validatePhoneNumberLength(text, defaultCountry);
  if (lengthProblem) return fail(lengthProblem, defaultCountry);
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed) return fail('NOT_A_NUMBER', defaultCountry);
  if (!parsed.isValid()) return fail('NOT_VALID_IN_COUNTRY', parsed.country ?? defaultCountry);
  return {
    ok: true,
    e164: parsed.number,
    country: parsed.country,
    international: parsed.formatInternational(),
  };
}

/** True for a string that is already a valid number in E.164 form ("+14155550132"). */
export function isValidE164(value: string): boolean {
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return false;
  const parsed = parsePhoneNumberFromString(value);
  return parsed !== undefined && parsed.isValid() && parsed.number === value;
}

/** Formats partial input as the user types, in the style of the default country. */
export function formatAsYouType(input: string, defaultCountry: CountryCode): string {
  return new AsYouType(defaultCountry).input(input);
}

/** A readable international form of an E.164 number, for lists and confirmations. */
export function formatE164(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
