// The last guard between the API key and everything that leaves main's services: errors Linq
// (or any library) words itself could quote the key, and such text would otherwise be stored
// with an outbox item, shown in the window and written to the database. Keys are registered as
// they pass through the secret store (see index.ts), like the log's redaction.
import type { AppError } from '../../shared/errors.ts';

export const SCRUBBED = '[redacted]';
/** Shorter strings are not keys, and replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

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
  return {
    addSecret(secret) {
      if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
    },
    scrub(value) {
      if (secrets.size === 0 || value === undefined) return value;
      let json = JSON.stringify(value);
      if (json === undefined) return value;
      let found = false;
      for (const secret of secrets) {
        // As JSON would escape it, too: a key with a quote or backslash is stored escaped.
        for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
          if (json.includes(form)) {
            json = json.split(form).join(SCRUBBED);
            found = true;
          }
        }
      }
      return found ? (JSON.parse(json) as typeof value) : value;
    },
  };
}
