// The late-schedule limit as typed in Settings: whole hours within main's range, or a reason.
import { describe, expect, it } from 'vitest';
import { parseLateLimit } from '../../../../renderer/src/lib/late-limit.ts';

describe('parseLateLimit', () => {
  it('reads whole hours from 0 to a week', () => {
    expect(parseLateLimit('12')).toEqual({ hours: 12 });
    expect(parseLateLimit(' 0 ')).toEqual({ hours: 0 });
    expect(parseLateLimit('168')).toEqual({ hours: 168 });
  });

  it('says why anything else cannot be saved', () => {
    for (const text of ['', 'abc', '1.5', '-1']) {
      expect(parseLateLimit(text)).toEqual({
        problem: 'Enter a whole number of hours, from 0 to 168.',
      });
    }
    expect(parseLateLimit('169')).toEqual({ problem: 'Enter at most 168 hours (a week).' });
  });
});
