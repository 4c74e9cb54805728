// What must never reach a log file, applied to every string the logger writes: every API key
// this process has read or been given, and any piece of 8 or more characters of one (a string
// cut short before it got here may hold only part of a key; secret-fragments.ts), whatever
// follows an `Authorization:` header name, `Bearer` tokens, and credential-looking
// `name=value` pairs. Field names that say they hold a credential are handled by loggable.ts
// with isSecretField.
import { fragmentFinder, type FragmentFinder } from '../secret-fragments.ts';

export const REDACTED = '[redacted]';

/**
 * Registered secrets shorter than this are not looked for. No real Linq key is this short
 * (the app already treats such keys as too short to show their last four), and blanking out
 * every "1234" after someone typed it into the key field would redact phone numbers and words
 * for the rest of the session.
 */
export const MIN_SECRET_LENGTH = 8;

// `Authorization: Bearer x`, `authorization=x`, `"authorization":"x"`, `Proxy-Authorization: x`.
// A quoted value ends at its quote; an unquoted one runs to the end of the line, since header
// values may contain spaces and commas (`Digest username="a", response="b"`).
const AUTHORIZATION =
  /(\b(?:proxy-)?authorization["']?\s*[:=]\s*)(?!\s*\[redacted\])(?:"[^"]*"|'[^']*'|[^\r\n]*)/gi;
// A bearer token anywhere, e.g. in a curl command line or an SDK's debug output.
const BEARER = /\b(bearer\s+)(?!\s*\[redacted\])[^\s"',;]+/gi;
// `api_key=x` in a URL, `password: x` in a message. The value ends at a delimiter.
const CREDENTIAL_PAIR =
  /(\b(?:api[-_]?key|access[-_]?token|refresh[-_]?token|token|password|passwd|secret)["']?\s*[:=]\s*)(?!\s*\[redacted\])(?:"[^"]*"|'[^']*'|[^\s&,;"'}\]]+)/gi;

// Compared after lower-casing and dropping separators, so apiKey, api_key, API-KEY and
// x-api-key all match; `authorization` also covers Proxy-Authorization.
const SECRET_FIELD_PARTS = [
  'authorization',
  'apikey',
  'token',
  'password',
  'passwd',
  'secret',
  'cookie',
  'credential',
];

/** Whether a field's value is a credential by its name alone (the whole value is redacted). */
export function isSecretField(name: string): boolean {
  const normalised = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_FIELD_PARTS.some((part) => normalised.includes(part));
}

export interface Redactor {
  /** From now on, every occurrence of `secret`, or of an 8+ character piece of it, is replaced. */
  addSecret(secret: string): void;
  /** The text with every rule applied. */
  redactText(text: string): string;
  /**
   * A last pass over a finished (JSON-encoded) line: registered secrets, whole, raw or as JSON
   * would escape them. Values were already redacted one by one, pieces included; this catches
   * what no value held. Not pieces here: a piece of a key such as `00000000` would cut into the
   * line's numbers and JSON punctuation and leave a line that no longer parses.
   */
  redactLine(line: string): string;
}

export function createRedactor(): Redactor {
  // Longest first, so a secret that contains another is replaced whole, not in pieces.
  let secrets: string[] = [];
  let encoded: string[] = [];
  let pieces: FragmentFinder = fragmentFinder([]);

  function replaceAll(text: string, needles: readonly string[]): string {
    let clean = text;
    for (const needle of needles) {
      if (clean.includes(needle)) clean = clean.split(needle).join(REDACTED);
    }
    return clean;
  }

  return {
    addSecret(secret) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
      if (secrets.includes(secret)) return;
      secrets = [...secrets, secret].sort((a, b) => b.length - a.length);
      const escaped = secrets.map((s) => JSON.stringify(s).slice(1, -1));
      encoded = [...new Set([...secrets, ...escaped])].sort((a, b) => b.length - a.length);
      pieces = fragmentFinder(secrets);
    },

    redactText(text) {
      // Secrets first: a rule below could otherwise cut a key in two and leave a piece.
      return pieces
        .replaceIn(text, REDACTED)
        .replace(AUTHORIZATION, `$1${REDACTED}`)
        .replace(BEARER, `$1${REDACTED}`)
        .replace(CREDENTIAL_PAIR, `$1${REDACTED}`);
    },

    redactLine(line) {
      return replaceAll(line, encoded);
    },
  };
}
