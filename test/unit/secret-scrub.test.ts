import { describe, expect, it } from 'vitest';
import { appError, linqFailureToAppError } from '../../shared/errors.schema.ts';
import {
  createSecretScrubber,
  SCRUBBED,
  scrubSecretText,
  withoutSecret,
} from '../../electron/services/secret-scrub.ts';

const KEY = 'sk_live_0123456789abcdef';

describe('withoutSecret', () => {
  it('takes every occurrence of the key out of the error’s text fields', () => {
    const error = appError('INVALID_INPUT', { detail: `bad key ${KEY}, really ${KEY}` });
    const clean = withoutSecret(error, KEY);
    expect(clean.detail).toBe(`bad key ${SCRUBBED}, really ${SCRUBBED}`);
    expect(clean.code).toBe('INVALID_INPUT');
    expect(clean.message).toBe(error.message);
  });

  it('returns the same error when the key is not in it, or the secret is too short to be one', () => {
    const error = appError('INVALID_INPUT', { detail: 'first_name is not allowed' });
    expect(withoutSecret(error, KEY)).toBe(error);
    expect(withoutSecret(appError('INVALID_INPUT', { detail: '1234' }), '1234').detail).toBe(
      '1234',
    );
  });
});

describe('the secret scrubber', () => {
  it('passes values through untouched (the same object) until a registered key occurs', () => {
    const scrubber = createSecretScrubber();
    const value = { items: [{ detail: `quoting ${KEY}` }] };
    expect(scrubber.scrub(value)).toBe(value);
    scrubber.addSecret(KEY);
    const clean = scrubber.scrub(value);
    expect(clean).not.toBe(value);
    expect(JSON.stringify(clean)).not.toContain(KEY);
    expect(clean.items[0]!.detail).toBe(`quoting ${SCRUBBED}`);
    const other = { detail: 'nothing secret' };
    expect(scrubber.scrub(other)).toBe(other);
  });

  it('finds a key with characters JSON escapes', () => {
    const scrubber = createSecretScrubber();
    const odd = 'sk_"quoted"\\slash_1234';
    scrubber.addSecret(odd);
    const clean = scrubber.scrub({ detail: `echo ${odd}` });
    expect(clean.detail).toBe(`echo ${SCRUBBED}`);
  });

  it('keeps undefined and primitives as they are', () => {
    const scrubber = createSecretScrubber();
    scrubber.addSecret(KEY);
    expect(scrubber.scrub(undefined)).toBeUndefined();
    expect(scrubber.scrub(42)).toBe(42);
    expect(scrubber.scrub(KEY)).toBe(SCRUBBED);
  });
});

/** Every 8-character piece of the key: none may be left anywhere. */
const PIECES = Array.from({ length: KEY.length - 7 }, (_, at) => KEY.slice(at, at + 8));
const piecesIn = (value: unknown) => {
  const text = JSON.stringify(value);
  return PIECES.filter((piece) => text.includes(piece));
};

describe('Linq’s text cut to length across the key', () => {
  // Linq's message is kept to 500 characters, the trace id to 200, the doc URL to 500.
  const failure = (message: string, traceId: string, docUrl: string) => ({
    status: 400,
    body: { success: false, error: { code: 1999, message, doc_url: docUrl }, trace_id: traceId },
  });
  const scrub = (text: string) => scrubSecretText(text, KEY);

  it('scrubs before cutting: no prefix of the key is left at the end of a field', () => {
    const error = linqFailureToAppError(
      failure(`${'m'.repeat(485)}${KEY}`, `${'t'.repeat(190)}${KEY}`, `${'d'.repeat(488)}${KEY}`),
      scrub,
    );
    expect(piecesIn(error)).toEqual([]);
    expect(error.message).toContain(`${'m'.repeat(20)}${SCRUBBED}`);
    expect(error.traceId).toBe(`${'t'.repeat(190)}${SCRUBBED}`);
    expect(error.docUrl).toBe(`${'d'.repeat(488)}${SCRUBBED}`);
    // Without the scrub, the cut leaves 15, 10 and 12 characters of the key behind.
    const unscrubbed = linqFailureToAppError(
      failure(`${'m'.repeat(485)}${KEY}`, `${'t'.repeat(190)}${KEY}`, `${'d'.repeat(488)}${KEY}`),
    );
    expect(unscrubbed.traceId).toBe(`${'t'.repeat(190)}${KEY.slice(0, 10)}`);
  });

  it('takes out a suffix and a middle piece Linq quoted, in every field', () => {
    const suffix = KEY.slice(-9);
    const middle = KEY.slice(6, 16);
    const error = linqFailureToAppError(
      failure(`key …${suffix} refused`, `trace-${middle}`, `https://docs.linqapp.com/${suffix}`),
      scrub,
    );
    expect(piecesIn(error)).toEqual([]);
    expect(error.message).toContain(`key …${SCRUBBED} refused`);
    expect(error.traceId).toBe(`trace-${SCRUBBED}`);
  });

  it('withoutSecret and the scrubber take out pieces, not only the whole key', () => {
    const error = appError('INVALID_INPUT', {
      detail: `prefix ${KEY.slice(0, 12)}`,
      traceId: `${KEY.slice(-8)}`,
    });
    expect(piecesIn(withoutSecret(error, KEY))).toEqual([]);
    const scrubber = createSecretScrubber();
    scrubber.addSecret(KEY);
    const value = { items: [{ lastError: error, phone: '+14155550100' }], [KEY.slice(2, 11)]: 1 };
    const clean = scrubber.scrub(value);
    expect(piecesIn(clean)).toEqual([]);
    expect(clean.items[0]!.phone).toBe('+14155550100');
    // A 7-character piece is not the key: it would match ordinary words and numbers.
    const seven = { detail: KEY.slice(0, 7) };
    expect(scrubber.scrub(seven)).toBe(seven);
  });

  it('passes bytes and dates on as they are', () => {
    const scrubber = createSecretScrubber();
    scrubber.addSecret(KEY);
    const bytes = new Uint8Array([1, 2, 3]);
    const when = new Date(0);
    const clean = scrubber.scrub({ detail: KEY, bytes, when });
    expect(clean.detail).toBe(SCRUBBED);
    expect(clean.bytes).toBe(bytes);
    expect(clean.when).toBe(when);
  });
});
