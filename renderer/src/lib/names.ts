/** "Ada Lovelace", or just "Ada" without a last name. */
export function fullName(firstName: string | null, lastName: string | null | undefined): string {
  return [firstName, lastName]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' ');
}
