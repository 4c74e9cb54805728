// The monogram iOS draws for a contact without a photo (Contacts, the Messages header, the
// "share name and photo" banner): the first letter of the first name and the first letter of
// the last name, nothing else. So "Acme" + "Help Desk" is "AH", and "Acme Help Desk" typed
// all as a first name is just "A". Shared by the card form's preview and the history.

/** The first character of a name part, if it is a letter (iOS draws no digits or emoji). */
function firstLetter(part: string | null | undefined): string {
  const first = Array.from(part?.trim() ?? '')[0] ?? '';
  return /^\p{L}$/u.test(first) ? first.toLocaleUpperCase() : '';
}

/**
 * Up to two letters, as iOS shows them for a card's first and last name; '' when there is no
 * letter to show (iOS then draws its grey silhouette instead).
 */
export function iosInitials(firstName: string | null, lastName: string | null | undefined): string {
  return firstLetter(firstName) + firstLetter(lastName);
}
