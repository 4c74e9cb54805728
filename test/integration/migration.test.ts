// Opening a database written by the previous schema (version 3, before the card history):
// every number gets its row, with the card as Linq last confirmed it, never a name that was
// only submitted, and its state from the outbox.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCardRecord } from '../../electron/services/card-history/card-record.ts';
import { DATABASE_FILE, MIGRATIONS, openDatabase } from '../../electron/services/store.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'linq-migration-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function versionThree(): DatabaseSync {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  for (const migration of MIGRATIONS.slice(0, 3)) db.exec(migration);
  db.exec('PRAGMA user_version = 3');
  return db;
}

it('carries the history over to one row per number, keeping what Linq confirmed', () => {
  const db = versionThree();
  const outbox = db.prepare(
    `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
     VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?, ?, ?, ?) RETURNING id`,
  );
  const history = db.prepare(
    `INSERT INTO history (at, action, phone_number, first_name, last_name, outcome, outbox_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  function submission(
    at: string,
    action: string,
    phone: string,
    fields: { firstName?: string; lastName?: string },
    outcome: string,
    state: string,
  ) {
    const { id } = outbox.get(action, phone, JSON.stringify(fields), state) as { id: number };
    history.run(at, action, phone, fields.firstName ?? null, fields.lastName ?? null, outcome, id);
  }
  // Set up, then a last-name update still waiting.
  submission(
    '2026-01-01T10:00:00Z',
    'setup',
    '+14155550101',
    { firstName: 'Zoë', lastName: 'Old' },
    'active',
    'done',
  );
  submission(
    '2026-01-02T10:00:00Z',
    'update',
    '+14155550101',
    { lastName: 'New' },
    'pending',
    'waiting',
  );
  // Set up, then an update that was cancelled.
  submission(
    '2026-01-01T11:00:00Z',
    'setup',
    '+14155550102',
    { firstName: 'Ann', lastName: 'Lee' },
    'active',
    'done',
  );
  submission(
    '2026-01-02T11:00:00Z',
    'update',
    '+14155550102',
    { firstName: 'Never' },
    'cancelled',
    'cancelled',
  );
  // Only ever failed.
  submission(
    '2026-01-01T12:00:00Z',
    'setup',
    '+14155550103',
    { firstName: 'Bo' },
    'failed',
    'failed',
  );
  db.close();

  const migrated = openDatabase(dataDir);
  const cards = createCardRecord(migrated, () => new Date('2026-02-01T00:00:00Z'));
  expect(cards.get('+14155550101')).toMatchObject({
    firstName: 'Zoë',
    lastName: 'Old',
    isActive: true,
    status: 'waiting',
    pending: { lastName: 'New' },
    confirmedBy: 'own-call',
    changedAt: '2026-01-02T10:00:00Z',
  });
  expect(cards.get('+14155550102')).toMatchObject({
    firstName: 'Ann',
    lastName: 'Lee',
    isActive: true,
    status: 'active',
  });
  expect(cards.get('+14155550103')).toMatchObject({
    firstName: null,
    isActive: null,
    status: 'failed',
  });
  // Found by search too: the migrated rows were indexed.
  const found = [...cards.indexEntries()].filter((entry) => entry.searchText.includes('zoe'));
  expect(found.map((entry) => entry.phoneNumber)).toEqual(['+14155550101']);
  migrated.close();
});

it('a sync never writes back over a card confirmed while its list was being fetched', () => {
  let clock = new Date('2026-03-01T10:00:00Z');
  const db = openDatabase(dataDir);
  const cards = createCardRecord(db, () => clock);
  const stale = {
    phoneNumber: '+14155550101',
    firstName: 'Ann',
    lastName: null,
    imageUrl: null,
    isActive: true,
  };
  cards.mergeFromLinq([stale], '2026-03-01T09:00:00Z');
  // The list for the next sync is requested at 10:00 and answered (with "Ann") at 10:05; at
  // 10:02 this app's own update to "Anna" is confirmed by Linq.
  const fetchedSince = '2026-03-01T10:00:00Z';
  const item = db
    .prepare(
      `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
       VALUES (?, ?, 'update', ?, '{"firstName":"Anna"}', 'done') RETURNING id`,
    )
    .get(fetchedSince, fetchedSince, stale.phoneNumber) as { id: number };
  clock = new Date('2026-03-01T10:02:00Z');
  cards.outboxEvent(item.id, 'updated', { card: { ...stale, firstName: 'Anna' } });
  clock = new Date('2026-03-01T10:05:00Z');
  expect(cards.mergeFromLinq([stale], fetchedSince)).toMatchObject({ updated: 0 });
  expect(cards.get(stale.phoneNumber)).toMatchObject({
    firstName: 'Anna',
    confirmedBy: 'own-call',
  });
  db.close();
});

it('the search index only learns of rows whose transaction committed', async () => {
  const { inTransaction } = await import('../../electron/services/store.ts');
  const db = openDatabase(dataDir);
  const cards = createCardRecord(db, () => new Date('2026-03-01T10:00:00Z'));
  const seen: string[] = [];
  cards.onRowChanged((entry) => seen.push(entry.phoneNumber));
  const card = {
    phoneNumber: '+14155550101',
    firstName: 'Ann',
    lastName: null,
    imageUrl: null,
    isActive: true,
  };
  expect(() =>
    inTransaction(db, () => {
      cards.mergeFromLinq([card], '2026-03-01T09:00:00Z');
      throw new Error('a bug half-way');
    }),
  ).toThrow('a bug half-way');
  expect(seen).toEqual([]);
  expect(cards.get(card.phoneNumber)).toBeNull();
  inTransaction(db, () => cards.mergeFromLinq([card], '2026-03-01T09:00:00Z'));
  expect(seen).toEqual([card.phoneNumber]);
  db.close();
});

it('adds the line cache and the import tables to a version 4 database, with their indexes', () => {
  const old = new DatabaseSync(join(dataDir, DATABASE_FILE));
  for (const migration of MIGRATIONS.slice(0, 4)) old.exec(migration);
  old.exec('PRAGMA user_version = 4');
  const { id } = old
    .prepare(
      `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
       VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'setup', '+14155550101',
               '{"firstName":"Ann"}', 'done') RETURNING id`,
    )
    .get() as { id: number };
  old.close();

  const db = openDatabase(dataDir);
  expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: MIGRATIONS.length });
  expect(db.prepare('SELECT COUNT(*) AS n FROM lines').get()).toEqual({ n: 0 });
  expect(db.prepare('SELECT COUNT(*) AS n FROM lines_refreshed').get()).toEqual({ n: 0 });
  const importId = (
    db
      .prepare(
        `INSERT INTO imports (file_name, created_at, total) VALUES ('stores.csv', 'now', 1)
         RETURNING id`,
      )
      .get() as { id: number }
  ).id;
  const row = db.prepare(
    `INSERT INTO import_rows (import_id, line, phone_number, first_name, last_name, action,
       outbox_id, skip_reason, detail) VALUES (?, ?, '+14155550101', 'Ann', '', ?, ?, ?, ?)`,
  );
  row.run(importId, 2, 'setup', id, null, null);
  row.run(importId, 3, null, null, 'duplicate', 'On line 2 already');
  // A row is either enqueued (with its item) or skipped (with its reason), never both or neither.
  expect(() => row.run(importId, 4, 'setup', null, null, null)).toThrow(/CHECK/);
  expect(() => row.run(importId, 5, 'setup', id, 'invalid', 'x')).toThrow(/CHECK/);
  // The item must exist.
  expect(() => row.run(importId, 6, 'setup', id + 1000, null, null)).toThrow(/FOREIGN KEY/);
  // The progress count walks one import's rows by index, and the reverse lookup from an
  // outbox item to its row (progress, edits) does not scan the table.
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((step) => step.detail)
      .join(' | ');
  expect(plan('SELECT COUNT(*) FROM import_rows WHERE import_id = 1')).toContain(
    'import_rows_by_import',
  );
  expect(plan('SELECT import_id FROM import_rows WHERE outbox_id = 1')).toContain(
    'import_rows_by_outbox',
  );
  db.close();
});

it('finds the next scheduled attempt and the oldest open items through indexes, not scans', () => {
  const db = openDatabase(dataDir);
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((row) => row.detail)
      .join(' | ');
  // The sender's question after every attempt (outbox-store.ts, earliestDueMs).
  expect(
    plan(
      `SELECT MIN(next_attempt_at) AS at FROM outbox
       WHERE state IN ('waiting', 'in-doubt') AND next_attempt_at > 0`,
    ),
  ).toContain('USING COVERING INDEX outbox_by_due (state=? AND next_attempt_at>?)');
  // Every published snapshot's open items (outbox-store.ts, snapshot).
  const open = plan(
    `SELECT * FROM outbox INDEXED BY outbox_open_by_id
     WHERE state IN ('waiting', 'sending', 'in-doubt', 'needs-decision', 'failed')
     ORDER BY id LIMIT 200`,
  );
  expect(open).toContain('outbox_open_by_id');
  expect(open).not.toContain('TEMP B-TREE');
  db.close();
});

it('adds rollouts to a version 8 database: its outbox items stay ungated, and the sender skips held ones by index', () => {
  const old = new DatabaseSync(join(dataDir, DATABASE_FILE));
  for (const migration of MIGRATIONS.slice(0, 8)) old.exec(migration);
  old.exec('PRAGMA user_version = 8');
  old
    .prepare(
      `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
       VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'setup', '+14155550101', '{}', 'waiting')`,
    )
    .run();
  old.close();

  const db = openDatabase(dataDir);
  expect(db.prepare('SELECT rollout_id, gated FROM outbox').all()).toEqual([
    { rollout_id: null, gated: 0 },
  ]);
  // A held item must be waiting (the CHECK keeps gated to 0 or 1).
  expect(() => db.exec('UPDATE outbox SET gated = 2')).toThrow();
  const plan = (sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
      .map((row) => row.detail)
      .join(' | ');
  // The sender's walk of due waiting items (outbox-store.ts, dueWaiting) reads no held row.
  expect(
    plan(
      `SELECT * FROM outbox o INDEXED BY outbox_waiting_ungated
       WHERE o.state = 'waiting' AND o.gated = 0 ORDER BY o.id LIMIT 4`,
    ),
  ).toContain('outbox_waiting_ungated');
  expect(
    plan(
      "SELECT * FROM rollouts INDEXED BY rollouts_open WHERE state NOT IN ('released', 'cancelled')",
    ),
  ).toContain('rollouts_open');
  expect(plan('SELECT state FROM outbox WHERE rollout_id = 1')).toContain('outbox_by_rollout');
  db.close();
});
