// Versions of a card through the real services and the fake Linq API: every card Linq
// confirmed is kept, newest first, with what made it (a change sent from here, an import, a
// change seen at Linq); the same card confirmed again adds none; a version's photo outlives
// the photo store's grace period; and the CSV export can list every version for an audit.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoRef } from '../../shared/card.schema.ts';
import type { CardHistory, CardVersion } from '../../shared/card-history.schema.ts';
import type { ImportProgress, ImportRequest } from '../../shared/import.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { PHOTO_GRACE_MS } from '../../electron/services/photos/photo-store.ts';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import { readFixture } from '../support/image-bytes.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let h: Harness;

beforeEach(async () => {
  // Linq-side validation needs https image URLs; the fake serves them from its loopback origin.
  h = await startHarness({}, { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
  await h.withKey();
});

afterEach(async () => {
  await h.close();
});

const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

async function send(name: 'setupCard' | 'updateCard', card: object): Promise<OutboxItem> {
  const item = await h.value<OutboxItem>(name, { phoneNumber: NUMBER, ...card });
  return h.waitForItem(item.id, finished);
}

async function versionsOf(phoneNumber = NUMBER): Promise<CardVersion[]> {
  return (await h.value<CardHistory>('getCardHistory', { phoneNumber })).versions;
}

const names = (versions: CardVersion[]) =>
  versions.map((v) => [v.firstName, v.lastName, v.madeBy, v.current]);

async function storeJpeg(): Promise<PhotoRef> {
  const bytes = readFixture('photo.jpg');
  return h.value<PhotoRef>('storePhoto', {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentType: 'image/jpeg',
    base64: Buffer.from(bytes).toString('base64'),
  });
}

describe('recording', () => {
  it('keeps a set-up and two updates as three versions, newest first', async () => {
    const setup = await send('setupCard', { firstName: 'Acme', lastName: 'Support' });
    const first = await send('updateCard', { lastName: 'Help' });
    const second = await send('updateCard', { firstName: 'Acme Corp' });
    const versions = await versionsOf();
    expect(names(versions)).toEqual([
      ['Acme Corp', 'Help', 'submission', true],
      ['Acme', 'Help', 'submission', false],
      ['Acme', 'Support', 'submission', false],
    ]);
    expect(versions.map((v) => v.outboxId)).toEqual([second.id, first.id, setup.id]);
    expect(versions.every((v) => v.confirmedBy === 'own-call' && v.isActive)).toBe(true);
    const { versionsTotal } = await h.value<CardHistory>('getCardHistory', {
      phoneNumber: NUMBER,
    });
    expect(versionsTotal).toBe(3);
  });

  it('adds a version for a change a sync sees at Linq, and none for the same card again', async () => {
    await send('setupCard', { firstName: 'Acme', lastName: 'Support' });
    // Confirmed again as it is: a sync that sees it unchanged, and an update that sends the
    // same names (Linq answers with the same card).
    await h.value('syncCards');
    await send('updateCard', { firstName: 'Acme', lastName: 'Support' });
    expect(await versionsOf()).toHaveLength(1);

    h.fake.cards.get(NUMBER)!.first_name = 'Acme Elsewhere';
    await h.value('syncCards');
    const versions = await versionsOf();
    expect(names(versions)).toEqual([
      ['Acme Elsewhere', 'Support', 'seen-at-linq', true],
      ['Acme', 'Support', 'submission', false],
    ]);
    expect(versions[0]).toMatchObject({ confirmedBy: 'sync', outboxId: null });
    await h.value('syncCards');
    expect(await versionsOf()).toHaveLength(2);
  });

  it('keeps Linq’s card, when the user chooses it over a set-up, as a change seen at Linq', async () => {
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Theirs', is_active: true });
    const photo = await storeJpeg();
    const item = await send('setupCard', { firstName: 'Ours', photo });
    expect(item.state).toBe('needs-decision');
    await h.value('decideOutboxItem', { id: item.id, decision: 'keep-server' });
    const versions = await versionsOf();
    expect(names(versions)).toEqual([['Theirs', null, 'seen-at-linq', true]]);
    // Not this computer's photo: Linq's card never had it.
    expect(versions[0]).toMatchObject({ confirmedBy: 'read-back', photoSha256: null });
    const { card } = await h.value<CardHistory>('getCardHistory', { phoneNumber: NUMBER });
    expect(card).toMatchObject({ firstName: 'Theirs', photoSha256: null });
  });

  it('attributes the rows of an import to it, by file name', async () => {
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Old', is_active: true });
    await h.value('syncCards');
    const request: ImportRequest = {
      requestId: randomUUID(),
      fileName: 'stores.csv',
      rows: [
        { line: 2, action: 'update', phoneNumber: NUMBER, firstName: 'Store 1' },
        { line: 3, action: 'setup', phoneNumber: '+14155550133', firstName: 'Store 2' },
      ],
      skipped: [],
    };
    const started = await h.value<ImportProgress>('importCards', request);
    await expect
      .poll(
        async () => (await h.value<ImportProgress>('getImport', { id: started.id })).finishedAt,
        {
          timeout: 30_000,
        },
      )
      .not.toBeNull();
    expect(names(await versionsOf())).toEqual([
      ['Store 1', null, 'import', true],
      ['Old', null, 'seen-at-linq', false],
    ]);
    const [imported] = await versionsOf('+14155550133');
    expect(imported).toMatchObject({
      madeBy: 'import',
      importId: started.id,
      importName: 'stores.csv',
    });
  });
});

describe('a version’s photo', () => {
  it('stays in the photo store after its grace period, and its address is one main loads', async () => {
    const photo = await storeJpeg();
    await send('setupCard', { firstName: 'Acme', photo });
    // Another photo's address replaces it on the card: only the version names it now.
    const other = 'https://cdn.fake-linq.invalid/__cdn/elsewhere/logo.png';
    h.fake.cards.get(NUMBER)!.image_url = other;
    await h.value('syncCards');
    const [now, before] = await versionsOf();
    expect(now).toMatchObject({ imageUrl: other, photoSha256: null, madeBy: 'seen-at-linq' });
    expect(before).toMatchObject({ photoSha256: photo.sha256 });
    expect(before!.imageUrl).toMatch(/^https:\/\//);

    // Only the version names the photo now: the submission's own records of it are gone
    // (outbox rows need not keep their fields for ever, and the card moves on).
    const db = new DatabaseSync(join(h.dataDir, DATABASE_FILE));
    db.exec(`UPDATE outbox SET fields_json = json_remove(fields_json, '$.photo'),
               own_fields_json = NULL, partial_fields_json = NULL;
             UPDATE cards SET photo_sha256 = NULL;`);
    db.close();
    const dir = join(h.dataDir, 'photos');
    const file = (await readdir(dir)).find((name) => name.startsWith(photo.sha256))!;
    const then = new Date(Date.now() - PHOTO_GRACE_MS - 60_000);
    await utimes(join(dir, file), then, then);
    await h.restart(); // collects at start-up
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await readdir(dir)).toContain(file);
    expect(await h.value('readPhoto', { sha256: photo.sha256 })).not.toBeNull();
    // The old address is one the window may ask main to show (a thumbnail of the version).
    const image = await h.call('readCardImage', { url: before!.imageUrl });
    expect(image).toMatchObject({ ok: true });
  });
});

describe('export', () => {
  it('lists every version of each card, one row each, safe for spreadsheets', async () => {
    await send('setupCard', { firstName: '=HYPERLINK("http://evil")', lastName: 'One' });
    await send('updateCard', { lastName: 'Two' });
    h.fake.seedCard({ phone_number: '+14155550133', first_name: 'Elsewhere', is_active: true });
    await h.value('syncCards');

    const result = await h.value<{ path: string; rows: number }>('exportCards', {
      query: '',
      status: 'all',
      versions: 'every',
    });
    expect(result.rows).toBe(3);
    const text = await readFile(result.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header] = parse(text.slice(1), { toLine: 1 }) as string[][];
    expect(header).toEqual([
      'Phone number',
      'Version',
      'Confirmed at',
      'Confirmed by',
      'Made by',
      'Import',
      'First name',
      'Last name',
      'Image URL',
      'Photo SHA-256',
      'Active on the device',
      'Current',
    ]);
    const records = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    const mine = records.filter((r) => r['Phone number'] === `'${NUMBER}`);
    expect(mine.map((r) => [r['Version'], r['First name'], r['Last name'], r['Current']])).toEqual([
      ['1', `'=HYPERLINK("http://evil")`, 'One', 'false'],
      ['2', `'=HYPERLINK("http://evil")`, 'Two', 'true'],
    ]);
    expect(mine[0]!['Made by']).toBe('A change sent from this computer');
    const elsewhere = records.find((r) => r['Phone number'] === `'+14155550133`);
    expect(elsewhere).toMatchObject({ Version: '1', 'Made by': 'Changed at Linq' });
    for (const record of records) {
      for (const value of Object.values(record)) expect(value).not.toMatch(/^[=+\-@]/);
    }

    // Without the option, the export is one row per card, as before.
    const current = await h.value<{ rows: number }>('exportCards', { query: '', status: 'all' });
    expect(current.rows).toBe(2);
  });
});
