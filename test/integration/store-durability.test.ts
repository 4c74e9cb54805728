// The database's durability settings: WAL, every commit fsynced (synchronous = FULL), and
// checkpoints only every WAL_CHECKPOINT_PAGES (which changes when the WAL is copied back into
// the file, never whether a commit is durable).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase, WAL_CHECKPOINT_PAGES } from '../../electron/services/store.ts';

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
