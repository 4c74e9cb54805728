// The database's durability settings: WAL, every commit fsynced (synchronous = FULL), and
// checkpoints only every WAL_CHECKPOINT_PAGES (which changes when the WAL is copied back into
// the file, never whether a commit is durable).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  inTransaction,
  openDatabase,
  WAL_CHECKPOINT_PAGES,
} from '../../electron/services/store.ts';

it('opens the database in WAL mode with full syncs and the larger checkpoint interval', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'linq-store-durability-'));
  const db = openDatabase(dir);
  try {
    const pragma = (name: string) => Object.values(db.prepare(`PRAGMA ${name}`).get()!)[0];
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('synchronous')).toBe(2); // FULL
    expect(pragma('wal_autocheckpoint')).toBe(WAL_CHECKPOINT_PAGES);
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
});

it('nests a transaction inside one under way as a savepoint: all of it or none, one commit', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'linq-store-nesting-'));
  const db = openDatabase(dir);
  try {
    db.exec('CREATE TABLE t (v INTEGER) STRICT');
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
    inTransaction(db, () => {
      db.exec('INSERT INTO t VALUES (1)');
      // A nested piece that fails is undone alone; the outer work goes on and commits.
      expect(() =>
        inTransaction(db, () => {
          db.exec('INSERT INTO t VALUES (2)');
          throw new Error('nested failure');
        }),
      ).toThrow('nested failure');
      inTransaction(db, () => db.exec('INSERT INTO t VALUES (3)'));
      expect(db.isTransaction).toBe(true);
    });
    expect(db.isTransaction).toBe(false);
    expect(
      db
        .prepare('SELECT v FROM t ORDER BY v')
        .all()
        .map((row) => row.v),
    ).toEqual([1, 3]);
    // An outer failure undoes the nested work too.
    expect(() =>
      inTransaction(db, () => {
        inTransaction(db, () => db.exec('INSERT INTO t VALUES (4)'));
        throw new Error('outer failure');
      }),
    ).toThrow('outer failure');
    expect(count()).toBe(2);
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
});
