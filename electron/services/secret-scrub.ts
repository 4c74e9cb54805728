// The last guard between the API key and everything that leaves main's services: errors Linq
// (or any library) words itself could quote the key, and such text would otherwise be stored
// with an outbox item, shown in the window and written to the database. Keys are registered as
// they pass through the secret store (see index.ts), like the log's redaction. Any piece of 8
// or more characters of a key counts as the key (secret-fragments.ts): text cut short
// somewhere on its way here may hold only the start or the end of one.
import type { AppError } from '../../shared/errors.schema.ts';
import { MIN_SECRET_LENGTH, REDACTED } from './log/redact.ts';
import { fragmentFinder, type FragmentFinder } from './secret-fragments.ts';

/** The same mark and the same minimum length as the log's redaction. */
export const SCRUBBED = REDACTED;

/** The text with every piece of `secret` (8+ characters) replaced; for a single known key. */
export function scrubSecretText(text: string, secret: string): string {
  if (secret.length < MIN_SECRET_LENGTH) return text;
  return fragmentFinder([secret]).replaceIn(text, SCRUBBED);
}

/**
 * The error with every piece of `secret` in its text fields replaced; the same object when
 * there was none.
 */
export function withoutSecret(error: AppError, secret: string): AppError {
  if (secret.length < MIN_SECRET_LENGTH) return error;
  const finder = fragmentFinder([secret]);
  let changed = false;
  const clean: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(error)) {
    clean[name] = typeof value === 'string' ? finder.replaceIn(value, SCRUBBED) : value;
    if (clean[name] !== value) changed = true;
  }
  return changed ? (clean as AppError) : error;
}

export interface SecretScrubber {
  addSecret(secret: string): void;
  /** The value unchanged (the same object) unless a piece of a registered secret occurs in it. */
  scrub<T>(value: T): T;
}

const MAX_DEPTH = 64;

/**
 * Arrays and plain objects are walked; anything else (bytes of an image, a Date) is passed on
 * as it is: copying it field by field would break it, and its fields are not text.
 */
function isWalkable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export function createSecretScrubber(): SecretScrubber {
  const secrets = new Set<string>();
  let finder: FragmentFinder = fragmentFinder([]);

  // A walk over the value's strings (and keys) before any copy: outbox snapshots of a few
  // hundred items go to the window several times a second, and nearly always hold no key.
  function holdsSecret(value: unknown, depth: number): boolean {
    if (typeof value === 'string') return finder.occursIn(value);
    if (!isWalkable(value) || depth > MAX_DEPTH) return false;
    for (const [key, child] of Object.entries(value)) {
      if (holdsSecret(key, depth + 1) || holdsSecret(child, depth + 1)) return true;
    }
    return false;
  }

  // A copy with every string (and key) cleaned. Payloads are plain data (checked against the
  // contract's schemas), so arrays and plain objects are all there is to copy.
  function cleaned(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return finder.replaceIn(value, SCRUBBED);
    if (!isWalkable(value) || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return value.map((child) => cleaned(child, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      copy[finder.replaceIn(key, SCRUBBED)] = cleaned(child, depth + 1);
    }
    return copy;
  }

  return {
    addSecret(secret) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
      if (secrets.has(secret)) return;
      secrets.add(secret);
      finder = fragmentFinder(secrets);
    },
    scrub(value) {
      if (secrets.size === 0 || !holdsSecret(value, 0)) return value;
      return cleaned(value, 0) as typeof value;
    },
  };
}
