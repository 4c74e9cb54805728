import { describe, expect, it } from 'vitest';
import { appError } from '../../shared/errors.ts';
import {
  createSecretScrubber,
  SCRUBBED,
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
