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
} from '../../../shared/card-history.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
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
  /**
   * Where the selected card is in the list as loaded now, or null when it is not among the
   * loaded rows near where it was; found again whenever rows arrive (see `locate`).
   */
  selectedIndex: number | null;
  /** The query and filter the list shows, so that a late debounced search changes nothing. */
  applied: { query: string; filter: HistoryFilter };
  /** The timer of a typed search not run yet (typing is debounced); no view reads it. */
  searchTimer: number | undefined;
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
  selectedIndex: null,
  applied: { query: '', filter: 'all' },
  searchTimer: undefined,
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
  onChange: () =>
    set((state) => ({
      version: state.version + 1,
      listError: null,
      selectedIndex: locate(state.selectedPhoneNumber, state.selectedIndex, state.total ?? 0),
    })),
  onError: (error) => set({ listError: error as AppError }),
});

/** Runs `search` after a short pause in typing, or at once (`delayMs` 0); replaces one pending. */
function scheduleSearch(delayMs: number): void {
  window.clearTimeout(get().searchTimer);
  if (delayMs === 0) {
    set({ searchTimer: undefined });
    restart();
  } else {
    set({ searchTimer: window.setTimeout(restart, delayMs) });
  }
}

/** A new search: the list starts again from the top (typing is debounced a little). */
export function setQuery(query: string): void {
  set({ query });
  scheduleSearch(120);
}

export function setFilter(filter: HistoryFilter): void {
  set({ filter });
  scheduleSearch(0);
}

/** Empties the search at once (no debounce): the list shows every card of the filter again. */
export function clearSearch(): void {
  set({ query: '' });
  scheduleSearch(0);
}

function restart(): void {
  const { query, filter, applied } = get();
  if (query === applied.query && filter === applied.filter) return;
  set({
    applied: { query, filter },
    total: null,
    selectedPhoneNumber: null,
    selectedIndex: null,
    detail: { status: 'none' },
  });
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
  set({ selectedPhoneNumber: row.phoneNumber, selectedIndex: index });
  void loadDetail(row.phoneNumber, true);
}

/** How far either side of where the selected card was it is looked for when rows move. */
const LOCATE_SPAN = 300;

/**
 * Where the card `wanted` is in the list now: rows move to the top when they change, so it is
 * looked up by number, near where it was (only loaded rows can be looked at).
 */
function locate(wanted: string | null, previous: number | null, total: number): number | null {
  if (wanted === null) return null;
  if (previous !== null && cardPages.get(previous)?.phoneNumber === wanted) return previous;
  const from = Math.max(0, (previous ?? 0) - LOCATE_SPAN);
  const to = Math.min(total - 1, (previous ?? 0) + LOCATE_SPAN);
  for (let index = from; index <= to; index++) {
    if (cardPages.get(index)?.phoneNumber === wanted) return index;
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
