// The imports and their rows in SQLite. An enqueued row points at its outbox item, so its
// outcome is always that item's state (nothing to keep in step); a skipped row keeps the reason
// the preview gave. Progress is a count of the rows by outcome, which the indexes keep cheap
// enough to run a few times a second while 10,000 rows drain.
import { AppErrorSchema, type AppError } from '../../../shared/errors.schema.ts';
import type { ImportKind, ImportRowOutcome } from '../../../shared/import.rules.ts';
import type {
  ImportCounts,
  ImportProgress,
  ImportRequest,
  ImportRowResult,
  ImportRows,
  ImportRowsRequest,
} from '../../../shared/import.schema.ts';
import { OutboxDecisionSchema } from '../../../shared/outbox.schema.ts';
import type { Database } from '../store.ts';

export interface ImportStore {
  /** Records the import and all its rows; call inside the transaction that enqueues them. */
  insert(request: ImportRequest, outboxIds: readonly number[], at: string): number;
  /** Records a job of restores and its rows, like insert (skipped rows say why). */
  insertJob(job: RestoreJob, outboxIds: readonly number[], at: string): number;
  progress(id: number): ImportProgress | null;
  /** The import a request with this id already made, if any. */
  byRequest(requestId: string): ImportProgress | null;
  /** The progress with when the import's rows last changed (for its finishing time). */
  measure(id: number): { progress: ImportProgress; lastChange: string | null } | null;
  /** Imports not finished yet, and those with an outbox item changed at or after `sinceIso`. */
  activeIds(sinceIso: string): number[];
  /** Sets or clears (a retried or edited row reopens it) when the import finished. */
  setFinished(id: number, at: string | null): void;
  rows(request: ImportRowsRequest): ImportRows;
}

/**
 * A job of restores as recorded (an undo of import `undoes`, or lines put back to an earlier
 * time): its restores (one outbox item each, in order; `detail` says what of a card could not
 * go back) and the rows it leaves.
 */
export interface RestoreJob {
  requestId: string;
  fileName: string;
  kind: 'undo' | 'restore';
  undoes: number | null;
  rows: readonly (JobRow & { detail?: string | null })[];
  skipped: readonly (JobRow & { detail: string })[];
}

interface JobRow {
  line: number;
  phoneNumber: string;
  firstName: string;
  lastName: string;
}

/** A row's outcome from its outbox item; `r` is import_rows, `o` the (left-joined) outbox. */
const OUTCOME = `CASE
    WHEN r.outbox_id IS NULL THEN 'skipped'
    WHEN o.state = 'done' THEN (CASE o.action WHEN 'setup' THEN 'set-up' ELSE 'updated' END)
    WHEN o.state IN ('waiting', 'sending', 'in-doubt') THEN 'pending'
    ELSE o.state END`;

const FROM_ROWS = `FROM import_rows r LEFT JOIN outbox o ON o.id = r.outbox_id
  WHERE r.import_id = :id AND (:outcome = 'all' OR (${OUTCOME}) = :outcome)`;

interface ImportRow {
  id: number;
  file_name: string;
  kind: ImportKind;
  created_at: string;
  finished_at: string | null;
  total: number;
}

interface ResultRow {
  line: number;
  phone_number: string;
  first_name: string;
  last_name: string;
  action: 'setup' | 'update' | null;
  outbox_id: number | null;
  skip_reason: string | null;
  detail: string | null;
  last_error_json: string | null;
  decision_json: string | null;
  outcome: ImportRowOutcome;
}

const SKIP_WORDS: Record<string, string> = {
  'has-card': 'The number already has a card.',
  invalid: 'The row is not valid.',
  duplicate: 'The number is on an earlier line of the file.',
  excluded: 'Left out of the import.',
};

function parsedError(json: string | null): AppError | null {
  if (!json) return null;
  try {
    const parsed = AppErrorSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function decisionWords(json: string | null): string {
  let reason: string | undefined;
  try {
    const parsed = json ? OutboxDecisionSchema.safeParse(JSON.parse(json)) : null;
    reason = parsed?.success ? parsed.data.reason : undefined;
  } catch {
    reason = undefined;
  }
  return reason === 'card-exists'
    ? 'The number already had a card at Linq: choose in the Outbox whether to update it.'
    : 'Linq shows something else than was sent: choose in the Outbox what to keep.';
}

function toResult(row: ResultRow): ImportRowResult {
  const error = row.outcome === 'skipped' ? null : parsedError(row.last_error_json);
  let reason: string | null;
  if (row.outcome === 'skipped') reason = row.detail || (SKIP_WORDS[row.skip_reason ?? ''] ?? null);
  else if (row.outcome === 'failed') reason = error?.message ?? 'Linq refused it.';
  else if (row.outcome === 'needs-decision') reason = decisionWords(row.decision_json);
  // What of a sent row could not be sent (an undo's card that went back without its photo).
  else reason = row.detail;
  return {
    line: row.line,
    phoneNumber: row.phone_number,
    firstName: row.first_name,
    lastName: row.last_name,
    action: row.action,
    outcome: row.outcome,
    reason,
    // Done and cancelled items carry no error; a pending one may say why it is retrying.
    error: row.outcome === 'set-up' || row.outcome === 'updated' ? null : error,
    outboxId: row.outbox_id,
  };
}

function emptyCounts(): ImportCounts {
  return {
    setUp: 0,
    updated: 0,
    failed: 0,
    cancelled: 0,
    needsDecision: 0,
    pending: 0,
    skipped: 0,
  };
}

const COUNT_FIELDS: Record<ImportRowOutcome, keyof ImportCounts> = {
  'set-up': 'setUp',
  updated: 'updated',
  failed: 'failed',
  cancelled: 'cancelled',
  'needs-decision': 'needsDecision',
  pending: 'pending',
  skipped: 'skipped',
};

export function createImportStore(db: Database): ImportStore {
  const insertImport = db.prepare(
    `INSERT INTO imports (file_name, created_at, total, request_id, kind, undoes)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const importOfRequest = db.prepare('SELECT id FROM imports WHERE request_id = ?');
  // An update row keeps the version Linq had confirmed for its number as it was enqueued: the
  // card an undo of it goes back to.
  const insertOne = db.prepare(
    `INSERT INTO import_rows (import_id, line, phone_number, first_name, last_name, action,
       outbox_id, skip_reason, detail, before_version_id)
     VALUES (:importId, :line, :phone, :first, :last, :action, :outboxId, :reason, :detail,
       CASE WHEN :action = 'update'
         THEN (SELECT version_id FROM cards WHERE phone_number = :phone) END)`,
  );
  const insertRow = (
    importId: number,
    line: number,
    phone: string,
    first: string,
    last: string,
    action: 'setup' | 'update' | null,
    outboxId: number | null,
    reason: string | null,
    detail: string | null,
  ) => insertOne.run({ importId, line, phone, first, last, action, outboxId, reason, detail });
  const byId = db.prepare('SELECT * FROM imports WHERE id = ?');
  const counts = db.prepare(
    `SELECT ${OUTCOME} AS outcome, COUNT(*) AS n, MAX(o.updated_at) AS last
     FROM import_rows r LEFT JOIN outbox o ON o.id = r.outbox_id
     WHERE r.import_id = ? GROUP BY 1`,
  );
  const active = db.prepare(
    `SELECT id FROM imports WHERE finished_at IS NULL
     UNION
     SELECT r.import_id FROM outbox o JOIN import_rows r ON r.outbox_id = o.id
     WHERE o.updated_at >= ?`,
  );
  const finish = db.prepare('UPDATE imports SET finished_at = ? WHERE id = ?');
  const page = db.prepare(
    `SELECT r.line, r.phone_number, r.first_name, r.last_name, r.action, r.outbox_id,
       r.skip_reason, r.detail, o.last_error_json, o.decision_json, ${OUTCOME} AS outcome
     ${FROM_ROWS} ORDER BY r.line, r.id LIMIT :limit OFFSET :offset`,
  );
  const total = db.prepare(`SELECT COUNT(*) AS n ${FROM_ROWS}`);

  function measure(id: number) {
    const found = byId.get(id) as ImportRow | undefined;
    if (!found) return null;
    const tally = emptyCounts();
    let lastChange: string | null = null;
    const groups = counts.all(id) as unknown as {
      outcome: ImportRowOutcome;
      n: number;
      last: string | null;
    }[];
    for (const group of groups) {
      tally[COUNT_FIELDS[group.outcome]] += group.n;
      if (group.last !== null && (lastChange === null || group.last > lastChange)) {
        lastChange = group.last;
      }
    }
    const progress: ImportProgress = {
      id: found.id,
      fileName: found.file_name,
      kind: found.kind,
      createdAt: found.created_at,
      total: found.total,
      counts: tally,
      finishedAt: found.finished_at,
    };
    return { progress, lastChange };
  }

  return {
    insert(request, outboxIds, at) {
      const { id } = insertImport.get(
        request.fileName,
        at,
        request.rows.length,
        request.requestId,
        'file',
        null,
      ) as { id: number };
      request.rows.forEach((row, index) => {
        insertRow(
          id,
          row.line,
          row.phoneNumber,
          row.firstName,
          row.lastName ?? '',
          row.action,
          outboxIds[index]!,
          null,
          null,
        );
      });
      for (const row of request.skipped) {
        insertRow(
          id,
          row.line,
          row.phoneNumber,
          row.firstName,
          row.lastName,
          null,
          null,
          row.reason,
          row.detail,
        );
      }
      return id;
    },

    insertJob(job, outboxIds, at) {
      const { id } = insertImport.get(
        job.fileName,
        at,
        job.rows.length,
        job.requestId,
        job.kind,
        job.undoes,
      ) as { id: number };
      job.rows.forEach((row, index) => {
        const { line, phoneNumber, firstName, lastName, detail = null } = row;
        insertRow(
          id,
          line,
          phoneNumber,
          firstName,
          lastName,
          'update',
          outboxIds[index]!,
          null,
          detail,
        );
      });
      for (const row of job.skipped) {
        const { line, phoneNumber, firstName, lastName, detail } = row;
        insertRow(id, line, phoneNumber, firstName, lastName, null, null, 'excluded', detail);
      }
      return id;
    },

    progress: (id) => measure(id)?.progress ?? null,
    byRequest(requestId) {
      const found = importOfRequest.get(requestId) as { id: number } | undefined;
      return found ? (measure(found.id)?.progress ?? null) : null;
    },
    measure,

    activeIds(sinceIso) {
      return (active.all(sinceIso) as { id: number }[]).map((row) => row.id);
    },

    setFinished(id, at) {
      finish.run(at, id);
    },

    rows({ id, outcome, offset, limit }) {
      const where = { id, outcome };
      const rows = page.all({ ...where, limit, offset }) as unknown as ResultRow[];
      return {
        total: (total.get(where) as { n: number }).n,
        rows: rows.map(toResult),
      };
    },
  };
}

/** Whether every enqueued row is final (a row waiting for a decision is not). */
export function isFinished(counts: ImportCounts): boolean {
  return counts.pending === 0 && counts.needsDecision === 0;
}
