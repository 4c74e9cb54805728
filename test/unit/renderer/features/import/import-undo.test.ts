// The undo dialog's plan follows the outbox while the dialog is open (store/import-undo.ts):
// rows being sent when it opened finish, and the refreshed plan enables Undo; questions do not
// pile up, and a closed dialog asks nothing.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Result } from '../../../../../shared/contract.ts';
import type { UndoPlan } from '../../../../../shared/undo.schema.ts';
import {
  closeUndo,
  openUndo,
  refreshUndoPlan,
  useImportUndo,
} from '../../../../../renderer/src/features/import/store/import-undo.ts';
import { deferred, installFakeWindow } from '../../../../support/fake-window.ts';

const plan = (blocking: number) =>
  ({ importId: 7, counts: { restore: 3, blocking }, changedSince: [] }) as unknown as UndoPlan;

let answers: ReturnType<typeof deferred<Result<UndoPlan>>>[];

beforeEach(() => {
  useImportUndo.setState(useImportUndo.getInitialState(), true);
  answers = [];
  installFakeWindow({
    planUndoImport: () => {
      const answer = deferred<Result<UndoPlan>>();
      answers.push(answer);
      return answer.promise;
    },
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

it('takes the fresh plan: a row that was being sent has finished', async () => {
  const opening = openUndo(7);
  answers[0]!.resolve({ ok: true, value: plan(1) });
  await opening;
  expect(useImportUndo.getState().plan?.counts.blocking).toBe(1);

  const refreshing = refreshUndoPlan();
  answers[1]!.resolve({ ok: true, value: plan(0) });
  await refreshing;
  expect(useImportUndo.getState().plan?.counts.blocking).toBe(0);
});

it('asks once at a time, and once more for changes meanwhile', async () => {
  const opening = openUndo(7);
  answers[0]!.resolve({ ok: true, value: plan(2) });
  await opening;
  const first = refreshUndoPlan();
  void refreshUndoPlan();
  void refreshUndoPlan();
  expect(answers).toHaveLength(2);
  answers[1]!.resolve({ ok: true, value: plan(1) });
  await vi.waitFor(() => expect(answers).toHaveLength(3));
  answers[2]!.resolve({ ok: true, value: plan(0) });
  await first;
  expect(answers).toHaveLength(3);
  expect(useImportUndo.getState().plan?.counts.blocking).toBe(0);
});

it('asks nothing once the dialog is closed', async () => {
  const opening = openUndo(7);
  answers[0]!.resolve({ ok: true, value: plan(1) });
  await opening;
  closeUndo();
  await refreshUndoPlan();
  expect(answers).toHaveLength(1);
  expect(useImportUndo.getState().plan).toBeNull();
});
