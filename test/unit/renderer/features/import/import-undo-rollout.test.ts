// How to send an undo, as the dialog's store keeps it (store/import-undo.ts): back to "now"
// each time the dialog opens, sent as the rollout the choice makes (none for "now"), a changed
// choice is a new request, and a time that has passed sends nothing and says where to look.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { UndoImportRequest, UndoPlan } from '../../../../../shared/undo.schema.ts';
import { localInputValue, SEND_NOW } from '../../../../../renderer/src/lib/rollout-choice.ts';
import {
  confirmUndo,
  openUndo,
  setUndoRolloutChoice,
  useImportUndo,
} from '../../../../../renderer/src/features/import/store/import-undo.ts';
import { installFakeWindow } from '../../../../support/fake-window.ts';

const plan = { importId: 7, counts: { restore: 3, blocking: 0 }, changedSince: [] };
let sent: UndoImportRequest[];

beforeEach(() => {
  useImportUndo.setState(useImportUndo.getInitialState(), true);
  sent = [];
  installFakeWindow({
    planUndoImport: async () => ({ ok: true, value: plan as unknown as UndoPlan }),
    // Refused, so the dialog stays open with its choice (a success would follow the undo).
    undoImport: async (request: UndoImportRequest) => {
      sent.push(request);
      return { ok: false, error: { code: 'OFFLINE', message: 'Offline.' } };
    },
  } as never);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const inAnHour = () => localInputValue(Date.now() + 3_600_000);

it('starts at "now" each time the dialog opens', async () => {
  await openUndo(7);
  setUndoRolloutChoice({ firstLineFirst: true, when: 'at', sendAt: inAnHour() });
  await openUndo(7);
  expect(useImportUndo.getState().rollout).toEqual(SEND_NOW);
});

it('sends no rollout for "now", and one line first when chosen', async () => {
  await openUndo(7);
  await confirmUndo();
  expect(sent[0]).not.toHaveProperty('rollout');
  setUndoRolloutChoice({ firstLineFirst: true });
  await confirmUndo();
  expect(sent[1]).toMatchObject({ rollout: { firstLineFirst: true } });
  expect(sent[1]!.rollout).not.toHaveProperty('schedule');
  // Another choice is another undo: a new request id.
  expect(sent[1]!.requestId).not.toBe(sent[0]!.requestId);
});

it("sends the chosen time with this computer's time zone", async () => {
  await openUndo(7);
  const at = inAnHour();
  setUndoRolloutChoice({ when: 'at', sendAt: at });
  await confirmUndo();
  expect(sent[0]!.rollout).toEqual({
    firstLineFirst: false,
    schedule: {
      sendAt: new Date(at).toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
  });
  // A retry of the same choice is the same request.
  await confirmUndo();
  expect(sent[1]!.requestId).toBe(sent[0]!.requestId);
});

it('sends nothing for a time that has passed, and says where to look', async () => {
  await openUndo(7);
  setUndoRolloutChoice({ when: 'at', sendAt: localInputValue(Date.now() - 3_600_000) });
  await confirmUndo();
  expect(sent).toEqual([]);
  expect(useImportUndo.getState().problem).toMatch(/check the time/);
  setUndoRolloutChoice({ sendAt: inAnHour() });
  expect(useImportUndo.getState().problem).toBeNull();
});
