// Which of the account's lines match what is typed in the phone field: by the number's digits
// (whatever the punctuation, with or without the country code or a national trunk 0) or by
// the name on the line's card (case and accents do not matter).
import type { Line } from '../../../shared/lines.schema.ts';
import { fullName } from './names.ts';

function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function matchesDigits(line: Line, digits: string): boolean {
  const lineDigits = digitsOf(line.phoneNumber);
  if (lineDigits.includes(digits)) return true;
  // "07700 900123" typed nationally is "+44 7700 900123": the trunk 0 is not in E.164.
  const national = digits.replace(/^0+/, '');
  return national.length > 0 && national !== digits && lineDigits.includes(national);
}

function matchesName(line: Line, text: string): boolean {
  if (!line.card) return false;
  return folded(fullName(line.card.firstName, line.card.lastName)).includes(text);
}

/** The lines matching `query`, in their order; all of them for an empty query. */
export function filterLines(lines: readonly Line[], query: string): Line[] {
  const text = folded(query);
  const hasLetters = /\p{L}/u.test(text);
  const digits = digitsOf(text);
  if (!hasLetters && digits === '') return [...lines];
  return lines.filter(
    (line) =>
      (hasLetters && matchesName(line, text)) || (!hasLetters && matchesDigits(line, digits)),
  );
}
