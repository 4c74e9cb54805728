// What a card is found by, and how a query is read: names regardless of case and accents
// ("zoe" finds "Zoë"), numbers by their digits whatever the punctuation ("(555) 12" and
// "555 12" both find +1 555 12…).

/** Lower case, accents removed (é → e, ø stays: it is a letter of its own). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function searchTextOf(parts: {
  phoneNumber: string;
  names: readonly (string | null | undefined)[];
}): string {
  const names = parts.names.filter((name): name is string => Boolean(name)).join(' ');
  return `${foldText(names)} ${parts.phoneNumber.replace(/\D/g, '')}`;
}

/** Something that looks like a phone number: digits with spaces, brackets, dashes, dots, +. */
const NUMBER_LIKE = /^[\d\s()+\-.]+$/;

/** A test for search texts, or null when the query matches everything. */
export function matcherFor(query: string): ((searchText: string) => boolean) | null {
  const trimmed = query.trim();
  if (trimmed === '') return null;
  if (NUMBER_LIKE.test(trimmed) && /\d/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    return (text) => text.includes(digits);
  }
  const tokens = foldText(trimmed).split(/\s+/).filter(Boolean);
  return (text) => tokens.every((token) => text.includes(token));
}
