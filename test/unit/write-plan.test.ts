// The rollout's estimate of when its last change goes, within Linq's write budget.
import { describe, expect, it } from 'vitest';
import { planWrites, type PlannedLine } from '../../electron/services/outbox/write-plan.ts';
import { LINQ_WRITE_BUDGET } from '../../electron/services/outbox/write-budget.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-12-08T09:00:00Z');
const options = { budget: LINQ_WRITE_BUDGET, concurrency: 4, perWriteMs: 1_000 };
const span = LINQ_WRITE_BUDGET.windowMs + LINQ_WRITE_BUDGET.marginMs;

function line(n: number, extra: Partial<PlannedLine> = {}): PlannedLine {
  return {
    phoneNumber: `+1415555${String(n).padStart(4, '0')}`,
    countedAtMs: [],
    holdUntilMs: 0,
    ahead: 0,
    ...extra,
  };
}

describe('planWrites', () => {
  it('an empty batch has no times', () => {
    expect(planWrites([], T0, options)).toEqual({
      firstAtMs: null,
      lastAtMs: null,
      waitingLines: [],
    });
  });

  it('fresh lines go four at a time: 8 lines take two rounds of one second', () => {
    const plan = planWrites(
      Array.from({ length: 8 }, (_, i) => line(i)),
      T0,
      options,
    );
    expect(plan.firstAtMs).toBe(T0);
    expect(plan.lastAtMs).toBe(T0 + 2_000);
    expect(plan.waitingLines).toEqual([]);
  });

  it('a line with three writes in the window waits until the oldest leaves it, and is named', () => {
    const used = line(1, { countedAtMs: [T0 - 2 * MIN, T0 - 1 * MIN, T0 - 30_000] });
    const plan = planWrites([line(0), used], T0, options);
    expect(plan.lastAtMs).toBe(T0 - 2 * MIN + span + 1_000);
    expect(plan.waitingLines).toEqual([
      { phoneNumber: used.phoneNumber, atMs: T0 - 2 * MIN + span, reason: 'write-budget' },
    ]);
  });

  it('a held line goes after its hold, with that reason', () => {
    const held = line(2, { holdUntilMs: T0 + 15 * MIN });
    const plan = planWrites([held], T0, options);
    expect(plan.lastAtMs).toBe(T0 + 15 * MIN + 1_000);
    expect(plan.waitingLines[0]).toMatchObject({ reason: 'line-hold', atMs: T0 + 15 * MIN });
  });

  it('changes ahead on a line spend its budget first: the fourth write waits a window', () => {
    const busy = line(3, { ahead: 3 });
    const plan = planWrites([busy], T0, options);
    // Three writes at T0, T0+1s, T0+2s (answered a second later each); the fourth waits for
    // the first to leave the window.
    expect(plan.firstAtMs).toBe(T0 + 1_000 + span);
    expect(plan.waitingLines).toHaveLength(1);
  });

  it('a schedule starts at its time: writes older than a window there no longer count', () => {
    const used = line(4, { countedAtMs: [T0 - 3 * MIN, T0 - 2 * MIN, T0 - MIN] });
    const plan = planWrites([used], T0 + 60 * MIN, options);
    expect(plan.firstAtMs).toBe(T0 + 60 * MIN);
    expect(plan.waitingLines).toEqual([]);
  });

  it('a line waiting for its budget keeps no slot from the others', () => {
    const used = line(0, { countedAtMs: [T0, T0, T0] });
    const plan = planWrites([used, line(1), line(2), line(3), line(4)], T0, {
      ...options,
      concurrency: 1,
    });
    // The four fresh lines go one after the other at once; the used one after its window.
    expect(plan.firstAtMs).toBe(T0);
    expect(plan.lastAtMs).toBe(T0 + span + 1_000);
  });
});
