// What a cell looks like at a glance, for guessing columns from their content when a file has
// no header. Cheap shape tests only: the real checks are in validate-rows.ts.

/** Digits with the punctuation people put in phone numbers, 7 to 15 digits in all. */
export function looksLikePhone(cell: string): boolean {
  const text = cell.trim().replace(/^'/, '');
  if (!/^\+?[\d\s().\-/]+$/.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|heic|heif|tiff?|bmp|avif)$/i;

/** A web address, or a file path or name ending in an image extension. */
export function looksLikeImage(cell: string): boolean {
  const text = cell.trim();
  return /^(https?|file):\/\//i.test(text) || IMAGE_EXTENSION.test(text);
}

/** Has a letter in it: a name, not a number, date or code. */
export function looksLikeText(cell: string): boolean {
  return /\p{L}/u.test(cell);
}
