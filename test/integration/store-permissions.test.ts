// The data folder holds the company's history, outbox and photos: owner-only, like the logs,
// including the SQLite -wal/-shm files and a folder an earlier version left readable.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from '../../electron/services/store.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

it('creates the data folder 0700 and the database with its WAL files 0600', () => {
  root = mkdtempSync(join(tmpdir(), 'store-perms-'));
  const dataDir = join(root, 'data');
  const db = openDatabase(dataDir);
  db.exec("INSERT INTO settings (name, value) VALUES ('probe', '1')");
  expect(mode(dataDir)).toBe(0o700);
  const files = readdirSync(dataDir);
  expect(files).toEqual(expect.arrayContaining([DATABASE_FILE, `${DATABASE_FILE}-wal`]));
  for (const name of files) expect(mode(join(dataDir, name)), name).toBe(0o600);
  db.close();
});

it('narrows a folder and a database file an earlier version left readable to others', () => {
  root = mkdtempSync(join(tmpdir(), 'store-perms-'));
  const dataDir = join(root, 'data');
  openDatabase(dataDir).close();
  chmodSync(dataDir, 0o755);
  chmodSync(join(dataDir, DATABASE_FILE), 0o644);
  openDatabase(dataDir).close();
  expect(mode(dataDir)).toBe(0o700);
  expect(mode(join(dataDir, DATABASE_FILE))).toBe(0o600);
});
