// Undoing an import through the real services and the fake Linq API: a 300-row import (200
// updates of cards Linq had, 100 set-ups) is undone; every card it changed goes back to its
// version from before the import, one PATCH each, and the cards changed again since (here and
// at Linq) get no request unless included; the set-ups stay and are counted; the same request
// twice makes one undo, and an import is undone once; rows still waiting are cancelled.
// (Images: undo-images.test.ts; held and scheduled undos: undo-held.test.ts.)
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardHistory } from '../../shared/card-history.schema.ts';
import type { ImportProgress, ImportRequest, ImportRows } from '../../shared/import.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { UndoPlan } from '../../shared/undo.schema.ts';
import { importWith, rolloutNumber, waitForRollout } from '../support/rollouts.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';
import { cardWrites as allCardWrites, importFinished } from '../support/undo.ts';

requireTestKeyring();

const UPDATES = 200;
const SETUPS = 100;
const number = (i: number) => `+1415556${String(1000 + i).padStart(4, '0')}`;
const line = (i: number) => i + 2;
/** Changed here after the import (lines of updates), and at Linq. */
const EDITED_HERE = Array.from({ length: 10 }, (_, k) => k * 7);
const EDITED_AT_LINQ = Array.from({ length: 5 }, (_, k) => 101 + k * 11);

let h: Harness;

beforeEach(async () => {
  h = await startHarness({}, { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
  await h.withKey();
});

afterEach(async () => {
  await h.close();
});

const finished = (id: number) => importFinished(h, id);

/** 200 cards at Linq, synced; then an import updating them all and setting up 100 more. */
async function importedStores(): Promise<ImportProgress> {
  for (let i = 0; i < UPDATES; i++) {
    h.fake.seedCard({
      phone_number: number(i),
      first_name: `Old ${i}`,
      last_name: 'Pharmacy',
      image_url: `https://images.example.com/old-${i}.png`,
    });
  }
  await h.value('syncCards');
  const request: ImportRequest = {
    requestId: randomUUID(),
    fileName: 'stores.csv',
    rows: Array.from({ length: UPDATES + SETUPS }, (_, i) => ({
      line: line(i),
      action: i < UPDATES ? ('update' as const) : ('setup' as const),
      phoneNumber: number(i),
      firstName: `New ${i}`,
      lastName: 'Chemist',
    })),
    skipped: [],
  };
  const started = await h.value<ImportProgress>('importCards', request);
  const done = await finished(started.id);
  expect(done).toMatchObject({
    kind: 'file',
    counts: { updated: UPDATES, setUp: SETUPS, failed: 0 },
  });
  return done;
}

async function editHereAndAtLinq(): Promise<void> {
  for (const i of EDITED_HERE) {
    const item = await h.value<OutboxItem>('updateCard', {
      phoneNumber: number(i),
      firstName: `Edited ${i}`,
    });
    await h.waitForItem(item.id, (it) => it.state === 'done');
  }
  for (const i of EDITED_AT_LINQ) h.fake.cards.get(number(i))!.first_name = `Linq ${i}`;
  await h.value('syncCards');
}

const cardWrites = () => allCardWrites(h);

describe('undo of a 300-row import', () => {
  it('puts back every card it changed, touches none changed since, and leaves the set-ups', async () => {
    const imported = await importedStores();
    await editHereAndAtLinq();

    const plan = await h.value<UndoPlan>('planUndoImport', { importId: imported.id });
    expect(plan.counts).toEqual({
      restore: UPDATES - 15,
      setUp: SETUPS,
      changedSince: 15,
      notSent: 0,
      unchanged: 0,
      noEarlierVersion: 0,
      blocking: 0,
      photoByAddress: 0,
    });
    expect(
      plan.changedSince.map((row) => [row.line, row.by]).sort((a, b) => +a[0]! - +b[0]!),
    ).toEqual(
      [
        ...EDITED_HERE.map((i) => [line(i), 'submission']),
        ...EDITED_AT_LINQ.map((i) => [line(i), 'linq']),
      ].sort((a, b) => +a[0]! - +b[0]!),
    );
    expect(plan.changedSince.find((row) => row.line === line(0))).toMatchObject({
      importedName: 'New 0 Chemist',
      nowName: 'Edited 0 Chemist',
    });
    expect(plan.undoneBy).toBeNull();

    const writesBefore = cardWrites().length;
    const ledgerBefore = h.fake.ledger.length;
    const requestId = randomUUID();
    const undo = await h.value<ImportProgress>('undoImport', {
      requestId,
      importId: imported.id,
      include: [],
    });
    expect(undo).toMatchObject({
      fileName: 'Undo of stores.csv',
      kind: 'undo',
      total: UPDATES - 15,
    });
    const done = await finished(undo.id);
    expect(done.counts).toMatchObject({ updated: UPDATES - 15, skipped: 115, failed: 0 });

    // One PATCH per restored card, each sending only what differs (the names; the image
    // was never changed by the import).
    const writes = cardWrites().slice(writesBefore);
    expect(writes).toHaveLength(UPDATES - 15);
    expect(writes.every((w) => w.method === 'PATCH')).toBe(true);
    const changedSince = new Set([...EDITED_HERE, ...EDITED_AT_LINQ].map(number));
    const touched = h.fake.ledger.slice(ledgerBefore).map((entry) => entry.phoneNumber);
    expect(new Set(touched).size).toBe(UPDATES - 15);
    expect(touched.filter((n) => changedSince.has(n!))).toEqual([]);
    const bodies = writes.map((w) =>
      Object.keys(w.body as object)
        .sort()
        .join(','),
    );
    expect(new Set(bodies)).toEqual(new Set(['first_name,last_name']));

    for (let i = 0; i < UPDATES + SETUPS; i++) {
      const card = h.fake.cards.get(number(i))!;
      if (EDITED_HERE.includes(i)) expect(card.first_name).toBe(`Edited ${i}`);
      else if (EDITED_AT_LINQ.includes(i)) expect(card.first_name).toBe(`Linq ${i}`);
      else if (i < UPDATES) {
        expect(card).toMatchObject({
          first_name: `Old ${i}`,
          last_name: 'Pharmacy',
          image_url: `https://images.example.com/old-${i}.png`,
        });
      } else expect(card).toMatchObject({ first_name: `New ${i}`, last_name: 'Chemist' });
    }

    // The restored cards' newest versions are the undo's.
    const { versions } = await h.value<CardHistory>('getCardHistory', {
      phoneNumber: number(1),
    });
    expect(versions[0]).toMatchObject({ firstName: 'Old 1', madeBy: 'undo', importId: undo.id });

    // Idempotent per request id, and one undo per import.
    const again = await h.value<ImportProgress>('undoImport', {
      requestId,
      importId: imported.id,
      include: [],
    });
    expect(again.id).toBe(undo.id);
    const second = await h.call('undoImport', {
      requestId: randomUUID(),
      importId: imported.id,
      include: [],
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(cardWrites().length).toBe(writesBefore + UPDATES - 15);
    expect(
      (await h.value<UndoPlan>('planUndoImport', { importId: imported.id })).undoneBy?.id,
    ).toBe(undo.id);

    // The undo's own summary: every line of the import, with what became of it.
    const rows = await h.value<ImportRows>('listImportRows', {
      id: undo.id,
      outcome: 'skipped',
      offset: 0,
      limit: 500,
    });
    expect(rows.total).toBe(115);
    expect(rows.rows.find((r) => r.line === line(UPDATES))?.reason).toMatch(/no way to delete/);
    expect(rows.rows.find((r) => r.line === line(0))?.reason).toMatch(/Changed again since/);
    const csv = await h.value<{ path: string; rows: number }>('exportImportSummary', {
      id: undo.id,
    });
    expect(csv.rows).toBe(UPDATES + SETUPS);
    const table = parse((await readFile(csv.path, 'utf8')).slice(1), {
      columns: true,
    }) as Record<string, string>[];
    expect(table.find((r) => r['Line'] === String(line(1)))).toMatchObject({
      'First name': 'Old 1',
      'Last name': 'Pharmacy',
      Outcome: 'Updated',
    });
  }, 120_000);

  it('restores the changed-since cards the user includes, and only those', async () => {
    const imported = await importedStores();
    await editHereAndAtLinq();
    const included = [EDITED_HERE[1]!, EDITED_AT_LINQ[0]!];
    const writesBefore = cardWrites().length;
    const undo = await h.value<ImportProgress>('undoImport', {
      requestId: randomUUID(),
      importId: imported.id,
      include: included.map(line),
    });
    const done = await finished(undo.id);
    expect(done.counts).toMatchObject({ updated: UPDATES - 13, skipped: 113 });
    expect(cardWrites().length - writesBefore).toBe(UPDATES - 13);
    for (const i of included) expect(h.fake.cards.get(number(i))!.first_name).toBe(`Old ${i}`);
    expect(h.fake.cards.get(number(EDITED_HERE[0]!))!.first_name).toBe(`Edited ${EDITED_HERE[0]}`);
  }, 120_000);
});

describe('rows of the import not sent yet', () => {
  it('are cancelled by the undo: nothing is sent for them, and the summary says so', async () => {
    h.fake.seedCard({ phone_number: number(0), first_name: 'Old 0' });
    await h.value('syncCards');
    // Linq out of reach while importing: the row waits in the outbox (once its first try
    // failed, the outbox probes Linq and sends nothing).
    await h.fake.goOffline();
    const started = await h.value<ImportProgress>('importCards', {
      requestId: randomUUID(),
      fileName: 'late.csv',
      rows: [{ line: 2, action: 'update', phoneNumber: number(0), firstName: 'New 0' }],
      skipped: [],
    });
    const [row] = (
      await h.value<ImportRows>('listImportRows', {
        id: started.id,
        outcome: 'all',
        offset: 0,
        limit: 10,
      })
    ).rows;
    await h.waitForItem(row!.outboxId!, (item) => item.state === 'waiting' && !!item.lastError);
    const plan = await h.value<UndoPlan>('planUndoImport', { importId: started.id });
    expect(plan.counts).toMatchObject({ notSent: 1, restore: 0 });
    const undo = await h.value<ImportProgress>('undoImport', {
      requestId: randomUUID(),
      importId: started.id,
      include: [],
    });
    await h.fake.goOnline();
    expect(undo.total).toBe(0);
    expect((await finished(started.id)).counts).toMatchObject({ cancelled: 1 });
    const rows = await h.value<ImportRows>('listImportRows', {
      id: undo.id,
      outcome: 'all',
      offset: 0,
      limit: 10,
    });
    expect(rows.rows[0]?.reason).toMatch(/cancelled by the undo/);
    expect(h.fake.cards.get(number(0))!.first_name).toBe('Old 0');
    expect(cardWrites()).toEqual([]);
  });
});

describe('a change that rode along', () => {
  it('lists a card a staff edit changed after its held row was released as changed since', async () => {
    const numbers = [rolloutNumber(40), rolloutNumber(41)];
    for (const phone of numbers) {
      h.fake.seedCard({ phone_number: phone, first_name: 'Old', last_name: 'Name' });
    }
    await h.value('syncCards');
    const rows = numbers.map((phoneNumber, i) => ({
      line: i + 2,
      action: 'update' as const,
      phoneNumber,
      firstName: 'New',
      lastName: 'Brand',
    }));
    const imported = await importWith(h, rows, { firstLineFirst: true });
    const held = await waitForRollout(h, (r) => r.pilot?.outcome === 'done');
    // While the second line is held, Linq becomes unreachable: released, its row and the staff
    // edit made meanwhile wait together, and go as one request when Linq is back.
    await h.fake.goOffline();
    await h.value('decideRollout', { id: held.id, action: 'send-rest' });
    const edit = await h.value<OutboxItem>('updateCard', {
      phoneNumber: numbers[1],
      lastName: 'EditedByStaff',
    });
    await h.fake.goOnline();
    await h.value('checkConnection');
    const done = await h.waitForItem(edit.id, (item) => item.state === 'done', 30_000);
    await finished(imported.id);
    expect(h.fake.cards.get(numbers[1]!)).toMatchObject({ last_name: 'EditedByStaff' });

    const plan = await h.value<UndoPlan>('planUndoImport', { importId: imported.id });
    // Whether the edit rode in the import row's request or went after it, it is a change since.
    expect(plan.changedSince.map((row) => row.phoneNumber)).toEqual([numbers[1]]);
    expect(plan.counts).toMatchObject({ restore: 1, changedSince: 1 });
    expect(done.state).toBe('done');
  });
});
