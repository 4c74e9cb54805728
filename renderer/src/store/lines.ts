// The account's own phone lines, for the card form's line picker. Main keeps them cached in
// SQLite (so the picker works offline) and pushes every change as linesChanged; this store
// mirrors the last list, and knows whether a refresh this window asked for is on its way.
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { Line, LineList } from '../../../shared/lines.schema.ts';
import { call } from '../api.ts';

interface LinesState {
  /** null until the cached list has been read once. */
  list: LineList | null;
  /** The cached list could not even be read (not the same as a failed refresh from Linq). */
  loadError: AppError | null;
  /** A refresh the user asked for is waiting for its answer. */
  refreshing: boolean;
  /** That refresh could not even be asked (main usually reports failures in the list itself). */
  refreshError: AppError | null;
}

export const useLines = create<LinesState>()(() => ({
  list: null,
  loadError: null,
  refreshing: false,
  refreshError: null,
}));

const set = useLines.setState;
const get = useLines.getState;
let loading: Promise<void> | null = null;

/** Main's list is the truth: its `error` says why its last refresh failed, if it did. */
export function applyLines(list: LineList): void {
  set({ list, loadError: null, refreshError: null });
}

/** Reads the cached list once (the picker calls it when it first shows); events do the rest. */
export function loadLines(): Promise<void> {
  if (get().list) return Promise.resolve();
  loading ??= call((api) => api.listLines()).then((result) => {
    loading = null;
    // An event may have brought a list meanwhile: it is at least as new as this answer.
    if (result.ok) {
      if (!get().list) applyLines(result.value);
    } else set({ loadError: result.error });
  });
  return loading;
}

/** Reads the lines from Linq now. On failure main keeps the cache and says why in the list. */
export async function refreshLines(): Promise<void> {
  if (get().refreshing) return;
  set({ refreshing: true, refreshError: null });
  const result = await call((api) => api.refreshLines());
  if (result.ok) applyLines(result.value);
  set(result.ok ? { refreshing: false } : { refreshing: false, refreshError: result.error });
}

/** The account's lines by E.164 number. */
export function lineByNumber(list: LineList | null, e164: string): Line | undefined {
  return list?.lines.find((line) => line.phoneNumber === e164);
}

/** True for a valid number that is not one of the account's lines, when the lines are known. */
export function isForeignNumber(list: LineList | null, e164: string): boolean {
  return list !== null && list.lines.length > 0 && !lineByNumber(list, e164);
}
