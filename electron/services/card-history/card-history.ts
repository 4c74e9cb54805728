// The history of set-up cards as main serves it: the list (searched and filtered in memory,
// rows read from SQLite), one number's timeline, the sync with Linq (on start-up and
// reconnect when Linq can be reached, and on demand) and the CSV export. A sync Linq
// rate-limits (or the app's rate gate refuses) tries again by itself once Linq's wait has
// passed, never sooner.
import { MAX_CARD_VERSIONS } from '../../../shared/card-history.rules.ts';
import type {
  CardExportRequest,
  CardHistory,
  CardList,
  CardListRequest,
  CardQuery,
  ExportResult,
  SyncStatus,
} from '../../../shared/card-history.schema.ts';
import { AppFailure } from '../failure.ts';
import { toCsv, writeFileAtomically, type CsvCell } from '../export/csv.ts';
import type { LinqClient, LinqConnection } from '../linq-client.ts';
import { appErrorFields } from '../log/app-error-fields.ts';
import type { Log } from '../log/logger.ts';
import { createRetryLater } from '../net/retry-later.ts';
import { inTransaction, type Database } from '../store.ts';
import { createCardIndex } from './card-index.ts';
import type { CardRecord } from './card-record.ts';
import { VERSIONS_EXPORT_HEADER, versionRows } from './versions-export.ts';

export interface CardHistoryOptions {
  db: Database;
  record: CardRecord;
  linq: LinqClient;
  connection: () => Promise<LinqConnection>;
  now: () => Date;
  /** Asks where to save an export (a save dialog); null when the user cancelled. */
  chooseExportPath: (suggestedName: string) => Promise<string | null>;
  /** The list changed (coalesced by the caller), or the sync's status did. */
  listChanged: () => void;
  syncChanged: (status: SyncStatus) => void;
  /** Each sync's outcome is written here (counts, or the error with Linq's trace id). */
  log: Log;
  /** Runs a sync the service starts itself (after a rate limit): the host waits for it. */
  track: (work: Promise<unknown>) => void;
}

export interface CardHistoryService {
  list(request: CardListRequest): CardList;
  /** Every number the list shows for a search and filter, in the list's order. */
  lines(query: CardQuery): string[];
  history(phoneNumber: string): CardHistory | null;
  sync(): Promise<SyncStatus>;
  syncStatus(): SyncStatus;
  exportCsv(request: CardExportRequest): Promise<ExportResult>;
  /** Closing: no new sync, and no sync waiting for a rate limit to pass. */
  close(): void;
}

const EXPORT_HEADER = [
  'Phone number',
  'First name',
  'Last name',
  'Status',
  'Active on the device',
  'Image URL',
  'Pending first name',
  'Pending last name',
  'Last confirmed by',
  'Last confirmed at',
  'Origin',
  'Last change',
];

export function createCardHistoryService(options: CardHistoryOptions): CardHistoryService {
  const { record } = options;
  const index = createCardIndex(record.indexEntries());
  record.onRowChanged((entry) => {
    index.update(entry);
    options.listChanged();
  });
  let status: SyncStatus = { running: false, lastSyncedAt: null, lastResult: null, error: null };
  let running: Promise<SyncStatus> | null = null;
  let closed = false;
  const retryLater = createRetryLater();

  function setStatus(next: SyncStatus): SyncStatus {
    status = next;
    options.syncChanged(status);
    return status;
  }

  async function runSync(): Promise<SyncStatus> {
    setStatus({ ...status, running: true, error: null });
    const fetchedSince = options.now().toISOString();
    try {
      const cards = await options.linq.listCards(await options.connection());
      const result = inTransaction(options.db, () => record.mergeFromLinq(cards, fetchedSince));
      retryLater.cancel();
      options.log.info('History synced with Linq', { ...result });
      return setStatus({
        running: false,
        lastSyncedAt: options.now().toISOString(),
        lastResult: result,
        error: null,
      });
    } catch (error) {
      if (error instanceof AppFailure) {
        options.log.warn('History sync failed', appErrorFields(error.appError));
        // Rate-limited: the next try waits for Linq's wait (retryAfterSeconds), never sooner.
        if (!closed) retryLater.schedule(error.appError, () => options.track(sync()));
        return setStatus({ ...status, running: false, error: error.appError });
      }
      // A bug: reported by the caller, but the button must not stay stuck on "running".
      setStatus({ ...status, running: false });
      throw error;
    }
  }

  function sync(): Promise<SyncStatus> {
    // Closing: no new read of Linq; the status as it stands.
    if (closed) return Promise.resolve(status);
    running ??= runSync().finally(() => (running = null));
    return running;
  }

  return {
    list({ query, status: filter, offset, limit }) {
      const found = index.search(query, filter, offset, limit);
      return { total: found.total, rows: record.rows(found.phoneNumbers) };
    },

    lines: ({ query, status: filter }) => index.all(query, filter),

    history(phoneNumber) {
      const card = record.get(phoneNumber);
      if (!card) return null;
      const { total, versions } = record.versions.list(phoneNumber, 0, MAX_CARD_VERSIONS);
      return { card, events: record.events(phoneNumber, 500), versions, versionsTotal: total };
    },

    sync,

    syncStatus: () => status,

    async exportCsv({ query, status: filter, versions = 'current' }) {
      const day = options.now().toISOString().slice(0, 10);
      const every = versions === 'every';
      const name = every ? `contact-card-versions-${day}.csv` : `contact-cards-${day}.csv`;
      const path = await options.chooseExportPath(name);
      if (!path) return null;
      const numbers = index.all(query, filter);
      const rows: CsvCell[][] = [];
      // Read in slices: a 100,000-card export must not hold one giant statement result.
      for (let start = 0; start < numbers.length; start += 500) {
        const slice = numbers.slice(start, start + 500);
        if (every) {
          rows.push(...versionRows(record.versions.forNumbers(slice)));
          continue;
        }
        for (const card of record.rows(slice)) {
          rows.push([
            card.phoneNumber,
            card.firstName,
            card.lastName,
            card.status,
            card.isActive,
            card.imageUrl,
            card.pending?.firstName ?? null,
            card.pending?.lastName ?? null,
            card.confirmedBy,
            card.confirmedAt,
            card.origin === 'elsewhere' ? 'Set up elsewhere' : 'This computer',
            card.changedAt,
          ]);
        }
      }
      try {
        await writeFileAtomically(
          path,
          toCsv(every ? VERSIONS_EXPORT_HEADER : EXPORT_HEADER, rows),
        );
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'unknown error';
        throw AppFailure.of('INTERNAL', {
          message: `The file could not be written (${code}). Choose another folder and try again.`,
          detail: code,
        });
      }
      return { path, rows: rows.length };
    },

    close() {
      closed = true;
      retryLater.cancel();
    },
  };
}
