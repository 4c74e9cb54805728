// An import once sent: its counts as main pushes them (importChanged, also while the user is
// on another screen), the samples behind the time-left estimate, and the summary's rows,
// fetched a page at a time by outcome, with the CSV export.
import { create } from 'zustand';
import type { ExportResult } from '../../../../../shared/card-history.schema.ts';
import type { AppError } from '../../../../../shared/errors.schema.ts';
import type { ImportRowOutcome } from '../../../../../shared/import.rules.ts';
import type { ImportProgress, ImportRowResult } from '../../../../../shared/import.schema.ts';
import { call } from '../../../api.ts';
import { addSample, type ItemRange, type ProgressSample } from '../progress/import-estimate.ts';
import { createPageCache } from '../../../lib/paged-rows.ts';

const PAGE_SIZE = 200;
/** Where the last import's id is kept, so a reload of the window finds it again. */
const LAST_IMPORT_KEY = 'linq:last-import';

export type OutcomeFilter = 'all' | ImportRowOutcome;

interface ImportRunState {
  progress: ImportProgress | null;
  samples: ProgressSample[];
  /** The import's outbox items (one transaction: consecutive ids); null until known. */
  items: ItemRange | null;
  outcome: OutcomeFilter;
  /** Rows of the summary with this outcome; null until the first page arrived. */
  total: number | null;
  version: number;
  rowsError: AppError | null;
  selected: number | null;
  exporting: boolean;
  exported: ExportResult | null;
  exportError: AppError | null;
}

export const useImportRun = create<ImportRunState>()(() => ({
  progress: null,
  samples: [],
  items: null,
  outcome: 'all',
  total: null,
  version: 0,
  rowsError: null,
  selected: null,
  exporting: false,
  exported: null,
  exportError: null,
}));

const set = useImportRun.setState;
const get = useImportRun.getState;

/** Rows the outbox is done with for now: sent, refused, cancelled, or waiting for the user. */
export function doneCount(progress: ImportProgress): number {
  return progress.total - progress.counts.pending;
}

/** What a reloaded window looks for: the import, or the request that is making it. */
type LastImport = { id: number } | { requestId: string };

function remember(last: LastImport): void {
  try {
    localStorage.setItem(LAST_IMPORT_KEY, JSON.stringify(last));
  } catch {
    // Storage refused (private mode, quota): only the reload recovery is lost.
  }
}

function recalled(): LastImport | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(LAST_IMPORT_KEY) ?? 'null');
    if (typeof value === 'number') return { id: value }; // as written before requests had ids
    if (value === null || typeof value !== 'object') return null;
    const { id, requestId } = value as { id?: unknown; requestId?: unknown };
    if (typeof id === 'number' && Number.isInteger(id) && id > 0) return { id };
    if (typeof requestId === 'string') return { requestId };
  } catch {
    // Unreadable or refused: nothing to resume.
  }
  return null;
}

/**
 * Called just before importCards is sent: should the window reload before main answers, the
 * import is found again by this id (main stores the rows even if nobody is left to hear it).
 */
export function rememberImportRequest(requestId: string): void {
  remember({ requestId });
}

/** Starts following an import main has just stored. */
export function followImport(progress: ImportProgress): void {
  remember({ id: progress.id });
  set({
    progress,
    samples: [{ at: Date.now(), done: doneCount(progress) }],
    items: null,
    outcome: 'all',
    total: null,
    selected: null,
    exported: null,
    exportError: null,
  });
  void findItemRange(progress);
}

/**
 * Which outbox items are the import's, so the progress can say which of them Linq's limits
 * hold back: the rows were enqueued in one transaction, so their ids run from the lowest on.
 */
async function findItemRange(progress: ImportProgress): Promise<void> {
  if (progress.total === 0) return;
  for (let offset = 0; offset < 2_000; offset += PAGE_SIZE) {
    const result = await call((api) =>
      api.listImportRows({ id: progress.id, outcome: 'all', offset, limit: PAGE_SIZE }),
    );
    if (!result.ok || get().progress?.id !== progress.id) return;
    const ids = result.value.rows.flatMap((row) => (row.outboxId === null ? [] : [row.outboxId]));
    if (ids.length > 0) {
      const from = Math.min(...ids);
      set({ items: { from, to: from + progress.total - 1 } });
      return;
    }
    if (result.value.rows.length < PAGE_SIZE) return;
  }
}

export function applyImportProgress(progress: ImportProgress): void {
  if (get().progress?.id !== progress.id) return;
  set((state) => ({
    progress,
    samples: addSample(state.samples, { at: Date.now(), done: doneCount(progress) }),
  }));
  if (get().total !== null) summaryPages.refresh();
}

/**
 * After a reload of the window: the last import, followed again (its progress, or its summary
 * once finished); resolves with which, or null when there is none.
 */
export async function resumeLastImport(): Promise<'sending' | 'finished' | null> {
  if (get().progress) return null;
  const last = recalled();
  if (!last) return null;
  const result = await call((api) => api.getImport(last));
  if (!result.ok || !result.value || get().progress) return null;
  followImport(result.value);
  return result.value.finishedAt === null ? 'sending' : 'finished';
}

export const summaryPages = createPageCache<ImportRowResult>({
  pageSize: PAGE_SIZE,
  async fetchPage(offset, limit) {
    const { progress, outcome } = get();
    if (!progress) return [];
    const result = await call((api) =>
      api.listImportRows({ id: progress.id, outcome, offset, limit }),
    );
    if (!result.ok) throw result.error;
    if (get().outcome === outcome) set({ total: result.value.total });
    return result.value.rows;
  },
  onChange: () => set((state) => ({ version: state.version + 1, rowsError: null })),
  onError: (error) => set({ rowsError: error as AppError }),
});

/** The summary is showing: its first rows, fresh. */
export function openSummary(): void {
  summaryPages.refresh();
  summaryPages.ensure(0, PAGE_SIZE - 1);
}

export function setOutcome(outcome: OutcomeFilter): void {
  set({ outcome, total: null, selected: null });
  summaryPages.reset();
  summaryPages.ensure(0, PAGE_SIZE - 1);
}

export function selectSummaryRow(index: number): void {
  set({ selected: index });
}

export async function exportSummary(): Promise<void> {
  const { exporting, progress } = get();
  if (exporting || !progress) return;
  set({ exporting: true, exported: null, exportError: null });
  const result = await call((api) => api.exportImportSummary({ id: progress.id }));
  set(
    result.ok
      ? { exporting: false, exported: result.value }
      : { exporting: false, exportError: result.error },
  );
}

export function dismissExport(): void {
  set({ exported: null, exportError: null });
}
