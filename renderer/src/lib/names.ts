/** "Ada Lovelace", or just "Ada" without a last name. */
export function fullName(firstName: string | null, lastName: string | null | undefined): string {
  return [firstName, lastName]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
}

/** Up to two initials for an avatar without a photo. */
export function initials(name: string): string {
  const parts = name.split(/\s+/).filter((part) => part !== '');
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts.slice(0, 1);
  return letters.map((part) => (part ? Array.from(part)[0]?.toUpperCase() : '')).join('');
}
