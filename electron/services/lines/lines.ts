// The line picker's list: the account's lines from the local cache, each with what the
// history knows of its card. Refreshed from Linq when Linq becomes reachable, when a key is
// set or checked, and on demand; a refresh that fails (offline, key refused) keeps the cached
// list and says why. Card changes for a listed number re-publish the list, coalesced, since an
// import or a sync changes thousands of cards in a burst. A refresh Linq rate-limits (or the
// app's rate gate refuses) tries again by itself once Linq's wait has passed, never sooner.
import type { AppError } from '../../../shared/errors.schema.ts';
import type { Line, LineList } from '../../../shared/lines.schema.ts';
import type { CardRecord } from '../card-history/card-record.ts';
import { createCoalescer } from '../coalesce.ts';
import { AppFailure } from '../failure.ts';
import type { LinqConnection, PhoneLine } from '../linq-client.ts';
import { appErrorFields } from '../log/app-error-fields.ts';
import type { Log } from '../log/logger.ts';
import { createRetryLater } from '../net/retry-later.ts';
import type { Database } from '../store.ts';
import { createLineCache } from './line-cache.ts';

export interface LineServiceOptions {
  db: Database;
  record: CardRecord;
  /** The key and base URL; throws an AppFailure when there is no usable key. */
  connection: () => Promise<LinqConnection>;
  /** GET /v3/phone_numbers (observed, so the outbox learns whether Linq is reachable). */
  fetchLines: (connection: LinqConnection) => Promise<PhoneLine[]>;
  /** Linq refused the key: recorded against it, as for any other call. */
  keyRejected: (apiKey: string, error: AppError) => Promise<void>;
  now: () => Date;
  publish: (list: LineList) => void;
  reportBug: (error: unknown) => void;
  log: Log;
  /** Runs a refresh the service starts itself (after a rate limit): the host waits for it. */
  track?: (work: Promise<unknown>) => void;
}

export interface LineService {
  /** From the cache; never calls Linq. */
  list(): LineList;
  /** Reads the lines from Linq into the cache; a failure is reported in the list, not thrown. */
  refresh(): Promise<LineList>;
  /**
   * Reads the lines with the key being checked (the key check is this very request), caches
   * them when that works, and passes any failure on for the check to judge.
   */
  readWithKey(connection: LinqConnection): Promise<PhoneLine[]>;
  /** Closing: no new read of Linq, and nothing a read under way finds is kept or published. */
  close(): void;
}

/** Card changes for listed numbers are passed on at most this often. */
const CARDS_REPUBLISH_MS = 500;

export function createLineService(options: LineServiceOptions): LineService {
  const cache = createLineCache(options.db);
  let numbers = new Set(cache.read().lines.map((line) => line.phoneNumber));
  let refreshing = false;
  let error: AppError | null = null;
  let running: Promise<LineList> | null = null;
  /** Closing: a refresh still under way must not write to a database about to close. */
  let closed = false;
  /** The request under way, shared by a refresh and a key check made with the same key. */
  let fetching: { key: string; lines: Promise<PhoneLine[]>; order: number } | null = null;
  /** Reads are numbered as they start; the cache only ever takes a newer read than it holds. */
  let started = 0;
  let kept = 0;

  const cardsMoved = createCoalescer(CARDS_REPUBLISH_MS, publish);
  const retryLater = createRetryLater();
  const track = options.track ?? ((work) => void work.catch(options.reportBug));
  options.record.onRowChanged((entry) => {
    if (numbers.has(entry.phoneNumber)) cardsMoved();
  });

  function list(): LineList {
    const cached = cache.read();
    const cards = new Map(
      options.record
        .rows(cached.lines.map((line) => line.phoneNumber))
        .map((row) => [row.phoneNumber, row]),
    );
    const lines: Line[] = cached.lines.map((line) => {
      const card = cards.get(line.phoneNumber);
      return {
        id: line.id,
        phoneNumber: line.phoneNumber,
        reputation: line.reputation,
        reputationDocUrl: line.reputationDocUrl,
        // The confirmed names, or those still waiting to be sent for a first setup.
        card: card
          ? {
              firstName: card.firstName ?? card.pending?.firstName ?? null,
              lastName: card.lastName ?? card.pending?.lastName ?? null,
              status: card.status,
              isActive: card.isActive,
            }
          : null,
      };
    });
    return { lines, refreshedAt: cached.refreshedAt, refreshing, error };
  }

  function publish(): void {
    if (closed) return;
    try {
      options.publish(list());
    } catch (problem) {
      options.reportBug(problem);
    }
  }

  function fetchWith(connection: LinqConnection): { lines: Promise<PhoneLine[]>; order: number } {
    const key = `${connection.baseUrl}\n${connection.apiKey}`;
    if (fetching?.key === key) return fetching;
    const lines = options.fetchLines(connection).finally(() => {
      if (fetching?.lines === lines) fetching = null;
    });
    fetching = { key, lines, order: ++started };
    return fetching;
  }

  /**
   * Keeps what a read found, unless a read that started later was kept already: a refresh
   * with the previous key (another account, perhaps) that ends after the new key's check must
   * not put the other account's lines back.
   */
  function keep(lines: readonly PhoneLine[], order: number): void {
    if (closed || order < kept) return;
    kept = order;
    cache.replace(lines, options.now().toISOString());
    numbers = new Set(lines.map((line) => line.phoneNumber));
    error = null;
  }

  /** What a refresh answers once closing: nothing read, nothing from the closing database. */
  function closedList(): LineList {
    return { lines: [], refreshedAt: null, refreshing: false, error };
  }

  async function runRefresh(): Promise<LineList> {
    refreshing = true;
    publish();
    let target: LinqConnection | null = null;
    let order = started + 1; // a read that never started is newer than any before it
    try {
      target = await options.connection();
      const read = fetchWith(target);
      order = read.order;
      const lines = await read.lines;
      keep(lines, order);
      retryLater.cancel();
      options.log.info('Lines read from Linq', { lines: lines.length });
    } catch (problem) {
      if (!(problem instanceof AppFailure)) {
        refreshing = false;
        publish();
        throw problem; // a bug: reported by the caller
      }
      // A newer read already kept its lines: this failure says nothing about them.
      if (order >= kept) error = problem.appError;
      options.log.warn('Reading the lines from Linq failed', appErrorFields(problem.appError));
      if (target && problem.appError.code === 'KEY_REJECTED' && !closed) {
        await options.keyRejected(target.apiKey, problem.appError).catch(options.reportBug);
      }
      // Rate-limited: the next try waits for Linq's wait (retryAfterSeconds), never sooner.
      if (!closed) retryLater.schedule(problem.appError, () => track(refresh()));
    }
    refreshing = false;
    if (closed) return closedList();
    const done = list();
    options.publish(done);
    return done;
  }

  function refresh(): Promise<LineList> {
    // Closing: no new read of Linq, whoever asks (a key set, Linq reachable again).
    if (closed) return Promise.resolve(closedList());
    running ??= runRefresh().finally(() => (running = null));
    return running;
  }

  return {
    list,
    refresh,
    async readWithKey(connection) {
      const read = fetchWith(connection);
      const lines = await read.lines;
      keep(lines, read.order);
      publish();
      return lines;
    },
    close() {
      closed = true;
      cardsMoved.cancel();
      retryLater.cancel();
    },
  };
}
