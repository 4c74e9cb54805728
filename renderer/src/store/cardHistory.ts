// The History screen's state: the query and filter, the rows around what is on screen
// (fetched a page at a time from main, never all 100,000), the selected card with its
// timeline, and the sync and export in progress.
import { create } from 'zustand';
import type {
  CardFilter,
  CardHistory,
  CardRow,
  ExportResult,
  SyncStatus,
} from '../../../shared/card-history.ts';
import type { AppError } from '../../../shared/errors.ts';
import { call } from '../api.ts';
import { createPageCache } from '../lib/paged-rows.ts';

const PAGE_SIZE = 100;

/**
 * What the History screen lists: the history's cards by state, or the account's lines that
 * have no card yet ('no-card', from the line cache: the fleet's to-do).
 */
export type HistoryFilter = CardFilter | 'no-card';

/** The card filter to ask main for; the lines without a card are not the history's rows. */
function cardFilterOf(filter: HistoryFilter): CardFilter {
  return filter === 'no-card' ? 'all' : filter;
}

export type Detail =
  | { status: 'none' }
  | { status: 'loading'; phoneNumber: string }
  | { status: 'loaded'; history: CardHistory }
  | { status: 'failed'; phoneNumber: string; error: AppError };

interface CardHistoryState {
  query: string;
  filter: HistoryFilter;
  /** Matching rows in all; null until the first page of this query has arrived. */
  total: number | null;
  /** Bumped whenever rows arrive, so the list re-renders. */
  version: number;
  listError: AppError | null;
  /** The selected card, by number: rows move as cards change, the selection stays. */
  selectedPhoneNumber: string | null;
  detail: Detail;
  sync: SyncStatus | null;
  exporting: boolean;
  exported: ExportResult | null;
  /** The last export listed every version of each card (an audit), not each card. */
  exportedVersions: boolean;
  exportError: AppError | null;
}

export const useCardHistory = create<CardHistoryState>()(() => ({
  query: '',
  filter: 'all',
  total: null,
  version: 0,
  listError: null,
  selectedPhoneNumber: null,
  detail: { status: 'none' },
  sync: null,
  exporting: false,
  exported: null,
  exportedVersions: false,
  exportError: null,
}));

const set = useCardHistory.setState;
const get = useCardHistory.getState;

export const cardPages = createPageCache<CardRow>({
  pageSize: PAGE_SIZE,
  async fetchPage(offset, limit) {
    const { query, filter } = get();
    const status = cardFilterOf(filter);
    const result = await call((api) => api.listCards({ query, status, offset, limit }));
    if (!result.ok) throw result.error;
    // Only the current query's answers reach here (older ones are dropped by the cache).
    if (get().query === query && get().filter === filter) set({ total: result.value.total });
    return result.value.rows;
  },
  onChange: () => set((state) => ({ version: state.version + 1, listError: null })),
  onError: (error) => set({ listError: error as AppError }),
});

let searchTimer: number | undefined;
/** The query and filter the list shows, so that a late debounced search changes nothing. */
let applied = { query: '', filter: 'all' as HistoryFilter };

/** A new search: the list starts again from the top (typing is debounced a little). */
export function setQuery(query: string): void {
  set({ query });
  window.clearTimeout(searchTimer);
  searchTimer = window.setTimeout(restart, 120);
}

export function setFilter(filter: HistoryFilter): void {
  set({ filter });
  window.clearTimeout(searchTimer);
  restart();
}

/** Empties the search at once (no debounce): the list shows every card of the filter again. */
export function clearSearch(): void {
  set({ query: '' });
  window.clearTimeout(searchTimer);
  restart();
}

function restart(): void {
  const { query, filter } = get();
  if (query === applied.query && filter === applied.filter) return;
  applied = { query, filter };
  set({ total: null, selectedPhoneNumber: null, detail: { status: 'none' } });
  cardPages.reset();
  cardPages.ensure(0, PAGE_SIZE - 1);
}

/** Opening the screen: the first page, fresh. */
export function openHistory(): void {
  cardPages.refresh();
  cardPages.ensure(0, PAGE_SIZE - 1);
}

/** Main says rows changed: re-read what is on screen, and the open card. */
export function cardsChanged(): void {
  cardPages.refresh();
  const detail = get().detail;
  if (detail.status === 'loaded') void loadDetail(detail.history.card.phoneNumber, false);
}

export function select(index: number): void {
  const row = cardPages.get(index);
  if (!row) return; // still loading: nothing to select yet
  lastSelectedIndex = index;
  set({ selectedPhoneNumber: row.phoneNumber });
  void loadDetail(row.phoneNumber, true);
}

/**
 * Where the selected card is in the list now: rows move to the top when they change, so it
 * is looked up by number, near where it was (only loaded rows can be looked at).
 */
let lastSelectedIndex: number | null = null;

export function selectedIndex(total: number): number | null {
  const wanted = get().selectedPhoneNumber;
  const previous = lastSelectedIndex;
  lastSelectedIndex = null;
  if (wanted === null) return null;
  if (previous !== null && cardPages.get(previous)?.phoneNumber === wanted) {
    lastSelectedIndex = previous;
    return previous;
  }
  const from = Math.max(0, (previous ?? 0) - 300);
  const to = Math.min(total - 1, (previous ?? 0) + 300);
  for (let index = from; index <= to; index++) {
    if (cardPages.get(index)?.phoneNumber === wanted) {
      lastSelectedIndex = index;
      return index;
    }
  }
  return null;
}

async function loadDetail(phoneNumber: string, showLoading: boolean): Promise<void> {
  if (showLoading) set({ detail: { status: 'loading', phoneNumber } });
  const result = await call((api) => api.getCardHistory({ phoneNumber }));
  const current = get().detail;
  const stillWanted =
    (current.status === 'loading' && current.phoneNumber === phoneNumber) ||
    (current.status === 'loaded' && current.history.card.phoneNumber === phoneNumber) ||
    (current.status === 'failed' && current.phoneNumber === phoneNumber);
  if (!stillWanted) return;
  if (!result.ok) set({ detail: { status: 'failed', phoneNumber, error: result.error } });
  else if (result.value) set({ detail: { status: 'loaded', history: result.value } });
  else set({ detail: { status: 'none' } });
}

export function applySync(sync: SyncStatus): void {
  set({ sync });
}

export async function syncNow(): Promise<void> {
  if (get().sync?.running) return;
  const result = await call((api) => api.syncCards());
  if (result.ok) set({ sync: result.value });
}

/** `every`: every version of each card, for an audit; else each card as it is now. */
export async function exportList(versions: 'current' | 'every' = 'current'): Promise<void> {
  if (get().exporting) return;
  const { query, filter } = get();
  set({ exporting: true, exported: null, exportError: null });
  const status = cardFilterOf(filter);
  const result = await call((api) => api.exportCards({ query, status, versions }));
  set(
    result.ok
      ? { exporting: false, exported: result.value, exportedVersions: versions === 'every' }
      : { exporting: false, exportError: result.error },
  );
}

export function dismissExport(): void {
  set({ exported: null, exportError: null });
}
