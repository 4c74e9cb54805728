// SHA-256 of a photo's bytes, as lowercase hex: the name main stores the photo under and the
// key that keeps the same photo from being uploaded twice.
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
