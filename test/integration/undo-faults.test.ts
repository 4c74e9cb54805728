// An undo's promise under stress: an import of 100 cards undone with the fault mix on
// every write (503/4004 holds included) under Linq's per-number write budget, and the headless
// host killed with SIGKILL three times while the undo sends. Every card it puts back ends at
// its value from before the import (0 lost), none gets the undo's change twice (0
// duplicated), the cards changed at Linq since get no write, and the same request after each
// restart is the same undo.
import { expect, it } from 'vitest';
import { requireTestKeyring } from '../support/services-harness.ts';
import { runFaultedUndo } from '../support/undo-fault-run.ts';

requireTestKeyring();

it('puts every card back once, and touches none changed since, through faults and three SIGKILLs', async () => {
  const report = await runFaultedUndo({
    cards: 100,
    changedAtLinq: 20,
    kills: 3,
    requestTimeoutMs: 1_000,
    seed: 7,
    drainTimeoutMs: 120_000,
  });
  expect(
    {
      restored: report.restored,
      lost: report.lost,
      duplicated: report.duplicated,
      touchedChangedSince: report.touchedChangedSince,
      sameUndo: new Set(report.undoIds).size,
      beyondBudget: report.beyondBudget,
      withinHold: report.withinHold,
    },
    report.hostOutput,
  ).toEqual({
    restored: 80,
    lost: [],
    duplicated: [],
    touchedChangedSince: [],
    sameUndo: 1,
    beyondBudget: 0,
    withinHold: 0,
  });
  // The faults really happened, and a kill hit the host while it was sending.
  expect(report.faults.fault).toBeGreaterThan(5);
  expect(report.killsMidRequest).toBeGreaterThanOrEqual(1);
}, 240_000);
