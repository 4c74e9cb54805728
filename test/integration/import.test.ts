// Bulk import through the real services, the fake Linq API with the fault mix on every card
// write, the real keychain and SQLite: 300 rows (set-ups and updates, numbers that already
// have cards, photos from local files and image URLs, rows Linq refuses, rows skipped in the
// preview) end each in its right state, the summary agrees with the fake's ledger of what was
// applied, nothing is applied twice, the enqueue is all or nothing, and a restart of the
// services half-way keeps the import's progress.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardList } from '../../shared/card-history.schema.ts';
import type {
  ImportFile,
  ImportImageResult,
  ImportProgress,
  ImportRequest,
  ImportRowResult,
  ImportRows,
  KnownCard,
} from '../../shared/import.schema.ts';
import type { PhotoRef } from '../../shared/card.schema.ts';
import { hasExifGps } from '../../renderer/src/lib/image/exif-reader.ts';
import { createCardRecord } from '../../electron/services/card-history/card-record.ts';
import { createOutboxStore } from '../../electron/services/outbox/outbox-store.ts';
import { openDatabase } from '../../electron/services/store.ts';
import { standardFaultMix } from '../support/fault-run.ts';
import { readFixture } from '../support/image-bytes.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const ROWS = 300;
const REQUEST_TIMEOUT_MS = 1_000;
const BAD_IMAGE = 'https://cdn.fake-linq.invalid/__cdn/never-uploaded/photo.png';
const number = (i: number) => `+1415555${String(1000 + i).padStart(4, '0')}`;
const marker = (i: number) => `Store ${i}`;

let h: Harness | undefined;
let dir: string | undefined;

afterEach(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  h = undefined;
  dir = undefined;
});

/** What each row of the file is, and how it must end. */
interface Planned {
  i: number;
  line: number;
  hasCard: boolean;
  /** Set up elsewhere after the last sync: the app finds out from Linq's 409. */
  surprise: boolean;
  refused: boolean;
  photo: 'jpeg' | 'png' | null;
  imageUrl: string | null;
  expected: ImportRowResult['outcome'];
}

function plan(): Planned[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const hasCard = i % 4 === 0;
    const surprise = [1, 5, 9].includes(i);
    const refused = i % 50 === 25;
    const photo = refused || i % 7 !== 0 ? null : i % 2 === 0 ? 'jpeg' : 'png';
    const imageUrl = refused
      ? BAD_IMAGE
      : i % 7 === 3
        ? `https://images.example.com/${i}.png`
        : null;
    const expected = refused ? 'failed' : hasCard || surprise ? 'updated' : 'set-up';
    return { i, line: i + 2, hasCard, surprise, refused, photo, imageUrl, expected };
  });
}

const progressOf = (id: number) => h!.value<ImportProgress>('getImport', { id });

async function allRows(id: number): Promise<ImportRowResult[]> {
  const rows: ImportRowResult[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await h!.value<ImportRows>('listImportRows', {
      id,
      outcome: 'all',
      offset,
      limit: 500,
    });
    rows.push(...page.rows);
    if (rows.length >= page.total) return rows;
  }
}

it('takes 300 rows through faults and a restart to the right final states', async () => {
  // What the user picks in main's open dialog: the spreadsheet, next to its images.
  let picked: string | null = null;
  h = await startHarness(
    { requestTimeoutMs: REQUEST_TIMEOUT_MS, chooseImportSource: async () => picked },
    { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' },
  );
  dir = await mkdtemp(join(tmpdir(), 'linq-import-'));
  const fake = h.fake;
  await h.withKey();
  const planned = plan();

  // The history knows the numbers that have cards (a sync), not the three set up since.
  for (const row of planned.filter((r) => r.hasCard)) {
    fake.seedCard({ phone_number: number(row.i), first_name: 'Elsewhere', last_name: 'Old' });
  }
  await h.value('syncCards');
  for (const row of planned.filter((r) => r.surprise)) {
    fake.seedCard({ phone_number: number(row.i), first_name: 'Surprise' });
  }

  // The preview's "already has a card": what the history knows.
  const known = await h.value<{ cards: KnownCard[] }>('lookupCards', {
    phoneNumbers: planned.map((row) => number(row.i)),
  });
  expect(known.cards.map((card) => card.phoneNumber).sort()).toEqual(
    planned.filter((r) => r.hasCard).map((r) => number(r.i)),
  );
  expect(known.cards[0]).toMatchObject({
    firstName: 'Elsewhere',
    lastName: 'Old',
    status: 'active',
  });
  const hasCard = new Set(known.cards.map((card) => card.phoneNumber));

  // Local images: a phone photo with a GPS position and a PNG, each named on many rows.
  const jpegPath = join(dir, 'storefront.jpg');
  const pngPath = join(dir, 'logo.png');
  await writeFile(jpegPath, readFixture('exif-gps-orientation-6-be.jpg'));
  await writeFile(pngPath, readFixture('transparent.png'));
  picked = join(dir, 'stores.csv');
  await writeFile(picked, 'Phone,First name,Image\n');
  const opened = await h.value<ImportFile>('openImportFile');
  expect(Buffer.from(opened.base64, 'base64').toString()).toBe('Phone,First name,Image\n');
  const images = await h.value<{ results: ImportImageResult[] }>('checkImportImages', {
    grant: opened.grant,
    paths: [jpegPath, pngPath],
  });
  const refs = images.results.map((result) => (result.ok ? result.photo : null));
  expect(refs.every(Boolean)).toBe(true);
  const photoOf: Record<'jpeg' | 'png', PhotoRef> = { jpeg: refs[0]!, png: refs[1]! };

  const request: ImportRequest = {
    requestId: randomUUID(),
    fileName: 'stores.csv',
    rows: planned.map((row) => ({
      line: row.line,
      action: hasCard.has(number(row.i)) ? 'update' : 'setup',
      phoneNumber: number(row.i),
      firstName: marker(row.i),
      lastName: `Branch ${row.i % 10}`,
      ...(row.imageUrl ? { imageUrl: row.imageUrl } : {}),
      ...(row.photo ? { photo: photoOf[row.photo] } : {}),
    })),
    skipped: [
      {
        line: 302,
        phoneNumber: '555-01',
        firstName: 'Bad',
        lastName: '',
        reason: 'invalid',
        detail: 'The phone number is too short.',
      },
      {
        line: 303,
        phoneNumber: number(3),
        firstName: 'Twice',
        lastName: '',
        reason: 'duplicate',
        detail: 'Same number as line 5.',
      },
      {
        line: 304,
        phoneNumber: number(4),
        firstName: 'Again',
        lastName: '',
        reason: 'has-card',
        detail: 'Skipped: the number has a card.',
      },
      {
        line: 305,
        phoneNumber: '+14155550999',
        firstName: 'Left',
        lastName: 'Out',
        reason: 'excluded',
        detail: 'Left out.',
      },
      {
        line: 306,
        phoneNumber: '=cmd|"/c calc"!A1',
        firstName: '@evil',
        lastName: '',
        reason: 'invalid',
        detail: 'Not a phone number.',
      },
    ],
  };

  // Progress events are timed as they arrive (also from the services after the restart).
  const progressTimes: number[] = [];
  const listen = () =>
    h!.services.events.subscribe((name) => {
      if (name === 'importChanged') progressTimes.push(performance.now());
    });
  listen();

  fake.setLatency(30); // long enough to restart half-way
  fake.setSeed(7);
  fake.setFaultMix(standardFaultMix(REQUEST_TIMEOUT_MS));
  const started = await h.value<ImportProgress>('importCards', request);
  expect(started).toMatchObject({
    fileName: 'stores.csv',
    total: ROWS,
    finishedAt: null,
    counts: { skipped: 5 },
  });
  expect(started.counts.pending).toBe(ROWS); // all stored, none sent yet
  const id = started.id;

  // Half-way: the services are closed and opened again on the same data folder.
  await expect
    .poll(
      async () => {
        const { counts } = await progressOf(id);
        return counts.setUp + counts.updated;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(40);
  const before = await progressOf(id);
  expect(before.counts.pending).toBeGreaterThan(50);
  const firstAfterRestart = progressTimes.length;
  await h.restart();
  listen();
  const after = await progressOf(id);
  expect(after.counts.setUp + after.counts.updated).toBeGreaterThanOrEqual(
    before.counts.setUp + before.counts.updated,
  );
  expect(after).toMatchObject({
    id,
    total: ROWS,
    fileName: 'stores.csv',
    createdAt: started.createdAt,
  });

  // Drained: every row final but the three numbers set up elsewhere, which wait for a decision;
  // until they are decided, the import is not finished.
  await expect
    .poll(async () => (await progressOf(id)).counts.pending, { timeout: 90_000, interval: 200 })
    .toBe(0);
  fake.setFaultMix(null);
  const waiting = await progressOf(id);
  expect(waiting.counts.needsDecision).toBe(3);
  expect(waiting.finishedAt).toBeNull();
  const undecided = (await allRows(id)).filter((row) => row.outcome === 'needs-decision');
  expect(undecided.map((row) => row.phoneNumber).sort()).toEqual([1, 5, 9].map(number));
  expect(undecided[0]!.reason).toMatch(/choose in the Outbox/);
  for (const row of undecided) {
    expect(
      await h.call('decideOutboxItem', { id: row.outboxId, decision: 'update-instead' }),
    ).toMatchObject({ ok: true });
  }
  await expect
    .poll(async () => (await progressOf(id)).finishedAt, { timeout: 30_000 })
    .not.toBeNull();

  // Each row ended as planned.
  const final = await progressOf(id);
  const rows = await allRows(id);
  expect(rows).toHaveLength(ROWS + 5);
  expect(rows.map((row) => row.line)).toEqual(
    [...rows.map((row) => row.line)].sort((a, b) => a - b),
  );
  const byLine = new Map(rows.map((row) => [row.line, row]));
  const wrong = planned
    .map((row) => ({ line: row.line, expected: row.expected, got: byLine.get(row.line)?.outcome }))
    .filter((row) => row.expected !== row.got);
  expect(wrong).toEqual([]);
  for (const row of planned.filter((r) => r.refused)) {
    const result = byLine.get(row.line)!;
    expect(result.error).toMatchObject({ code: 'INVALID_INPUT', status: 400, linqCode: 1005 });
    expect(result.reason).toBe(result.error!.message);
  }
  const skipped = rows.filter((row) => row.outcome === 'skipped');
  expect(skipped.map((row) => [row.line, row.reason])).toEqual([
    [302, 'The phone number is too short.'],
    [303, 'Same number as line 5.'],
    [304, 'Skipped: the number has a card.'],
    [305, 'Left out.'],
    [306, 'Not a phone number.'],
  ]);

  // The summary agrees with what Linq actually applied, and nothing was applied twice.
  // (A number that had a card is updated, even by a POST: an update goes as a POST in full
  // when Linq has left the card not active, after a 503/4004 in the fault mix.)
  const hadCard = new Set(planned.filter((r) => r.hasCard || r.surprise).map((r) => number(r.i)));
  const applied = new Map<string, { created: number; updated: number }>();
  for (const effect of fake.ledger) {
    if (effect.effect !== 'card.created' && effect.effect !== 'card.updated') continue;
    const name = (effect.body as { first_name?: string }).first_name ?? '';
    const tally = applied.get(name) ?? { created: 0, updated: 0 };
    if (effect.effect === 'card.created' && !hadCard.has(effect.phoneNumber ?? '')) tally.created++;
    else tally.updated++;
    applied.set(name, tally);
  }
  const twice = [...applied].filter(([, t]) => t.created + t.updated > 1).map(([name]) => name);
  expect(twice).toEqual([]);
  const created = [...applied.values()].filter((t) => t.created === 1).length;
  const updated = [...applied.values()].filter((t) => t.updated === 1).length;
  expect(final.counts).toEqual({
    setUp: created,
    updated,
    failed: 6,
    cancelled: 0,
    needsDecision: 0,
    pending: 0,
    skipped: 5,
  });
  expect(final.counts.setUp).toBe(ROWS - 75 - 3 - 6);
  expect(final.counts.updated).toBe(75 + 3);
  for (const row of planned.filter((r) => r.refused))
    expect(applied.has(marker(row.i))).toBe(false);
  // The faults really happened, so the run proves something.
  const outcomes = fake.requests.map((r) => r.outcome);
  expect(outcomes.filter((o) => o === 'fault').length).toBeGreaterThan(20);
  expect(outcomes.filter((o) => o === 'reset').length).toBeGreaterThan(2);

  // Images: each local photo uploaded once, without its GPS position; URLs passed as given.
  const uploads = fake.ledger.filter((effect) => effect.effect === 'attachment.uploaded');
  expect(uploads).toHaveLength(2);
  for (const attachment of fake.attachments.values()) {
    if (attachment.bytes) expect(hasExifGps(new Uint8Array(attachment.bytes))).toBe(false);
  }
  for (const row of planned.filter((r) => r.photo)) {
    expect(fake.cards.get(number(row.i))?.image_url).toMatch(
      /^https:\/\/cdn\.fake-linq\.invalid\//,
    );
  }
  for (const row of planned.filter((r) => r.imageUrl && !r.refused)) {
    expect(fake.cards.get(number(row.i))?.image_url).toBe(row.imageUrl);
  }

  // Progress was published while it moved, a few times a second at most.
  expect(progressTimes.length).toBeGreaterThan(3);
  // (The gap across the restart is between two services, each with its own coalescer.)
  const gaps = progressTimes
    .map((t, n) => (n === 0 || n === firstAfterRestart ? Infinity : t - progressTimes[n - 1]!))
    .filter((gap) => gap < 200);
  expect(gaps).toEqual([]);
  const last = h.events.filter((e) => e.name === 'importChanged').at(-1)?.payload;
  expect(last).toEqual(final);

  // The history shows the imported cards.
  const history = await h.value<CardList>('listCards', {
    query: 'Store 1',
    status: 'all',
    offset: 0,
    limit: 500,
  });
  expect(history.total).toBeGreaterThan(10);

  // The summary as CSV, read back with a real CSV parser.
  const exported = await h.value<{ path: string; rows: number }>('exportImportSummary', { id });
  expect(exported.rows).toBe(ROWS + 5);
  expect(exported.path).toMatch(/stores-summary-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(exported.path, 'utf8');
  const records = parse(text.slice(1), { columns: true }) as Record<string, string>[];
  expect(Object.keys(records[0]!)).toEqual([
    'Line',
    'Phone number',
    'First name',
    'Last name',
    'Action',
    'Outcome',
    'Reason',
    'Trace id',
  ]);
  expect(records.filter((r) => r.Outcome === 'Set up')).toHaveLength(final.counts.setUp);
  expect(records.filter((r) => r.Outcome === 'Updated')).toHaveLength(final.counts.updated);
  const refusedLine = records.find((r) => r.Line === String(planned[25]!.line))!;
  expect(refusedLine).toMatchObject({ Outcome: 'Failed', Action: 'Set up' });
  expect(refusedLine['Trace id']).not.toBe('');
  expect(refusedLine.Reason).toBe(byLine.get(planned[25]!.line)!.reason);
  // A hostile cell is text, not a formula.
  expect(records.find((r) => r.Line === '306')).toMatchObject({
    'Phone number': `'=cmd|"/c calc"!A1`,
    'First name': `'@evil`,
    Outcome: 'Skipped',
  });

  // A failed row edited in the Outbox (a submission replacing its item) is followed by the
  // import: it reopens, and ends with how the edit ended.
  const failedRow = byLine.get(planned[25]!.line)!;
  const edit = await h.value<{ id: number }>('setupCard', {
    phoneNumber: failedRow.phoneNumber,
    firstName: failedRow.firstName,
    imageUrl: 'https://images.example.com/fixed.png',
    replaces: failedRow.outboxId,
  });
  await expect
    .poll(async () => (await progressOf(id)).finishedAt, { timeout: 30_000 })
    .toSatisfy((at: string | null) => at !== null && at > final.finishedAt!); // finished again
  expect((await progressOf(id)).counts).toMatchObject({
    setUp: final.counts.setUp + 1,
    failed: 5,
    cancelled: 0,
  });
  expect((await allRows(id)).find((row) => row.line === failedRow.line)).toMatchObject({
    outcome: 'set-up',
    outboxId: edit.id,
    reason: null,
    error: null,
  });
}, 180_000);

describe('all or nothing', () => {
  it('stores nothing when one row of the request is invalid', async () => {
    h = await startHarness();
    await h.fake.goOffline();
    const rows = Array.from({ length: 50 }, (_, i) => ({
      line: i + 2,
      action: 'setup' as const,
      phoneNumber: number(i),
      firstName: marker(i),
    }));
    for (const bad of [
      { ...rows[20]!, phoneNumber: '+1555' },
      { ...rows[20]!, firstName: '' },
      { ...rows[20]!, imageUrl: 'http://not-https.example/logo.png' },
      { ...rows[20]!, photo: { sha256: 'a'.repeat(64), contentType: 'image/jpeg' as const } }, // never stored
      { ...rows[20]!, phoneNumber: number(3) }, // the same number as another row
    ]) {
      const result = await h.call('importCards', {
        requestId: randomUUID(),
        fileName: 'stores.csv',
        rows: rows.map((row, n) => (n === 20 ? bad : row)),
        skipped: [],
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    const outbox = h.services.outboxSnapshot();
    expect(outbox.items).toEqual([]);
    expect(await h.value('getImport', { id: 1 })).toBeNull();
    expect(
      (await h.value<CardList>('listCards', { query: '', status: 'all', offset: 0, limit: 10 }))
        .total,
    ).toBe(0);
    // The same rows, all valid, go in together.
    const ok = await h.value<ImportProgress>('importCards', {
      requestId: randomUUID(),
      fileName: 'stores.csv',
      rows,
      skipped: [],
    });
    expect(ok).toMatchObject({ total: 50, counts: { pending: 50 } });
    expect(h.services.outboxSnapshot().status.counts.waiting).toBe(50);
    expect(
      await h.call('importCards', {
        requestId: randomUUID(),
        fileName: 'empty.csv',
        rows: [],
        skipped: [],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', detail: expect.stringMatching(/no row is ready/) },
    });
  });

  it('rolls the whole batch back when the import’s own records fail to write', async () => {
    dir = await mkdtemp(join(tmpdir(), 'linq-import-rollback-'));
    const db = openDatabase(dir);
    const now = () => new Date('2026-03-01T10:00:00Z');
    const record = createCardRecord(db, now);
    const seen: string[] = [];
    record.onRowChanged((entry) => seen.push(entry.phoneNumber));
    const store = createOutboxStore(db, record, now);
    const submissions = [0, 1, 2].map((i) => ({
      action: 'setup' as const,
      phoneNumber: number(i),
      fields: { firstName: marker(i) },
    }));
    expect(() =>
      store.enqueueAll(submissions, () => {
        throw new Error('disk full half-way');
      }),
    ).toThrow('disk full half-way');
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('outbox'), count('cards'), count('card_events')]).toEqual([0, 0, 0]);
    expect(seen).toEqual([]); // the search index never heard of them
    expect(store.enqueueAll(submissions)).toHaveLength(3);
    expect(seen).toHaveLength(3);
    db.close();
  });
});

describe('one request, one import', () => {
  it('enqueues the rows of a request once, however often it is sent', async () => {
    h = await startHarness();
    await h.fake.goOffline();
    const request: ImportRequest = {
      requestId: randomUUID(),
      fileName: 'stores.csv',
      rows: [0, 1, 2].map((i) => ({
        line: i + 2,
        action: 'setup' as const,
        phoneNumber: number(i),
        firstName: marker(i),
      })),
      skipped: [],
    };
    // A double click that got through, then a retry after an error the window saw.
    const [first, second] = await Promise.all([
      h.value<ImportProgress>('importCards', request),
      h.value<ImportProgress>('importCards', request),
    ]);
    const retry = await h.value<ImportProgress>('importCards', request);
    expect([second.id, retry.id]).toEqual([first.id, first.id]);
    expect(retry).toMatchObject({ total: 3, counts: { pending: 3 } });
    expect(h.services.outboxSnapshot().items).toHaveLength(3);
    // Another request is another import.
    const other = await h.value<ImportProgress>('importCards', {
      ...request,
      requestId: randomUUID(),
    });
    expect(other.id).not.toBe(first.id);
  });
});

describe('updates from a file', () => {
  it('send only what differs from the card, and nothing when nothing differs', async () => {
    h = await startHarness();
    const fake = h.fake;
    await h.withKey();
    const image = 'https://images.example.com/old.png';
    for (const i of [0, 1, 2, 3, 4]) {
      fake.seedCard({
        phone_number: number(i),
        first_name: 'Store',
        last_name: 'Old',
        image_url: image,
      });
    }
    await h.value('syncCards');
    // A setup of number(5) still waits in the outbox: what its card will be is not known yet.
    await fake.goOffline();
    await h.value('setupCard', { phoneNumber: number(5), firstName: 'Store', lastName: 'Old' });
    const base = { action: 'update' as const, firstName: 'Store' };
    const request: ImportRequest = {
      requestId: randomUUID(),
      fileName: 'stores.csv',
      rows: [
        { ...base, line: 2, phoneNumber: number(0), lastName: 'Old', imageUrl: image }, // the same
        { ...base, line: 3, phoneNumber: number(1), firstName: 'Store 1', lastName: 'Old' },
        { ...base, line: 4, phoneNumber: number(2), firstName: 'Renamed' }, // no last-name column
        { ...base, line: 5, phoneNumber: number(3), lastName: '' }, // emptied: cleared
        {
          ...base,
          line: 6,
          phoneNumber: number(4),
          imageUrl: 'https://images.example.com/new.png',
        },
        { ...base, line: 7, phoneNumber: number(5), lastName: 'Old' },
      ],
      skipped: [],
    };
    const started = await h.value<ImportProgress>('importCards', request);
    expect(started).toMatchObject({ total: 5, counts: { pending: 5, skipped: 1 } });
    const unchanged = (await allRows(started.id)).find((row) => row.line === 2);
    expect(unchanged).toMatchObject({
      outcome: 'skipped',
      reason: 'Already has these details: nothing to update.',
    });

    await fake.goOnline();
    await expect
      .poll(async () => (await progressOf(started.id)).counts.pending, { timeout: 20_000 })
      .toBe(0);
    expect((await progressOf(started.id)).counts).toMatchObject({ updated: 5, failed: 0 });
    const patches = new Map(
      fake.ledger
        .filter((effect) => effect.effect === 'card.updated')
        .map((effect) => [effect.phoneNumber, effect.body]),
    );
    expect(patches.has(number(0))).toBe(false);
    expect(patches.get(number(1))).toEqual({ first_name: 'Store 1' });
    expect(patches.get(number(2))).toEqual({ first_name: 'Renamed' });
    expect(patches.get(number(3))).toEqual({ last_name: '' });
    expect(patches.get(number(4))).toEqual({ image_url: 'https://images.example.com/new.png' });
    // Behind a setup still in the outbox, the row (sent whole) joins it: one POST, no PATCH.
    expect(patches.has(number(5))).toBe(false);
    const setups = fake.ledger.filter(
      (effect) => effect.effect === 'card.created' && effect.phoneNumber === number(5),
    );
    expect(setups.map((effect) => effect.body)).toEqual([
      { phone_number: number(5), first_name: 'Store', last_name: 'Old' },
    ]);
    expect(fake.cards.get(number(2))).toMatchObject({ first_name: 'Renamed', last_name: 'Old' });
  });
});
