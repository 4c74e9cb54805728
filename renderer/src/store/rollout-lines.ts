// The lines of rollouts whose "Show the N lines" the user opened in the Outbox: each read a
// page at a time (an import may hold thousands), kept on screen while they are read again
// after the outbox changed, and dropped when closed. Held items are in no other list.
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { OutboxItem } from '../../../shared/outbox.schema.ts';
import type { RolloutSummary } from '../../../shared/rollout.schema.ts';
import { call } from '../api.ts';
import { createPageCache, type PageCache } from '../lib/paged-rows.ts';

const PAGE_SIZE = 100;

export interface RolloutLines {
  /** How many lines the rollout has; null until the first page arrived. */
  total: number | null;
  /** Bumped as pages arrive, so the list re-renders. */
  version: number;
  error: AppError | null;
  selected: number | null;
}

interface RolloutLinesState {
  /** The rollouts whose lines are open, by id. */
  open: Record<number, RolloutLines>;
  /**
   * Rollouts whose lines were opened in this window: one released or cancelled meanwhile stays
   * listed (while the snapshot still carries it), so its lines can be seen to finish and the
   * button the user is on does not vanish under them.
   */
  opened: number[];
}

export const useRolloutLines = create<RolloutLinesState>()(() => ({ open: {}, opened: [] }));
const set = useRolloutLines.setState;

const caches = new Map<number, PageCache<OutboxItem>>();

function patch(id: number, change: Partial<RolloutLines>): void {
  set((state) => {
    const lines = state.open[id];
    return lines ? { open: { ...state.open, [id]: { ...lines, ...change } } } : {};
  });
}

function cacheFor(id: number): PageCache<OutboxItem> {
  const cache = createPageCache<OutboxItem>({
    pageSize: PAGE_SIZE,
    async fetchPage(offset, limit) {
      const result = await call((api) => api.listRolloutItems({ id, offset, limit }));
      if (!result.ok) throw result.error;
      // Closed (and perhaps opened again, with a new cache) while this page was on its way:
      // its total belongs to a list no longer shown. (The cache drops its own late pages.)
      if (caches.get(id) !== cache) return result.value.items;
      patch(id, { total: result.value.total, error: null });
      return result.value.items;
    },
    // Also called (just before onError) when a page failed: the error stays until one is read.
    onChange: () => {
      const lines = useRolloutLines.getState().open[id];
      if (lines) patch(id, { version: lines.version + 1 });
    },
    onError: (error) => patch(id, { error: error as AppError }),
  });
  caches.set(id, cache);
  return cache;
}

/** Opens or closes a rollout's lines (its disclosure button). */
export function toggleLines(id: number): void {
  if (useRolloutLines.getState().open[id]) {
    caches.delete(id);
    set((state) => {
      const { [id]: _closed, ...open } = state.open;
      return { open };
    });
    return;
  }
  set((state) => ({
    open: { ...state.open, [id]: { total: null, version: 0, error: null, selected: null } },
    opened: state.opened.includes(id) ? state.opened : [...state.opened, id],
  }));
  cacheFor(id).ensure(0, PAGE_SIZE - 1);
}

/** The line at `index` of an open rollout, or undefined while its page is on its way. */
export function lineAt(id: number, index: number): OutboxItem | undefined {
  return caches.get(id)?.get(index);
}

/** The list shows rows first..last: their pages are read if they are not there yet. */
export function showLines(id: number, first: number, last: number): void {
  caches.get(id)?.ensure(first, last);
}

/** The outbox changed under an open list: the rows on screen are read again, kept meanwhile. */
export function refreshLines(id: number): void {
  caches.get(id)?.refresh();
}

export function selectLine(id: number, index: number): void {
  patch(id, { selected: index });
}

/**
 * What, in the outbox snapshot, moves when a rollout's lines change: its counts and state,
 * and its released items that the snapshot carries (a line going from waiting to sending
 * changes no count). The open list is read again when this changes.
 */
export function rolloutLinesKey(rollout: RolloutSummary, items: readonly OutboxItem[]): string {
  const own = items
    .filter((item) => item.rolloutId === rollout.id)
    .map((item) => `${item.id}:${item.state}:${item.updatedAt}`);
  return [
    rollout.state,
    rollout.heldCount,
    rollout.openCount,
    rollout.doneCount,
    rollout.cancelledCount,
    rollout.pilot?.outcome ?? '',
    ...own,
  ].join('|');
}
