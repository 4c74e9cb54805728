// The outbox's view state and the user's actions on items (retry, cancel, decide). The items
// themselves are main's: they arrive in mainState through outboxChanged events.
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors.schema.ts';
import type {
  OutboxDecisionInput,
  OutboxItem,
  PhotoUploadProgress,
} from '../../../shared/outbox.schema.ts';
import type { Result } from '../../../shared/contract.ts';
import { call } from '../api.ts';
import { useMainState } from './main-state.ts';

interface OutboxUiState {
  /** The item whose decision dialog is open. */
  decisionFor: number | null;
  /** The item the user asked to cancel, waiting for confirmation. */
  confirmCancel: number | null;
  /** Items with an action under way, so their buttons say so and do not repeat it. */
  busy: Record<number, 'retry' | 'cancel' | 'decide'>;
  /** The last action that failed, with the item it was for. */
  error: { id: number; error: AppError } | null;
  checking: boolean;
  /** Photo uploads under way, by item. */
  uploads: Record<number, PhotoUploadProgress>;
  /**
   * Decisions the user put off from the notice ("Later"): the notice leaves them to the Outbox
   * and its badge, and shows again only for decisions that arrive after.
   */
  postponed: readonly number[];
}

export const useOutboxUi = create<OutboxUiState>()(() => ({
  decisionFor: null,
  confirmCancel: null,
  busy: {},
  error: null,
  checking: false,
  uploads: {},
  postponed: [],
}));

const set = useOutboxUi.setState;

export function findItem(id: number | null): OutboxItem | null {
  if (id === null) return null;
  return useMainState.getState().outbox?.items.find((item) => item.id === id) ?? null;
}

async function act(
  id: number,
  kind: OutboxUiState['busy'][number],
  request: () => Promise<Result<OutboxItem>>,
): Promise<boolean> {
  if (useOutboxUi.getState().busy[id]) return false;
  set((state) => ({ busy: { ...state.busy, [id]: kind }, error: null }));
  const result = await request();
  set((state) => {
    const { [id]: _done, ...busy } = state.busy;
    return { busy, error: result.ok ? null : { id, error: result.error } };
  });
  return result.ok;
}

export function retryItem(id: number): Promise<boolean> {
  return act(id, 'retry', () => call((api) => api.retryOutboxItem({ id })));
}

export function askToCancel(id: number): void {
  set({ confirmCancel: id });
}

export function closeCancel(): void {
  set({ confirmCancel: null });
}

export async function cancelItem(id: number): Promise<void> {
  const ok = await act(id, 'cancel', () => call((api) => api.cancelOutboxItem({ id })));
  if (ok) set({ confirmCancel: null });
}

/**
 * Opens the decision dialog. Only ever called from the user's own click: a decision that
 * arrives while the user does something else is a notice, never a dialog taking their typing.
 */
export function openDecision(id: number): void {
  set({ decisionFor: id });
}

export function closeDecision(): void {
  set({ decisionFor: null });
}

/** The notice's "Later": these decisions wait in the Outbox without the notice. */
export function postponeDecisions(ids: readonly number[]): void {
  set((state) => ({ postponed: [...new Set([...state.postponed, ...ids])] }));
}

export async function decide(id: number, decision: OutboxDecisionInput['decision']): Promise<void> {
  const ok = await act(id, 'decide', () => call((api) => api.decideOutboxItem({ id, decision })));
  if (ok) set({ decisionFor: null });
}

export function dismissOutboxError(): void {
  set({ error: null });
}

/** The status bar's "Try now": probe Linq at once instead of waiting for the next check. */
export async function checkConnection(): Promise<void> {
  if (useOutboxUi.getState().checking) return;
  set({ checking: true });
  await call((api) => api.checkConnection());
  set({ checking: false });
}

export function applyUploadProgress(progress: PhotoUploadProgress): void {
  set((state) => {
    const { [progress.itemId]: _previous, ...others } = state.uploads;
    const done = progress.sentBytes >= progress.totalBytes;
    return { uploads: done ? others : { ...others, [progress.itemId]: progress } };
  });
}
