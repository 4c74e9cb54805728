// The user's actions on rollouts in the Outbox (Send the rest, Send now, Cancel), and telling
// main that the window has shown a late schedule's notice (it is never sent before that).
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { RolloutDecision } from '../../../shared/rollout.schema.ts';
import { call } from '../api.ts';

interface RolloutUiState {
  /** Rollouts with a decision under way, so their buttons do not repeat it. */
  busy: Record<number, RolloutDecision['action']>;
  error: { id: number; error: AppError } | null;
}

export const useRolloutUi = create<RolloutUiState>()(() => ({ busy: {}, error: null }));
const set = useRolloutUi.setState;

export async function decideRollout(id: number, action: RolloutDecision['action']): Promise<void> {
  if (useRolloutUi.getState().busy[id]) return;
  set((state) => ({ busy: { ...state.busy, [id]: action }, error: null }));
  const result = await call((api) => api.decideRollout({ id, action }));
  set((state) => {
    const { [id]: _done, ...busy } = state.busy;
    return { busy, error: result.ok ? null : { id, error: result.error } };
  });
}

export function dismissRolloutError(): void {
  set({ error: null });
}

/** Asked once per rollout and window: main records the first. */
const told = new Set<number>();

export function noticeShown(id: number): void {
  if (told.has(id)) return;
  told.add(id);
  void call((api) => api.rolloutNoticeShown({ id })).then((result) => {
    if (!result.ok) told.delete(id); // asked again at the next render
  });
}
