// Looking for a canary API key wherever it must not be: in text, in bytes (SQLite pages, logs,
// exports) and in every file under a folder. A leak may be encoded on its way out, so each
// form the key could take is searched for: as typed, URL-encoded, UTF-16 (Chromium keeps
// strings that way on disk), hex, and base64 at every alignment (an Authorization header or a
// JSON blob that base64-encodes the key along with other bytes still contains one of these).
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A key no real system holds, unique per call. The trailing `/+=` make its URL-encoded and
 * base64url forms differ from the key itself, so looking for those forms is not vacuous.
 */
export function newCanaryKey(): string {
  return `sk_canary_${randomUUID()}/+=`;
}

export interface CanaryForm {
  /** e.g. 'as typed', 'base64 (offset 1)'. */
  name: string;
  bytes: Buffer;
}

/**
 * The substrings any encoding of data holding the key must contain. For base64 the key's
 * position modulo 3 changes every character, so each alignment gets its own form: the
 * characters that encode only key bytes.
 */
export function canaryForms(key: string): CanaryForm[] {
  const utf8 = Buffer.from(key, 'utf8');
  const forms: CanaryForm[] = [
    { name: 'as typed', bytes: utf8 },
    { name: 'UTF-16LE', bytes: Buffer.from(key, 'utf16le') },
    { name: 'URL-encoded', bytes: Buffer.from(encodeURIComponent(key)) },
    {
      name: 'form-encoded',
      bytes: Buffer.from(new URLSearchParams({ k: key }).toString().slice(2)),
    },
    { name: 'hex', bytes: Buffer.from(utf8.toString('hex')) },
  ];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), utf8]).toString('base64');
    const start = Math.ceil(offset / 3) * 4;
    const end = Math.floor((offset + utf8.length) / 3) * 4;
    const base64 = encoded.slice(start, end);
    forms.push({ name: `base64 (offset ${offset})`, bytes: Buffer.from(base64) });
    const base64url = base64.replaceAll('+', '-').replaceAll('/', '_');
    forms.push({ name: `base64url (offset ${offset})`, bytes: Buffer.from(base64url) });
  }
  // Dedupe (for a key of plain letters and digits, URL-encoding changes nothing).
  const seen = new Set<string>();
  return forms.filter((form) => {
    const id = form.bytes.toString('hex');
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Length of the key's pieces searched for as typed. The app treats any 8+ characters of a key
 * as the key (a message cut to length can keep a prefix); 12 keeps a chance match in hundreds
 * of megabytes of unrelated data out of reach while still catching a cut key.
 */
export const KEY_PIECE_LENGTH = 12;

/** The first piece of `key` (KEY_PIECE_LENGTH characters, as typed) that `text` holds, or null. */
export function keyPieceIn(haystack: string | Buffer, key: string): string | null {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  for (let start = 0; start + KEY_PIECE_LENGTH <= key.length; start += 1) {
    const piece = key.slice(start, start + KEY_PIECE_LENGTH);
    if (bytes.includes(Buffer.from(piece, 'utf8'))) return piece;
  }
  return null;
}

/** The names of the forms of `key` found in `haystack` (byte for byte; hex in either case). */
export function canaryFormsIn(haystack: string | Buffer, key: string): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  const found = canaryForms(key)
    .filter((form) => bytes.includes(form.bytes))
    .map((form) => form.name);
  const hex = Buffer.from(key, 'utf8').toString('hex');
  if (!found.includes('hex') && bytes.toString('latin1').toLowerCase().includes(hex)) {
    found.push('hex (upper case)');
  }
  if (!found.includes('as typed')) {
    const piece = keyPieceIn(bytes, key);
    if (piece !== null) found.push(`a piece of it (${JSON.stringify(piece)})`);
  }
  return found;
}

/** Every file under `dir`, recursively, with its path relative to `dir`. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** Where under `dir` the key shows up: "file: form" for each hit; empty when nowhere. */
export async function canaryInFiles(dir: string, key: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await listFiles(dir)) {
    // A file may vanish between listing and reading (a WAL checkpoint): nothing to leak then.
    const bytes = await readFile(join(dir, file)).catch(() => null);
    if (!bytes) continue;
    for (const form of canaryFormsIn(bytes, key)) hits.push(`${file}: ${form}`);
  }
  return hits;
}
