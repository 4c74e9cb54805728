// Opening a database written by an earlier schema. From version 3 (before the card history):
// every number gets its row, with the card as Linq last confirmed it, never a name that was
// only submitted, and its state from the outbox. The first submission record is dropped
// without losing anything a screen shows.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCardRecord } from '../../electron/services/card-history/card-record.ts';
import { createKnownImageUrls } from '../../electron/services/card-images/known-image-urls.ts';
import { createPhotoReferences } from '../../electron/services/photos/photo-references.ts';
import { DATABASE_FILE, MIGRATIONS, openDatabase } from '../../electron/services/store.ts';

let dataDir: string;
const PHOTO = { sha256: 'a'.repeat(64), contentType: 'image/jpeg' };

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

it('drops the first submission record, keeping every card, timeline entry, image and photo it named', () => {
  const old = new DatabaseSync(join(dataDir, DATABASE_FILE));
  // A set-up from before the outbox (no item), with an image address.
  old.exec(MIGRATIONS[0]!);
  old
    .prepare(
      `INSERT INTO history (at, action, phone_number, first_name, last_name, image_url, outcome)
       VALUES ('2025-06-01T10:00:00Z', 'setup', '+14155550101', 'Ann', 'Lee', ?, 'active')`,
    )
    .run('https://cdn.example/ann.png');
  // A set-up through the outbox with a photo this computer uploaded.
  for (const migration of MIGRATIONS.slice(1, 3)) old.exec(migration);
  const fields = { firstName: 'Bo', imageUrl: 'https://cdn.example/bo.jpg', photo: PHOTO };
  const { id } = old
    .prepare(
      `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
       VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'setup', '+14155550102', ?,
               'done') RETURNING id`,
    )
    .get(JSON.stringify(fields)) as { id: number };
  old
    .prepare(
      `INSERT INTO history (at, action, phone_number, first_name, image_url, outcome, outbox_id,
         photo_sha256)
       VALUES ('2026-01-01T00:00:01Z', 'setup', '+14155550102', 'Bo', ?, 'active', ?, ?)`,
    )
    .run(fields.imageUrl, id, PHOTO.sha256);
  // Up to the version before the drop: opening the file applies it (and any after it).
  const drop = MIGRATIONS.indexOf('DROP TABLE history;');
  for (const migration of MIGRATIONS.slice(3, drop)) old.exec(migration);
  old.exec(`PRAGMA user_version = ${drop}`);
  old.close();

  const db = openDatabase(dataDir);
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all();
  expect(tables.map((table) => (table as { name: string }).name)).not.toContain('history');
  // What History shows of both: the card as Linq confirmed it, and its timeline.
  const cards = createCardRecord(db, () => new Date('2026-02-01T00:00:00Z'));
  expect(cards.get('+14155550101')).toMatchObject({
    firstName: 'Ann',
    lastName: 'Lee',
    imageUrl: 'https://cdn.example/ann.png',
    status: 'active',
  });
  expect(cards.events('+14155550101', 10)).toMatchObject([{ kind: 'set-up', outboxId: null }]);
  expect(cards.get('+14155550102')).toMatchObject({
    firstName: 'Bo',
    imageUrl: fields.imageUrl,
    photoSha256: PHOTO.sha256,
  });
  expect(cards.events('+14155550102', 10)).toMatchObject([{ kind: 'set-up', outboxId: id }]);
  // Their photos are still shown: known addresses, and the uploaded photo is kept.
  const known = createKnownImageUrls(db);
  expect([known('https://cdn.example/ann.png'), known(fields.imageUrl)]).toEqual([true, true]);
  expect(createPhotoReferences(db)()).toContain(PHOTO.sha256);
  db.close();
});

it('gives a version 8 database the versions its history and cards hold, repeats dropped', () => {
  const old = new DatabaseSync(join(dataDir, DATABASE_FILE));
  for (const migration of MIGRATIONS.slice(0, 8)) old.exec(migration);
  old.exec('PRAGMA user_version = 8');
  const outbox = old.prepare(
    `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
     VALUES ('2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'update', ?, '{}', 'done')
     RETURNING id`,
  );
  const history = old.prepare(
    `INSERT INTO history (at, action, phone_number, first_name, last_name, image_url, outcome,
       outbox_id, photo_sha256) VALUES (?, 'update', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const card = old.prepare(
    `INSERT INTO cards (phone_number, first_name, last_name, image_url, is_active, status,
       confirmed_by, confirmed_at, origin, changed_at)
     VALUES (?, ?, ?, ?, 1, 'active', ?, ?, 'elsewhere', ?)`,
  );
  const A = '+14155550101';
  const B = '+14155550102';
  const C = '+14155550103';
  const item = (phone: string) => (outbox.get(phone) as { id: number }).id;
  const photo = 'a'.repeat(64);
  const img = 'https://cdn.example.com/a.png';
  const a1 = item(A);
  history.run('2026-01-01T10:00:00Z', A, 'Ann', 'Lee', img, 'active', a1, photo);
  // Combined into the one before it: confirmed with the same card, so no version of its own.
  history.run('2026-01-01T10:00:01Z', A, 'Ann', 'Lee', img, 'active', item(A), photo);
  history.run('2026-01-02T10:00:00Z', A, 'Never', 'Sent', null, 'failed', item(A), null);
  history.run('2026-01-03T10:00:00Z', A, 'Still', 'Waiting', null, 'pending', item(A), null);
  const a3 = item(A);
  history.run('2026-01-04T10:00:00Z', A, 'Ann', 'Park', img, 'inactive', a3, photo);
  const { id: importId } = old
    .prepare(
      `INSERT INTO imports (file_name, created_at, total) VALUES ('stores.csv', 'x', 1)
       RETURNING id`,
    )
    .get() as { id: number };
  old
    .prepare(
      `INSERT INTO import_rows (import_id, line, phone_number, first_name, last_name, action,
         outbox_id) VALUES (?, 2, ?, 'Ann', 'Park', 'update', ?)`,
    )
    .run(importId, A, a3);
  history.run('2026-01-01T11:00:00Z', B, 'Bob', null, null, 'active', item(B), null);
  // A: the latest history entry again (a sync saw it unchanged). B: changed at Linq since. C:
  // only ever seen at Linq. D: never confirmed.
  const at = '2026-01-05T00:00:00Z';
  card.run(A, 'Ann', 'Park', img, 'sync', at, at);
  card.run(B, 'Robert', null, null, 'sync', at, at);
  card.run(C, 'Cara', null, null, 'sync', at, at);
  card.run('+14155550104', null, null, null, null, null, at);
  old.close();

  // Opening applies every later migration, the one that drops the legacy history included:
  // the versions are their own.
  const db = openDatabase(dataDir);
  const rows = db
    .prepare(
      `SELECT phone_number, first_name, last_name, image_url, photo_sha256, is_active,
              confirmed_at, made_by, outbox_id, import_id FROM card_versions ORDER BY id`,
    )
    .all()
    .map((row) => ({ ...row }));
  expect(rows).toEqual([
    {
      phone_number: A,
      first_name: 'Ann',
      last_name: 'Lee',
      image_url: img,
      photo_sha256: photo,
      is_active: 1,
      confirmed_at: '2026-01-01T10:00:00Z',
      made_by: 'submission',
      outbox_id: a1,
      import_id: null,
    },
    {
      phone_number: A,
      first_name: 'Ann',
      last_name: 'Park',
      image_url: img,
      photo_sha256: photo,
      is_active: 0,
      confirmed_at: '2026-01-04T10:00:00Z',
      made_by: 'import',
      outbox_id: a3,
      import_id: importId,
    },
    expect.objectContaining({ phone_number: B, first_name: 'Bob', made_by: 'submission' }),
    expect.objectContaining({ phone_number: B, first_name: 'Robert', made_by: 'seen-at-linq' }),
    expect.objectContaining({ phone_number: C, first_name: 'Cara', made_by: 'seen-at-linq' }),
  ]);
  // Each card points at its latest version; one never confirmed at none.
  const links = db
    .prepare(
      `SELECT c.phone_number, v.first_name FROM cards c LEFT JOIN card_versions v
       ON v.id = c.version_id ORDER BY c.phone_number`,
    )
    .all()
    .map((row) => ({ ...row }));
  expect(links).toEqual([
    { phone_number: A, first_name: 'Ann' },
    { phone_number: B, first_name: 'Robert' },
    { phone_number: C, first_name: 'Cara' },
    { phone_number: '+14155550104', first_name: null },
  ]);
  // The record opens on the migrated rows and lists the versions newest first.
  const record = createCardRecord(db, () => new Date('2026-02-01T00:00:00Z'));
  const listed = record.versions.list(A, 0, 10);
  expect(listed.total).toBe(2);
  expect(listed.versions.map((v) => [v.lastName, v.importName, v.current])).toEqual([
    ['Park', 'stores.csv', true],
    ['Lee', null, false],
  ]);
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

it('gives the update rows of earlier imports the version each card had before the import', () => {
  const old = new DatabaseSync(join(dataDir, DATABASE_FILE));
  const before = MIGRATIONS.indexOf('DROP TABLE history;') + 1;
  for (const migration of MIGRATIONS.slice(0, before)) old.exec(migration);
  old.exec(`PRAGMA user_version = ${before}`);
  const A = '+14155550101';
  const version = old.prepare(
    `INSERT INTO card_versions (phone_number, first_name, confirmed_at, confirmed_by, made_by)
     VALUES (?, ?, ?, 'sync', 'seen-at-linq') RETURNING id`,
  );
  const earlier = (version.get(A, 'Old', '2026-01-01T10:00:00Z') as { id: number }).id;
  const latestBefore = (version.get(A, 'Older', '2026-01-02T10:00:00Z') as { id: number }).id;
  const { id: importId } = old
    .prepare(
      `INSERT INTO imports (file_name, created_at, total)
       VALUES ('stores.csv', '2026-01-03T10:00:00Z', 2) RETURNING id`,
    )
    .get() as { id: number };
  version.get(A, 'New', '2026-01-03T10:00:05Z'); // the import's own, after it started
  const { id: item } = old
    .prepare(
      `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
       VALUES ('2026-01-03T10:00:00Z', '2026-01-03T10:00:00Z', 'update', ?, '{}', 'done')
       RETURNING id`,
    )
    .get(A) as { id: number };
  const row = old.prepare(
    `INSERT INTO import_rows (import_id, line, phone_number, first_name, last_name, action,
       outbox_id, skip_reason) VALUES (?, ?, ?, 'New', '', ?, ?, ?)`,
  );
  row.run(importId, 2, A, 'update', item, null);
  row.run(importId, 3, '+14155550102', null, null, 'invalid');
  old.close();

  const db = openDatabase(dataDir);
  const rows = db
    .prepare('SELECT line, before_version_id FROM import_rows ORDER BY line')
    .all() as { line: number; before_version_id: number | null }[];
  expect(rows.map((r) => [r.line, r.before_version_id])).toEqual([
    [2, latestBefore],
    [3, null],
  ]);
  expect(earlier).toBeLessThan(latestBefore);
  expect(db.prepare('SELECT kind, undoes FROM imports').get()).toEqual({
    kind: 'file',
    undoes: null,
  });
  db.close();
});

it('gives restores a request id: earlier restores keep none, and one id makes one restore', () => {
  const old = new DatabaseSync(join(dataDir, DATABASE_FILE));
  const before = MIGRATIONS.findIndex((m) => m.includes('ALTER TABLE restores ADD COLUMN'));
  expect(before).toBeGreaterThan(0);
  for (const migration of MIGRATIONS.slice(0, before)) old.exec(migration);
  old.exec(`PRAGMA user_version = ${before}`);
  const item = old.prepare(
    `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
     VALUES ('2026-01-03T10:00:00Z', '2026-01-03T10:00:00Z', 'update', '+14155550101', '{}', 'done')
     RETURNING id`,
  );
  const { id: version } = old
    .prepare(
      `INSERT INTO card_versions (phone_number, first_name, confirmed_at, confirmed_by, made_by)
       VALUES ('+14155550101', 'Old', '2026-01-01T10:00:00Z', 'sync', 'seen-at-linq') RETURNING id`,
    )
    .get() as { id: number };
  const { id: earlier } = item.get() as { id: number };
  old.prepare('INSERT INTO restores (outbox_id, version_id) VALUES (?, ?)').run(earlier, version);
  old.close();

  const db = openDatabase(dataDir);
  expect(db.prepare('SELECT outbox_id, request_id FROM restores').all()).toEqual([
    { outbox_id: earlier, request_id: null },
  ]);
  const insert = db.prepare(
    'INSERT INTO restores (outbox_id, version_id, request_id) VALUES (?, ?, ?)',
  );
  const newItem = () =>
    (
      db
        .prepare(
          `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state)
           VALUES ('2026-01-04T10:00:00Z', '2026-01-04T10:00:00Z', 'update', '+14155550101', '{}',
             'waiting') RETURNING id`,
        )
        .get() as { id: number }
    ).id;
  insert.run(newItem(), version, null); // restores without an id may repeat
  const requestId = '1c9e3f7a-5b2d-4e8f-a6c1-3d7b9e0f2a41';
  insert.run(newItem(), version, requestId);
  expect(() => insert.run(newItem(), version, requestId)).toThrow(/UNIQUE/);
  const plan = (
    db.prepare('EXPLAIN QUERY PLAN SELECT outbox_id FROM restores WHERE request_id = ?').all() as {
      detail: string;
    }[]
  )
    .map((row) => row.detail)
    .join(' | ');
  expect(plan).toContain('restores_by_request');
  db.close();
});
