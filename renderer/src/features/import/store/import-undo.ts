// "Undo this import": main's plan for it (what goes back, what cannot, what changed since),
// the changed-since lines the user ticks, how to send it (one line first, a chosen time: the
// choice Import offers), and the undo itself, which is then followed like an import (its
// progress, then its summary and CSV).
import { create } from 'zustand';
import type { AppError } from '../../../../../shared/errors.schema.ts';
import type { ImportProgress } from '../../../../../shared/import.schema.ts';
import type { UndoPlan } from '../../../../../shared/undo.schema.ts';
import { call } from '../../../api.ts';
import { rolloutFromChoice, SEND_NOW, type RolloutChoice } from '../../../lib/rollout-choice.ts';
import { localTimeZone } from '../../../lib/rollout-text.ts';
import { goToStep } from './import-flow.ts';
import { followImport } from './import-run.ts';

interface ImportUndoState {
  /** The import the dialog is about; null while it is closed. */
  importId: number | null;
  plan: UndoPlan | null;
  error: AppError | null;
  /** Lines changed since the import that the user chose to put back too. */
  include: ReadonlySet<number>;
  /** How to send it; back to "now" each time the dialog opens. */
  rollout: RolloutChoice;
  /** Why Undo did nothing (the chosen time); the time field says what is wrong. */
  problem: string | null;
  starting: boolean;
  /** One id per confirmed undo: a second click (or a retry after an error) is the same undo. */
  requestId: string | null;
  /** A fresh plan is being asked for; `replanAgain`: the outbox moved on meanwhile. */
  replanning: boolean;
  replanAgain: boolean;
}

const CLOSED: ImportUndoState = {
  importId: null,
  plan: null,
  error: null,
  include: new Set(),
  rollout: SEND_NOW,
  problem: null,
  starting: false,
  requestId: null,
  replanning: false,
  replanAgain: false,
};

export const useImportUndo = create<ImportUndoState>()(() => CLOSED);
const set = useImportUndo.setState;
const get = useImportUndo.getState;

export async function openUndo(importId: number): Promise<void> {
  set({ ...CLOSED, importId });
  const result = await call((api) => api.planUndoImport({ importId }));
  if (get().importId !== importId) return; // closed meanwhile
  set(result.ok ? { plan: result.value } : { error: result.error });
}

/**
 * Asks main again while the dialog is open, as the outbox moves on (events.ts calls it on every
 * outboxChanged): rows being sent when it opened (which kept Undo disabled) finish, and the
 * counts follow. At most one question at a time; changes meanwhile ask once more after it.
 */
export async function refreshUndoPlan(): Promise<void> {
  const { importId, starting, replanning } = get();
  if (importId === null || starting) return;
  if (replanning) {
    set({ replanAgain: true });
    return;
  }
  set({ replanning: true, replanAgain: false });
  const result = await call((api) => api.planUndoImport({ importId }));
  if (get().importId !== importId) return; // closed (or another import's) meanwhile
  set({ replanning: false, ...(result.ok ? { plan: result.value } : {}) });
  if (get().replanAgain) await refreshUndoPlan();
}

export function closeUndo(): void {
  if (!get().starting) set(CLOSED);
}

export function toggleInclude(line: number): void {
  const include = new Set(get().include);
  if (include.has(line)) include.delete(line);
  else include.add(line);
  set({ include, requestId: null });
}

/** A changed choice is another undo: a new request id. */
export function setUndoRolloutChoice(change: Partial<RolloutChoice>): void {
  set({ rollout: { ...get().rollout, ...change }, requestId: null, problem: null });
}

function follow(progress: ImportProgress): void {
  set(CLOSED);
  followImport(progress);
  goToStep(progress.finishedAt === null ? 'progress' : 'summary');
}

export async function confirmUndo(): Promise<void> {
  const { importId, include, starting, rollout: choice } = get();
  if (importId === null || starting) return;
  const rollout = rolloutFromChoice(choice, Date.now(), localTimeZone());
  if (!rollout.ok) {
    // The reason is already under the time field; here, only where to look.
    set({ problem: 'Nothing was sent: check the time under "How to send the undo" above.' });
    return;
  }
  const requestId = get().requestId ?? crypto.randomUUID();
  set({ starting: true, requestId, error: null, problem: null });
  const result = await call((api) =>
    api.undoImport({
      requestId,
      importId,
      include: [...include].sort((a, b) => a - b),
      ...(rollout.rollout ? { rollout: rollout.rollout } : {}),
    }),
  );
  set({ starting: false });
  if (result.ok) follow(result.value);
  else set({ error: result.error });
}

/** The import was undone already: its undo's summary. */
export function showUndo(progress: ImportProgress): void {
  follow(progress);
}
