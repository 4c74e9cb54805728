// Bounds on what imports can pile up. One import is bounded by the contract (50,000 rows to
// enqueue and 50,000 skipped), but the window can send imports one after another with fresh
// request ids: without these, a compromised or runaway window could queue millions of cards
// (each one kept in the database, each one a Linq write) and fill the disk with import rows.
import type { ImportRequest } from '../../../shared/import.schema.ts';
import { AppFailure } from '../failure.ts';
import type { Database } from '../store.ts';

/**
 * Cards that may wait to be sent at once (imported or not): one import of the largest size
 * fits into an empty outbox; Linq takes about 3 writes per line in 10 minutes, so this is
 * already days of sending for an account with many lines.
 */
export const MAX_WAITING_CARDS = 50_000;

/** Rows (enqueued and skipped) imports may record in an hour: two imports of the largest size. */
export const MAX_IMPORT_ROWS_PER_HOUR = 200_000;

const HOUR_MS = 60 * 60 * 1000;
const count = new Intl.NumberFormat('en-US');

export function createImportLimits(db: Database, now: () => Date) {
  const waiting = db.prepare(
    `SELECT COUNT(*) AS n FROM outbox WHERE state IN ('waiting', 'sending', 'in-doubt', 'needs-decision')`,
  );
  const recentRows = db.prepare(
    `SELECT COUNT(*) AS n FROM import_rows
     WHERE import_id IN (SELECT id FROM imports WHERE created_at >= ?)`,
  );

  /** Throws IMPORT_LIMIT when this import would pass a bound; says which, and what to do. */
  return function checkImportLimits(request: ImportRequest): void {
    const queued = (waiting.get() as { n: number }).n;
    if (queued + request.rows.length > MAX_WAITING_CARDS) {
      throw AppFailure.of('IMPORT_LIMIT', {
        message: `${count.format(queued)} cards are still waiting to be sent, and this import would add ${count.format(request.rows.length)}: the app keeps at most ${count.format(MAX_WAITING_CARDS)} waiting. Import the rest once the Outbox has sent more of them, or import fewer rows now.`,
      });
    }
    const since = new Date(now().getTime() - HOUR_MS).toISOString();
    const recorded = (recentRows.get(since) as { n: number }).n;
    if (recorded + request.rows.length + request.skipped.length > MAX_IMPORT_ROWS_PER_HOUR) {
      throw AppFailure.of('IMPORT_LIMIT', {
        message: `Imports of the last hour already hold ${count.format(recorded)} rows: the app takes at most ${count.format(MAX_IMPORT_ROWS_PER_HOUR)} an hour. Try this import again in an hour.`,
      });
    }
  };
}
