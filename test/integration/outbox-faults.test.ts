// The outbox's promise under stress: 500 submissions across 100 numbers with the fault
// mix on every write (503/4004 holds included) under Linq's per-number write budget, and the
// headless host killed with SIGKILL three times while it sends.
// Nothing accepted may be lost, nothing applied twice, no number's changes reordered, every
// refused change stopped with its reason, and no request sent before its Retry-After.
import { expect, it } from 'vitest';
import { runFaultedDrain } from '../support/fault-run.ts';
import { requireTestKeyring } from '../support/services-harness.ts';

requireTestKeyring();

it('loses nothing and applies nothing twice through faults and three SIGKILLs', async () => {
  const report = await runFaultedDrain({
    submissions: 500,
    numbers: 100,
    kills: 3,
    badRequestEvery: 40,
    requestTimeoutMs: 1_000,
    seed: 4,
    drainTimeoutMs: 120_000,
  });
  const summary = {
    lost: report.lost.map((item) => item.marker),
    duplicated: report.duplicated.map((item) => item.marker),
    reordered: report.reordered,
    refusedNotStopped: report.refusedNotStopped.map((item) => item.marker),
    retryAfterViolations: report.retryAfterViolations,
    needsDecision: report.needsDecision,
    beyondBudget: report.beyondBudget,
    withinHold: report.withinHold,
    notActiveUnfollowed: report.notActiveUnfollowed,
    finalMismatch: report.finalMismatch,
  };
  expect(summary, report.hostOutput).toEqual({
    lost: [],
    duplicated: [],
    reordered: [],
    refusedNotStopped: [],
    retryAfterViolations: 0,
    needsDecision: 0,
    beyondBudget: 0,
    withinHold: 0,
    notActiveUnfollowed: [],
    finalMismatch: [],
  });
  expect(report.confirmed).toBe(500);
  expect(report.stoppedWithReason).toBe(10); // 400 updates, every 40th refused
  // The faults really happened: the run is not a quiet one that proves nothing.
  expect(report.faults.fault).toBeGreaterThan(50);
  expect(report.faults.reset).toBeGreaterThan(5);
  // (Fewer than before combining: changes waiting for one number go as one request.)
  expect(report.rateLimited).toBeGreaterThan(1);
  // Linq's own limits were met too: 4004 holds, and changes combined while they waited.
  expect(report.upstreamLimited).toBeGreaterThan(3);
  expect(report.combined).toBeGreaterThan(0);
  // And the kills hit the host while it was sending, not between drains.
  expect(report.killsMidRequest).toBeGreaterThanOrEqual(2);
}, 240_000);
