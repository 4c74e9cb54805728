// The app's SQLite database (node:sqlite, built into Node 24 and Electron 45: no native
// module to rebuild). Durable state lives here: settings, key verification, the outbox, the card history. WAL with
// synchronous=FULL so that a committed write survives a killed process or a power cut.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type Database = DatabaseSync;

/** Each entry moves the schema one version forward; never edit one that has shipped. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE settings (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) STRICT;
   CREATE TABLE history (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('setup', 'update')),
     phone_number TEXT NOT NULL,
     first_name TEXT,
     last_name TEXT,
     image_url TEXT,
     outcome TEXT NOT NULL CHECK (outcome IN ('active', 'inactive', 'failed')),
     error_json TEXT
   ) STRICT;
   CREATE INDEX history_by_number ON history (phone_number, id);`,
  // The outbox: every submission is stored here before anything is sent, with each attempt
  // recorded before its request leaves. History gains the states an outbox item passes
  // through and a link to its item (SQLite cannot alter a CHECK, so the table is rebuilt).
  `CREATE TABLE outbox (
     id INTEGER PRIMARY KEY,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('setup', 'update')),
     phone_number TEXT NOT NULL,
     fields_json TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN
       ('waiting', 'sending', 'in-doubt', 'needs-decision', 'failed', 'done', 'cancelled')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     attempt_started_at INTEGER,
     last_error_json TEXT,
     decision_json TEXT,
     card_json TEXT,
     confirmed_by TEXT CHECK (confirmed_by IN ('answer', 'read-back')),
     replaced_by INTEGER REFERENCES outbox (id)
   ) STRICT;
   CREATE INDEX outbox_by_state ON outbox (state, id);
   CREATE INDEX outbox_by_number ON outbox (phone_number, id);
   CREATE INDEX outbox_by_update ON outbox (updated_at);
   CREATE TABLE outbox_attempts (
     id INTEGER PRIMARY KEY,
     outbox_id INTEGER NOT NULL REFERENCES outbox (id),
     kind TEXT NOT NULL CHECK (kind IN ('send', 'read-back')),
     started_at TEXT NOT NULL,
     finished_at TEXT,
     outcome TEXT,
     error_json TEXT
   ) STRICT;
   CREATE INDEX outbox_attempts_by_item ON outbox_attempts (outbox_id, id);
   CREATE TABLE history_v2 (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('setup', 'update')),
     phone_number TEXT NOT NULL,
     first_name TEXT,
     last_name TEXT,
     image_url TEXT,
     outcome TEXT NOT NULL CHECK (outcome IN
       ('pending', 'needs-decision', 'active', 'inactive', 'failed', 'cancelled')),
     error_json TEXT,
     outbox_id INTEGER REFERENCES outbox (id)
   ) STRICT;
   INSERT INTO history_v2 (id, at, action, phone_number, first_name, last_name, image_url,
                           outcome, error_json)
     SELECT id, at, action, phone_number, first_name, last_name, image_url, outcome, error_json
     FROM history;
   DROP TABLE history;
   ALTER TABLE history_v2 RENAME TO history;
   CREATE INDEX history_by_number ON history (phone_number, id);
   CREATE UNIQUE INDEX history_by_outbox ON history (outbox_id) WHERE outbox_id IS NOT NULL;`,
  // Photos: which stored photo each submission carries (for thumbnails that work offline),
  // and which photos Linq already has per account, so none is uploaded twice.
  `ALTER TABLE history ADD COLUMN photo_sha256 TEXT;
   CREATE TABLE uploaded_photos (
     sha256 TEXT NOT NULL,
     account TEXT NOT NULL,
     download_url TEXT NOT NULL,
     uploaded_at TEXT NOT NULL,
     PRIMARY KEY (sha256, account)
   ) STRICT;`,
  // The history as staff browse it: one row per number with its current card (as Linq last
  // confirmed it, plus what is still pending), and a timeline of events per number. Filled
  // from the submissions recorded so far; search_text is computed by the app on open.
  `CREATE TABLE cards (
     phone_number TEXT PRIMARY KEY,
     first_name TEXT,
     last_name TEXT,
     image_url TEXT,
     photo_sha256 TEXT,
     is_active INTEGER,
     status TEXT NOT NULL CHECK (status IN
       ('active', 'inactive', 'failed', 'waiting', 'needs-decision', 'cancelled')),
     pending_json TEXT,
     confirmed_by TEXT CHECK (confirmed_by IN ('own-call', 'read-back', 'sync')),
     confirmed_at TEXT,
     origin TEXT NOT NULL CHECK (origin IN ('this-computer', 'elsewhere')),
     changed_at TEXT NOT NULL,
     search_text TEXT NOT NULL DEFAULT ''
   ) STRICT;
   CREATE INDEX cards_by_change ON cards (changed_at);
   CREATE TABLE card_events (
     id INTEGER PRIMARY KEY,
     phone_number TEXT NOT NULL,
     at TEXT NOT NULL,
     kind TEXT NOT NULL,
     outbox_id INTEGER,
     detail TEXT,
     error_json TEXT
   ) STRICT;
   CREATE INDEX card_events_by_number ON card_events (phone_number, id);
   -- The card as Linq last confirmed it comes from the number's latest active/inactive entry
   -- (never from a submission that failed, waits or was cancelled); the state is a first
   -- guess that the app corrects from the outbox when it opens (search_text is empty).
   INSERT INTO cards (phone_number, first_name, last_name, image_url, photo_sha256, is_active,
                      status, confirmed_by, confirmed_at, origin, changed_at)
     SELECT latest.phone_number, confirmed.first_name, confirmed.last_name, confirmed.image_url,
            confirmed.photo_sha256,
            CASE confirmed.outcome WHEN 'active' THEN 1 WHEN 'inactive' THEN 0 END,
            CASE latest.outcome WHEN 'pending' THEN 'waiting' ELSE latest.outcome END,
            CASE WHEN confirmed.id IS NOT NULL THEN 'own-call' END,
            confirmed.at, 'this-computer', latest.at
     FROM history latest
     LEFT JOIN history confirmed ON confirmed.id =
       (SELECT MAX(id) FROM history
        WHERE phone_number = latest.phone_number AND outcome IN ('active', 'inactive'))
     WHERE latest.id = (SELECT MAX(id) FROM history WHERE phone_number = latest.phone_number);
   INSERT INTO card_events (phone_number, at, kind, outbox_id, detail, error_json)
     SELECT phone_number, at,
            CASE outcome WHEN 'active' THEN (CASE action WHEN 'setup' THEN 'set-up' ELSE 'updated' END)
                         WHEN 'inactive' THEN (CASE action WHEN 'setup' THEN 'set-up' ELSE 'updated' END)
                         WHEN 'pending' THEN 'queued'
                         ELSE outcome END,
            outbox_id, NULL, error_json
     FROM history ORDER BY id;`,
  // Many lines at once: the account's lines as Linq last listed them (so the line picker works
  // offline), and bulk imports with every row of the file, each enqueued row linked to its
  // outbox item (its progress is that item's state) and each skipped one kept with its reason.
  // Reputation has no CHECK on purpose: Linq may add statuses, which the app reads as none.
  `CREATE TABLE lines (
     id TEXT PRIMARY KEY,
     phone_number TEXT NOT NULL,
     reputation TEXT,
     doc_url TEXT,
     position INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE lines_refreshed (
     only INTEGER PRIMARY KEY CHECK (only = 1),
     at TEXT NOT NULL
   ) STRICT;
   CREATE TABLE imports (
     id INTEGER PRIMARY KEY,
     file_name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     finished_at TEXT,
     total INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX imports_unfinished ON imports (id) WHERE finished_at IS NULL;
   CREATE TABLE import_rows (
     id INTEGER PRIMARY KEY,
     import_id INTEGER NOT NULL REFERENCES imports (id),
     line INTEGER NOT NULL,
     phone_number TEXT NOT NULL,
     first_name TEXT NOT NULL,
     last_name TEXT NOT NULL,
     action TEXT CHECK (action IN ('setup', 'update')),
     outbox_id INTEGER REFERENCES outbox (id),
     skip_reason TEXT CHECK (skip_reason IN ('has-card', 'invalid', 'duplicate', 'excluded')),
     detail TEXT,
     CHECK ((outbox_id IS NULL) = (skip_reason IS NOT NULL))
   ) STRICT;
   -- Paging and counting one import's rows in file order; finding the imports of the outbox
   -- items that just changed (progress), and the row of an item an edit replaces.
   CREATE INDEX import_rows_by_import ON import_rows (import_id, line);
   CREATE INDEX import_rows_by_outbox ON import_rows (outbox_id) WHERE outbox_id IS NOT NULL;`,
  // Each import request carries an id the renderer made for it: the same request sent again (a
  // retry after an error it saw, a second click that got through) finds the import it already
  // made instead of enqueuing its rows twice. Imports made before have none.
  `ALTER TABLE imports ADD COLUMN request_id TEXT;
   CREATE UNIQUE INDEX imports_by_request ON imports (request_id) WHERE request_id IS NOT NULL;`,
  // The sender asks after every attempt when the next scheduled one is due; without this index
  // that meant reading every waiting item (seconds of main-thread time in a 1,000-card drain).
  // And every published snapshot lists the oldest open items: with this partial index that
  // reads those 200 rows, not every open row sorted in a temporary B-tree.
  `CREATE INDEX outbox_by_due ON outbox (state, next_attempt_at);
   CREATE INDEX outbox_open_by_id ON outbox (id)
     WHERE state IN ('waiting', 'sending', 'in-doubt', 'needs-decision', 'failed');`,
  // Linq's own limits (3 contact-card writes per number in 10 minutes; 503/4004 holds a line):
  // every card write that may reach Linq is recorded before it leaves, the holds are kept, and
  // changes to one number that wait behind each other are combined into one request. Writes
  // of the last few minutes are carried over from the attempts recorded so far.
  `ALTER TABLE outbox ADD COLUMN combined_into INTEGER REFERENCES outbox (id);
   ALTER TABLE outbox ADD COLUMN waiting_for TEXT
     CHECK (waiting_for IN ('write-budget', 'line-hold'));
   ALTER TABLE outbox ADD COLUMN not_active_tries INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN own_fields_json TEXT;
   ALTER TABLE outbox ADD COLUMN send_alone INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN sends_in_full INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN partial_fields_json TEXT;
   CREATE INDEX outbox_by_combined ON outbox (combined_into) WHERE combined_into IS NOT NULL;
   CREATE TABLE card_writes (
     attempt_id INTEGER PRIMARY KEY REFERENCES outbox_attempts (id),
     phone_number TEXT NOT NULL,
     sent_at INTEGER NOT NULL,
     answered_at INTEGER
   ) STRICT;
   CREATE INDEX card_writes_by_number ON card_writes (phone_number, sent_at);
   CREATE TABLE line_holds (
     phone_number TEXT PRIMARY KEY,
     until INTEGER NOT NULL,
     not_active INTEGER NOT NULL DEFAULT 0
   ) STRICT;
   INSERT INTO card_writes (attempt_id, phone_number, sent_at, answered_at)
     SELECT a.id, o.phone_number, CAST(unixepoch(a.started_at, 'subsec') * 1000 AS INTEGER),
            CAST(unixepoch(a.finished_at, 'subsec') * 1000 AS INTEGER)
     FROM outbox_attempts a JOIN outbox o ON o.id = a.outbox_id
     WHERE a.kind = 'send' AND a.started_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-15 minutes');`,
  // Versions: every card Linq confirmed for a number (by its answer, a read-back or a sync),
  // appended, never overwritten, so an earlier card can be seen and sent again. Self-contained:
  // the legacy history table it backfills from may be dropped by a later migration. Own
  // confirmed submissions come first, in order, repeats of the same content dropped (combined
  // changes were confirmed with their carrier's card); then each card whose current content
  // the history lacks (a change a sync saw at Linq, or a kept server card).
  `CREATE TABLE card_versions (
     id INTEGER PRIMARY KEY,
     phone_number TEXT NOT NULL,
     first_name TEXT,
     last_name TEXT,
     image_url TEXT,
     photo_sha256 TEXT,
     is_active INTEGER,
     confirmed_at TEXT NOT NULL,
     confirmed_by TEXT NOT NULL CHECK (confirmed_by IN ('own-call', 'read-back', 'sync')),
     made_by TEXT NOT NULL CHECK (made_by IN
       ('submission', 'import', 'undo', 'restore', 'seen-at-linq', 'before-versions')),
     outbox_id INTEGER REFERENCES outbox (id),
     import_id INTEGER REFERENCES imports (id),
     restored_from INTEGER REFERENCES card_versions (id)
   ) STRICT;
   CREATE INDEX card_versions_by_number ON card_versions (phone_number, id);
   CREATE INDEX card_versions_by_outbox ON card_versions (outbox_id) WHERE outbox_id IS NOT NULL;
   CREATE INDEX card_versions_by_image ON card_versions (image_url) WHERE image_url IS NOT NULL;
   ALTER TABLE cards ADD COLUMN version_id INTEGER REFERENCES card_versions (id);
   INSERT INTO card_versions (phone_number, first_name, last_name, image_url, photo_sha256,
                              is_active, confirmed_at, confirmed_by, made_by, outbox_id, import_id)
     SELECT phone_number, first_name, last_name, image_url, photo_sha256,
            CASE outcome WHEN 'active' THEN 1 ELSE 0 END, at, 'own-call',
            CASE WHEN import_id IS NULL THEN 'submission' ELSE 'import' END, outbox_id, import_id
     FROM (SELECT h.*,
                  (SELECT MIN(r.import_id) FROM import_rows r
                   WHERE r.outbox_id = h.outbox_id) AS import_id,
                  LAG(h.id) OVER w AS prev_id, LAG(h.first_name) OVER w AS prev_first,
                  LAG(h.last_name) OVER w AS prev_last, LAG(h.image_url) OVER w AS prev_image,
                  LAG(h.photo_sha256) OVER w AS prev_photo
           FROM history h WHERE h.outcome IN ('active', 'inactive')
           WINDOW w AS (PARTITION BY h.phone_number ORDER BY h.id))
     WHERE prev_id IS NULL OR NOT (first_name IS prev_first AND last_name IS prev_last
                                   AND image_url IS prev_image AND photo_sha256 IS prev_photo)
     ORDER BY id;
   INSERT INTO card_versions (phone_number, first_name, last_name, image_url, photo_sha256,
                              is_active, confirmed_at, confirmed_by, made_by)
     SELECT c.phone_number, c.first_name, c.last_name, c.image_url, c.photo_sha256, c.is_active,
            c.confirmed_at, COALESCE(c.confirmed_by, 'own-call'),
            CASE WHEN c.confirmed_by IN ('sync', 'read-back') THEN 'seen-at-linq'
                 ELSE 'before-versions' END
     FROM cards c
     WHERE c.confirmed_at IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM card_versions v
       WHERE v.id = (SELECT MAX(id) FROM card_versions WHERE phone_number = c.phone_number)
         AND v.first_name IS c.first_name AND v.last_name IS c.last_name
         AND v.image_url IS c.image_url)
     ORDER BY c.phone_number;
   UPDATE cards SET version_id =
     (SELECT MAX(id) FROM card_versions v WHERE v.phone_number = cards.phone_number);`,
  // The first record of submissions, superseded by the card history (cards and card_events,
  // filled from it above, entries from before the outbox included, and written with every
  // outbox step since) and the outbox (each submission's fields, photo and answer). No screen
  // read it: what it alone still held were older image addresses and photos of superseded
  // submissions, which nothing shows.
  `DROP TABLE history;`,
  // Rollouts: changes held back until the user releases them ("one line first": the first
  // line goes, the rest wait for "Send the rest") or until a chosen time (a schedule). A held
  // item is a waiting item with gated = 1 (SQLite cannot alter outbox's state CHECK, and a
  // rebuild of a table so many others reference is not worth the risk); it never has a
  // next attempt time. The sender walks only ungated waiting items (outbox_waiting_ungated),
  // so a thousand held rows cost nothing per pump.
  `CREATE TABLE rollouts (
     id INTEGER PRIMARY KEY,
     created_at TEXT NOT NULL,
     label TEXT NOT NULL,
     import_id INTEGER REFERENCES imports (id),
     pilot_outbox_id INTEGER REFERENCES outbox (id),
     send_at INTEGER,
     time_zone TEXT,
     late_limit_ms INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN
       ('scheduled', 'held', 'late', 'overdue', 'released', 'cancelled')),
     late_noticed_at INTEGER,
     released_at TEXT,
     released_how TEXT CHECK (released_how IN ('on-time', 'late', 'send-now', 'send-rest')),
     cancelled_at TEXT
   ) STRICT;
   CREATE INDEX rollouts_open ON rollouts (send_at) WHERE state NOT IN ('released', 'cancelled');
   ALTER TABLE outbox ADD COLUMN rollout_id INTEGER REFERENCES rollouts (id);
   ALTER TABLE outbox ADD COLUMN gated INTEGER NOT NULL DEFAULT 0 CHECK (gated IN (0, 1));
   CREATE INDEX outbox_by_rollout ON outbox (rollout_id, id) WHERE rollout_id IS NOT NULL;
   CREATE INDEX outbox_waiting_ungated ON outbox (id) WHERE state = 'waiting' AND gated = 0;`,
  // Restores: which outbox item sends an earlier version again, so the version Linq confirms
  // for it says "restored from" that one (written with the item, in the same transaction).
  `CREATE TABLE restores (
     outbox_id INTEGER PRIMARY KEY REFERENCES outbox (id),
     version_id INTEGER NOT NULL REFERENCES card_versions (id)
   ) STRICT;`,
  // Undoing an import: an undo is an import-like job (its rows are restores through the
  // outbox) that names the import it undoes, at most one per import. Each update row keeps
  // the version Linq had confirmed for its number when it was enqueued (what an undo sends
  // back); rows of earlier imports get it from the versions by time, best effort.
  `ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'file'
     CHECK (kind IN ('file', 'undo', 'restore'));
   ALTER TABLE imports ADD COLUMN undoes INTEGER REFERENCES imports (id);
   CREATE UNIQUE INDEX imports_one_undo ON imports (undoes) WHERE undoes IS NOT NULL;
   ALTER TABLE import_rows ADD COLUMN before_version_id INTEGER REFERENCES card_versions (id);
   UPDATE import_rows SET before_version_id = (
     SELECT MAX(v.id) FROM card_versions v JOIN imports i ON i.id = import_rows.import_id
     WHERE v.phone_number = import_rows.phone_number AND v.confirmed_at < i.created_at)
   WHERE outbox_id IS NOT NULL AND action = 'update';`,
  // A restore remembers the window's request id, so the same request again (a double click, a
  // retry after a lost answer) answers with the restore already made instead of sending again.
  // Restores made before have none (NULL, which the unique index lets repeat).
  `ALTER TABLE restores ADD COLUMN request_id TEXT;
   CREATE UNIQUE INDEX restores_by_request ON restores (request_id) WHERE request_id IS NOT NULL;`,
];

export const DATABASE_FILE = 'linq-contact-cards.sqlite';
/** Pages (4 KiB) the WAL may reach before a checkpoint: about 40 MB at most. */
export const WAL_CHECKPOINT_PAGES = 10_000;

export interface OpenDatabaseOptions {
  /**
   * Told of an after-commit callback that threw (see inTransaction): the write it followed is
   * on disk all the same. Default: a line on stderr with the error's kind only.
   */
  reportCallbackError?: (error: unknown) => void;
}

export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Database {
  // Owner-only, like the logs: the history, outbox and photos are the company's business. A
  // folder or file an earlier version left wider is narrowed. SQLite gives its -wal and -shm
  // files the database file's permissions.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const file = join(dataDir, DATABASE_FILE);
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  // Copy the WAL back into the file (a checkpoint: a few MB written and two more fsyncs, run
  // inside whichever commit crosses the mark) every WAL_CHECKPOINT_PAGES rather than SQLite's
  // 1,000: an outbox drain commits twice per card, so the default checkpointed every few dozen
  // cards, each time stalling main's thread for milliseconds. Durability is the same: every
  // commit is still in the WAL and fsynced before it returns (synchronous = FULL).
  db.exec(`PRAGMA wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  db.exec('PRAGMA foreign_keys = ON');
  // Another instance (or a test's second host) may hold the write lock briefly.
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db);
  if (options.reportCallbackError) callbackErrorReporters.set(db, options.reportCallbackError);
  return db;
}

function migrate(db: Database): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  const current = row.user_version;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The data file was written by a newer version of the app (schema ${current}); update the app.`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    inTransaction(db, () => {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
    });
  }
}

/** Work to run once the current transaction has committed, by database. */
const committed = new WeakMap<Database, (() => void)[]>();
/** Who hears of an after-commit callback that threw, by database (see openDatabase). */
const callbackErrorReporters = new WeakMap<Database, (error: unknown) => void>();

/**
 * Runs one after-commit callback, guarded: the write is already committed, so a listener that
 * throws (an in-memory index, an event) must neither make the write look failed to its caller
 * (who would then submit it again) nor keep the callbacks after it from running.
 */
function runCommitted(db: Database, callback: () => void): void {
  try {
    callback();
  } catch (error) {
    const report =
      callbackErrorReporters.get(db) ??
      ((problem: unknown) =>
        // Never the message: it could quote anything. The kind says where to look.
        console.error(
          `An after-commit callback failed (${problem instanceof Error ? problem.name : typeof problem}); the write itself was committed.`,
        ));
    try {
      report(error);
    } catch {
      // A failing reporter must not turn a committed write into a failed one either.
    }
  }
}

let savepoints = 0;

/**
 * Runs `work` in one IMMEDIATE transaction: all of it is written, or none of it. Inside a
 * transaction under way (work recorded together in one commit, see the outbox's sender), it is
 * a savepoint of that transaction instead: all of `work` or none of it, committed with the rest.
 */
export function inTransaction<T>(db: Database, work: () => T): T {
  if (db.isTransaction) {
    const name = `nested_${++savepoints}`;
    db.exec(`SAVEPOINT ${name}`);
    try {
      const result = work();
      db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      db.exec(`ROLLBACK TO ${name}`);
      db.exec(`RELEASE ${name}`);
      throw error;
    }
  }
  db.exec('BEGIN IMMEDIATE');
  committed.set(db, []);
  let result: T;
  try {
    result = work();
    db.exec('COMMIT');
  } catch (error) {
    committed.delete(db); // rolled back: what was to follow the commit never happened
    db.exec('ROLLBACK');
    throw error;
  }
  const after = committed.get(db) ?? [];
  committed.delete(db);
  for (const callback of after) runCommitted(db, callback);
  return result;
}

/**
 * Runs `callback` once the transaction under way commits (never if it rolls back), or at
 * once outside a transaction: for in-memory copies that must only show what is on disk.
 */
export function afterCommit(db: Database, callback: () => void): void {
  const queue = committed.get(db);
  if (queue) queue.push(callback);
  else runCommitted(db, callback);
}

/** One named JSON value in the settings table (preferences, the key's verification, …). */
export interface StoredValue {
  read(): unknown;
  write(value: unknown): void;
  clear(): void;
}

export function storedValue(db: Database, name: string): StoredValue {
  const select = db.prepare('SELECT value FROM settings WHERE name = ?');
  const upsert = db.prepare(
    'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare('DELETE FROM settings WHERE name = ?');
  return {
    read() {
      const row = select.get(name) as { value: string } | undefined;
      if (!row) return undefined;
      try {
        return JSON.parse(row.value);
      } catch {
        return undefined; // a damaged value reads as absent: callers fall back to defaults
      }
    },
    write: (value) => void upsert.run(name, JSON.stringify(value)),
    clear: () => void remove.run(name),
  };
}
