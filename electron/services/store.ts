// The app's SQLite database (node:sqlite, built into Node 24 and Electron 45: no native
// module to rebuild). Durable state lives here: settings, key verification, history. WAL with
// synchronous=FULL so that a committed write survives a killed process or a power cut.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export type Database = DatabaseSync;

/** Each entry moves the schema one version forward; never edit one that has shipped. */
const MIGRATIONS: readonly string[] = [
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
];

export const DATABASE_FILE = 'linq-contact-cards.sqlite';

export function openDatabase(dataDir: string): Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  // Another instance (or a test's second host) may hold the write lock briefly.
  db.exec('PRAGMA busy_timeout = 5000');
  migrate(db);
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

/** Runs `work` in one IMMEDIATE transaction: all of it is written, or none of it. */
export function inTransaction<T>(db: Database, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
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
