// Bulk import as main serves it: the ready rows go into the outbox in one transaction with the
// import's own records (all of them or none), and the import is then followed to its summary,
// which can be saved as CSV. Rows were parsed and checked in the renderer; the contract has
// checked them again with the form's own schemas before they get here.
import type { CardQuery, ExportResult } from '../../../shared/card-history.schema.ts';
import type { ImportRowOutcome } from '../../../shared/import.rules.ts';
import type {
  ImportProgress,
  ImportRequest,
  ImportRow,
  ImportRows,
  ImportRowsRequest,
  ImportSkippedRow,
  KnownCard,
} from '../../../shared/import.schema.ts';
import {
  importChanges,
  NOTHING_TO_UPDATE_NOTE,
  patchBase,
  type RowChanges,
} from '../../../shared/import-patch.ts';
import type { CardRecord } from '../card-history/card-record.ts';
import { toCsv, writeFileAtomically, type CsvCell } from '../export/csv.ts';
import { AppFailure } from '../failure.ts';
import type { Log } from '../log/logger.ts';
import type { CardSubmission, Outbox } from '../outbox/outbox.ts';
import type { PhotoStore } from '../photos/photo-store.ts';
import type { ImageProbe } from '../restore/restore-image.ts';
import type { RolloutService } from '../rollouts/rollouts.ts';
import type { Database } from '../store.ts';
import type {
  RestoreLinesPlan,
  RestoreLinesPlanRequest,
  RestoreLinesRequest,
} from '../../../shared/restore-lines.schema.ts';
import type { UndoImportRequest, UndoPlan } from '../../../shared/undo.schema.ts';
import { createRestoreLinesService } from '../restore/restore-lines.ts';
import { createImportLimits } from './import-limits.ts';
import { createImportProgress } from './import-progress.ts';
import { createImportStore } from './import-store.ts';
import { createRestoreJobs } from './restore-job.ts';
import { createImportUndo } from './undo.ts';

export interface ImportServiceOptions {
  db: Database;
  outbox: Outbox;
  /** Holds the import back (one line first, a schedule) when the request asks for it. */
  rollouts?: RolloutService;
  record: CardRecord;
  photos: PhotoStore;
  /** Whether an image address still serves an image: an undo sends a dead one no more. */
  probe: ImageProbe;
  /** The numbers the History list shows for a search and filter (a restore of lines). */
  linesOf: (query: CardQuery) => string[];
  /** Reads every card from Linq into the history (a restore of lines compares with them). */
  syncWithLinq?: () => Promise<unknown>;
  now: () => Date;
  chooseExportPath: (suggestedName: string) => Promise<string | null>;
  emit: (progress: ImportProgress) => void;
  reportBug: (error: unknown) => void;
  log: Log;
}

export interface ImportService {
  importCards(request: ImportRequest): Promise<ImportProgress>;
  get(id: number): ImportProgress | null;
  /** The import a request made, by the request's id. */
  byRequest(requestId: string): ImportProgress | null;
  rows(request: ImportRowsRequest): ImportRows;
  exportSummary(id: number): Promise<ExportResult>;
  lookupCards(phoneNumbers: readonly string[]): KnownCard[];
  /** What undoing the import would do (the confirmation's counts and changed-since rows). */
  planUndo(importId: number): Promise<UndoPlan>;
  /** Starts the undo of an import: an import-like job followed like any import. */
  undo(request: UndoImportRequest): Promise<ImportProgress>;
  /** What putting the History list's lines back to an earlier moment would do. */
  planRestoreLines(request: RestoreLinesPlanRequest): Promise<RestoreLinesPlan>;
  /** Puts the lines back: a job of restores followed like any import. */
  restoreLines(request: RestoreLinesRequest): Promise<ImportProgress>;
  /** The outbox changed: imports may have moved on. */
  outboxChanged(): void;
  close(): void;
}

const SUMMARY_HEADER = [
  'Line',
  'Phone number',
  'First name',
  'Last name',
  'Action',
  'Outcome',
  'Reason',
  'Trace id',
];

const OUTCOME_WORDS: Record<ImportRowOutcome, string> = {
  'set-up': 'Set up',
  updated: 'Updated',
  failed: 'Failed',
  cancelled: 'Cancelled',
  'needs-decision': 'Needs a decision',
  pending: 'Still sending',
  skipped: 'Skipped',
};

function toSubmission(row: ImportRow, changes: RowChanges | null): CardSubmission {
  if (row.action === 'setup') {
    return {
      action: 'setup',
      phoneNumber: row.phoneNumber,
      firstName: row.firstName,
      // An empty last name is no last name: a setup leaves it out, as the form does.
      ...(row.lastName ? { lastName: row.lastName } : {}),
      ...(row.imageUrl !== undefined ? { imageUrl: row.imageUrl } : {}),
      ...(row.photo !== undefined ? { photo: row.photo } : {}),
    };
  }
  // An update sends only what changes (importChanges flags every field of the row when the
  // card cannot be compared).
  return {
    action: 'update',
    phoneNumber: row.phoneNumber,
    ...(changes?.firstName ? { firstName: row.firstName } : {}),
    ...(changes?.lastName && row.lastName !== undefined ? { lastName: row.lastName } : {}),
    ...(changes?.image && row.photo !== undefined ? { photo: row.photo } : {}),
    ...(changes?.image && row.photo === undefined && row.imageUrl !== undefined
      ? { imageUrl: row.imageUrl }
      : {}),
  };
}

/** A file name for the summary from the imported file's own: "stores.csv" → "stores-summary-…". */
function summaryName(fileName: string, day: string): string {
  const stem = fileName
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '')
    .trim()
    .slice(0, 80);
  return `${stem || 'import'}-summary-${day}.csv`;
}

export function createImportService(options: ImportServiceOptions): ImportService {
  const store = createImportStore(options.db);
  const checkImportLimits = createImportLimits(options.db, options.now);
  const progress = createImportProgress({
    store,
    now: options.now,
    emit: options.emit,
    reportBug: options.reportBug,
  });

  /**
   * Every photo a row names must be in the photo store now, or nothing is enqueued; each one
   * found starts its grace period anew, so the store's collection cannot remove it before the
   * rows that name it are committed.
   */
  async function checkPhotos(rows: readonly ImportRow[]): Promise<void> {
    const lines = new Map<string, number>();
    for (const row of rows)
      if (row.photo && !lines.has(row.photo.sha256)) {
        lines.set(row.photo.sha256, row.line);
      }
    for (const [sha256, line] of lines) {
      if (await options.photos.keep(sha256)) continue;
      throw AppFailure.of('INVALID_INPUT', {
        message: `The photo of line ${line} is no longer on this computer. Check the images again, then import.`,
        detail: `Photo ${sha256.slice(0, 12)}… is missing from the photo store.`,
      });
    }
  }

  const jobs = createRestoreJobs({
    db: options.db,
    outbox: options.outbox,
    photos: options.photos,
    probe: options.probe,
    ...(options.rollouts ? { rollouts: options.rollouts } : {}),
    store,
    now: options.now,
    log: options.log,
    changed: () => progress.changed(),
  });
  const undo = createImportUndo({
    db: options.db,
    outbox: options.outbox,
    photos: options.photos,
    store,
    jobs,
    now: options.now,
  });
  const restoreLines = createRestoreLinesService({
    db: options.db,
    photos: options.photos,
    store,
    jobs,
    linesOf: options.linesOf,
    ...(options.syncWithLinq ? { syncWithLinq: options.syncWithLinq } : {}),
    markRestore: (outboxId, versionId) =>
      options.record.versions.markRestore(outboxId, versionId, null),
    now: options.now,
  });

  function existing(id: number): ImportProgress {
    const found = store.progress(id);
    if (!found) throw AppFailure.of('INVALID_INPUT', { detail: `No import ${id}.` });
    return found;
  }

  return {
    async importCards(request) {
      // The same request again (a retry after an error the renderer saw, a second click that
      // got through): the import it already made, never its rows a second time.
      const earlier = store.byRequest(request.requestId);
      if (earlier) return earlier;
      await checkPhotos(request.rows);
      const again = store.byRequest(request.requestId); // sent twice while photos were checked
      if (again) return again;
      // After the last await: two imports sent at once cannot both slip under a bound.
      checkImportLimits(request);
      // From here to the commit nothing awaits: the cards compared are the cards enqueued on.
      const cards = new Map(
        options.record
          .rows(request.rows.filter((row) => row.action === 'update').map((r) => r.phoneNumber))
          .map((card) => [card.phoneNumber, card]),
      );
      const rows: ImportRow[] = [];
      const submissions: CardSubmission[] = [];
      const unchanged: ImportSkippedRow[] = [];
      for (const row of request.rows) {
        const changes =
          row.action === 'update'
            ? importChanges(patchBase(cards.get(row.phoneNumber)), row)
            : null;
        if (row.action === 'update' && changes === null) {
          unchanged.push({
            line: row.line,
            phoneNumber: row.phoneNumber,
            firstName: row.firstName,
            lastName: row.lastName ?? '',
            reason: 'has-card',
            detail: `${NOTHING_TO_UPDATE_NOTE}.`,
          });
          continue;
        }
        rows.push(row);
        submissions.push(toSubmission(row, changes));
      }
      const at = options.now().toISOString();
      let id = 0;
      const enqueue = (gated: readonly CardSubmission[], rolloutId?: number) =>
        options.outbox.submitAll(gated, (records) => {
          id = store.insert(
            { ...request, rows, skipped: [...request.skipped, ...unchanged] },
            records.map((record) => record.id),
            at,
          );
          if (rolloutId !== undefined) options.rollouts?.attachImport(rolloutId, id);
        });
      if (request.rollout && options.rollouts && submissions.length > 0) {
        const label = request.fileName || 'Import';
        options.rollouts.create(request.rollout, label, submissions, enqueue);
      } else {
        enqueue(submissions);
      }
      options.log.info('Import enqueued', {
        importId: id,
        rows: rows.length,
        skipped: request.skipped.length + unchanged.length,
      });
      progress.changed();
      return existing(id);
    },

    get: (id) => store.progress(id),
    byRequest: (requestId) => store.byRequest(requestId),

    rows: (request) => {
      existing(request.id);
      return store.rows(request);
    },

    async exportSummary(id) {
      const found = existing(id);
      const day = options.now().toISOString().slice(0, 10);
      const path = await options.chooseExportPath(summaryName(found.fileName, day));
      if (!path) return null;
      // LIMIT -1 is SQLite's "no limit": one pass in file order, not pages re-scanned by OFFSET.
      const { rows } = store.rows({ id, outcome: 'all', offset: 0, limit: -1 });
      const lines: CsvCell[][] = rows.map((row) => [
        row.line,
        row.phoneNumber,
        row.firstName,
        row.lastName,
        row.action === null ? null : row.action === 'setup' ? 'Set up' : 'Update',
        OUTCOME_WORDS[row.outcome],
        row.reason,
        row.error?.traceId ?? null,
      ]);
      try {
        await writeFileAtomically(path, toCsv(SUMMARY_HEADER, lines));
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'unknown error';
        throw AppFailure.of('INTERNAL', {
          message: `The file could not be written (${code}). Choose another folder and try again.`,
          detail: code,
        });
      }
      return { path, rows: lines.length };
    },

    lookupCards(phoneNumbers) {
      return options.record.rows([...new Set(phoneNumbers)]).map((row) => ({
        phoneNumber: row.phoneNumber,
        firstName: row.firstName ?? row.pending?.firstName ?? null,
        lastName: row.lastName ?? row.pending?.lastName ?? null,
        status: row.status,
        isActive: row.isActive,
        imageUrl: row.imageUrl,
        photoSha256: row.photoSha256,
      }));
    },

    planUndo: (importId) => undo.plan(importId),
    undo: (request) => undo.start(request),
    planRestoreLines: (request) => restoreLines.plan(request),
    restoreLines: (request) => restoreLines.start(request),

    outboxChanged: () => progress.changed(),
    close: () => progress.close(),
  };
}
