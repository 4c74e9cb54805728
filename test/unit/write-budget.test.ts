// Linq's write budget per number, planned: the next write's time from the writes recorded,
// the hold after a 503/4004, and the lower bound an import's estimate starts from.
import { describe, expect, it } from 'vitest';
import {
  budgetLowerBoundMs,
  holdAfterLimitMs,
  LINQ_WRITE_BUDGET,
  nextWriteAtMs,
  type WriteBudget,
} from '../../electron/services/outbox/write-budget.ts';

const budget: WriteBudget = { limit: 3, windowMs: 600_000, marginMs: 2_000 };
const span = budget.windowMs + budget.marginMs;
const now = 10_000_000;

describe('nextWriteAtMs', () => {
  it('lets the first three writes in a window go at once', () => {
    expect(nextWriteAtMs([], 0, now, budget)).toBe(now);
    expect(nextWriteAtMs([now - 1_000], 0, now, budget)).toBe(now);
    expect(nextWriteAtMs([now - 2_000, now - 1_000], 0, now, budget)).toBe(now);
  });

  it('holds the fourth until the oldest of the three has left the window (with the margin)', () => {
    const writes = [now - 5_000, now - 60_000, now - 1_000]; // any order
    expect(nextWriteAtMs(writes, 0, now, budget)).toBe(now - 60_000 + span);
  });

  it('forgets writes older than the window', () => {
    expect(nextWriteAtMs([now - span - 1, now - 2, now - 1], 0, now, budget)).toBe(now);
    expect(nextWriteAtMs([now - span, now - 2, now - 1], 0, now, budget)).toBe(now);
  });

  it('with more writes than the limit (another computer), waits until enough have left', () => {
    const writes = [now - 4_000, now - 3_000, now - 2_000, now - 1_000, now - 500];
    // Five in the window, three allowed: the third oldest must leave first.
    expect(nextWriteAtMs(writes, 0, now, budget)).toBe(now - 2_000 + span);
  });

  it('never lets a write go before a hold on the line is over', () => {
    expect(nextWriteAtMs([], now + 90_000, now, budget)).toBe(now + 90_000);
    // Whichever is later wins.
    const full = [now - 3_000, now - 2_000, now - 1_000];
    expect(nextWriteAtMs(full, now + 5_000, now, budget)).toBe(now - 3_000 + span);
    expect(nextWriteAtMs(full, now + span, now, budget)).toBe(now + span);
  });

  it('is Linq’s documented budget by default: 3 writes per 10 minutes', () => {
    expect(LINQ_WRITE_BUDGET).toMatchObject({ limit: 3, windowMs: 10 * 60_000 });
  });
});

describe('holdAfterLimitMs', () => {
  it('holds at least the whole window, longer when Linq asks for longer', () => {
    expect(holdAfterLimitMs(budget)).toBe(span);
    expect(holdAfterLimitMs(budget, 30)).toBe(span);
    expect(holdAfterLimitMs(budget, 900)).toBe(900_000);
    expect(holdAfterLimitMs(budget, 900.2)).toBe(900_200);
  });
});

describe('budgetLowerBoundMs', () => {
  it('is zero within one window’s allowance, then a window per further three writes', () => {
    expect(budgetLowerBoundMs(1, budget)).toBe(0);
    expect(budgetLowerBoundMs(3, budget)).toBe(0);
    expect(budgetLowerBoundMs(4, budget)).toBe(budget.windowMs);
    expect(budgetLowerBoundMs(6, budget)).toBe(budget.windowMs);
    expect(budgetLowerBoundMs(7, budget)).toBe(2 * budget.windowMs);
  });
});
