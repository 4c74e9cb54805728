// Country names and calling codes for pickers and hints, from a generated table: no
// libphonenumber-js needed, so screens that only show countries load without its metadata.
import { COUNTRY_TABLE } from './country-table.ts';

export interface CountryOption {
  code: string;
  name: string;
  callingCode: string;
}

const OPTIONS: readonly CountryOption[] = COUNTRY_TABLE.map(([code, name, callingCode]) => ({
  code,
  name,
  callingCode,
}));
const BY_CODE = new Map(OPTIONS.map((option) => [option.code, option]));

/** Every supported country with its name and calling code, sorted by name. */
export function listCountries(): readonly CountryOption[] {
  return OPTIONS;
}

export function isKnownCountry(code: string): boolean {
  return BY_CODE.has(code);
}

export function countryName(code: string): string {
  return BY_CODE.get(code)?.name ?? code;
}

/**
 * Picks a default country from a locale such as "en-GB" or "de_DE.UTF-8"; falls back to
 * the United States, which is where most Linq lines are.
 */
export function countryFromLocale(locale: string | undefined): string {
  const match = /[-_]([A-Za-z]{2})\b/.exec(locale ?? '');
  const region = match?.[1]?.toUpperCase();
  return region && isKnownCountry(region) ? region : 'US';
}
