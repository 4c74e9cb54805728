// The last guard between the API key and everything that leaves main's services: errors Linq
// (or any library) words itself could quote the key, and such text would otherwise be stored
// with an outbox item, shown in the window and written to the database. Keys are registered as
// they pass through the secret store (see index.ts), like the log's redaction.
import type { AppError } from '../../shared/errors.ts';
import { MIN_SECRET_LENGTH, REDACTED } from './log/redact.ts';

/** The same mark and the same minimum length as the log's redaction. */
export const SCRUBBED = REDACTED;

function replaceIn(text: string, secret: string): string {
  return text.includes(secret) ? text.split(secret).join(SCRUBBED) : text;
}

/**
 * The error with every occurrence of `secret` in its text fields replaced; the same object when
 * there was none.
 */
export function withoutSecret(error: AppError, secret: string): AppError {
  if (secret.length < MIN_SECRET_LENGTH) return error;
  let changed = false;
  const clean: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(error)) {
    clean[name] = typeof value === 'string' ? replaceIn(value, secret) : value;
    if (clean[name] !== value) changed = true;
  }
  return changed ? (clean as AppError) : error;
}

export interface SecretScrubber {
  addSecret(secret: string): void;
  /** The value unchanged (the same object) unless a registered secret occurs in it. */
  scrub<T>(value: T): T;
}

export function createSecretScrubber(): SecretScrubber {
  const secrets = new Set<string>();

  // A walk over the value's strings (and keys) rather than JSON.stringify: outbox snapshots of a
  // few hundred items go to the window several times a second, and nearly always hold no key.
  function holdsSecret(value: unknown, depth: number): boolean {
    if (typeof value === 'string') {
      for (const secret of secrets) if (value.includes(secret)) return true;
      return false;
    }
    if (value === null || typeof value !== 'object' || depth > 64) return false;
    for (const [key, child] of Object.entries(value)) {
      if (holdsSecret(key, depth + 1) || holdsSecret(child, depth + 1)) return true;
    }
    return false;
  }

  return {
    addSecret(secret) {
      if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
    },
    scrub(value) {
      if (secrets.size === 0 || !holdsSecret(value, 0)) return value;
      let json = JSON.stringify(value);
      for (const secret of secrets) {
        // In JSON text a key with a quote or backslash appears escaped.
        for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
          json = json.split(form).join(SCRUBBED);
        }
      }
      return JSON.parse(json) as typeof value;
    },
  };
}
