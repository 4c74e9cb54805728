// An import whose lines wait for Linq's limit (3 changes per number in 10 minutes, or a hold):
// the progress says how many lines and when the last goes, the time left is never shorter
// than that, and the Confirm step counts the lines changed more than once.
import { describe, expect, it } from 'vitest';
import {
  limitWaits,
  linesChangedMoreThanOnce,
  secondsLeftWithWaits,
} from '../../../../../../renderer/src/features/import/progress/import-estimate.ts';
import type { OutboxItem } from '../../../../../../shared/outbox.schema.ts';
import { outboxItem } from '../../../../../support/outbox-item.ts';

const NOW = Date.parse('2026-12-07T14:05:00.000Z');
const iso = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

const item = (patch: Partial<OutboxItem>): OutboxItem =>
  outboxItem({
    ...{
      id: 1,
      action: 'update',
      phoneNumber: '+14155550100',
      createdAt: iso(0),
      updatedAt: iso(0),
    },
    ...patch,
  });

describe('limitWaits', () => {
  const items = [
    item({ id: 10, phoneNumber: '+1A', waitingFor: 'write-budget', nextAttemptAt: iso(8) }),
    item({ id: 11, phoneNumber: '+1A', combinedInto: 10, nextAttemptAt: null }),
    item({ id: 12, phoneNumber: '+1B', waitingFor: 'line-hold', nextAttemptAt: iso(15) }),
    item({ id: 13, phoneNumber: '+1C', nextAttemptAt: iso(30) }), // a backoff, not a limit
    item({ id: 14, phoneNumber: '+1D', state: 'sending' }),
    // Another import's (or the form's) item: not counted.
    item({ id: 40, phoneNumber: '+1E', waitingFor: 'write-budget', nextAttemptAt: iso(45) }),
  ];

  it('counts the import’s lines held back by Linq’s limits, and when the last goes', () => {
    expect(limitWaits(items, { from: 10, to: 20 }, NOW)).toEqual({
      lines: 2,
      lastAtMs: NOW + 15 * 60_000,
    });
  });

  it('is nothing once the waits have passed, or when none of the import waits', () => {
    expect(limitWaits(items, { from: 10, to: 20 }, NOW + 16 * 60_000)).toBeNull();
    expect(limitWaits(items, { from: 13, to: 14 }, NOW)).toBeNull();
  });
});

describe('secondsLeftWithWaits', () => {
  const waits = { lines: 12, lastAtMs: NOW + 10 * 60_000 };

  it('is never shorter than the wait for the last held line', () => {
    expect(secondsLeftWithWaits(30, waits, NOW)).toBe(600);
    expect(secondsLeftWithWaits(null, waits, NOW)).toBe(600);
    expect(secondsLeftWithWaits(900, waits, NOW)).toBe(900);
  });

  it('is the observed estimate when nothing waits', () => {
    expect(secondsLeftWithWaits(30, null, NOW)).toBe(30);
    expect(secondsLeftWithWaits(null, null, NOW)).toBeNull();
  });
});

describe('linesChangedMoreThanOnce', () => {
  it('counts the numbers that appear more than once, ignoring rows without one', () => {
    expect(linesChangedMoreThanOnce(['+1A', '+1B', '+1A', null, '+1C', '+1A', '+1C'])).toBe(2);
    expect(linesChangedMoreThanOnce(['+1A', '+1B'])).toBe(0);
  });
});
