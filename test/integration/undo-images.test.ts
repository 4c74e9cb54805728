// The photos an undo puts back, through the real services and the fake Linq API (its CDN on
// loopback serves the uploaded images): an earlier image address that still serves an image is
// sent as it was; a dead one (the attachment dropped, so the CDN answers 404) makes this
// computer's stored photo go up anew; with neither, the card goes back with its names only and
// the undo's summary says the photo could not; an address whose host cannot be reached now is
// sent as it is. The confirmation's plan counts the cards whose photo hangs on an address.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardHistory } from '../../shared/card-history.schema.ts';
import type { ImportProgress, ImportRow } from '../../shared/import.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { UndoPlan } from '../../shared/undo.schema.ts';
import { readFixture } from '../support/image-bytes.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';
import {
  cardWrites,
  importFinished,
  storePhoto,
  summaryRows,
  undoImport,
} from '../support/undo.ts';
import { dropAttachmentAt, uploadedElsewhere } from '../support/uploaded-elsewhere.ts';

requireTestKeyring();

const number = (i: number) => `+1415557${String(1000 + i).padStart(4, '0')}`;
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.withKey();
});

afterEach(async () => {
  await h.close();
});

/** A card set up here with a stored photo; answers its image address at Linq. */
async function withStoredPhoto(i: number, firstName: string): Promise<string> {
  const photo = await storePhoto(h, 'photo.jpg');
  const item = await h.value<OutboxItem>('setupCard', {
    phoneNumber: number(i),
    firstName,
    photo,
  });
  await h.waitForItem(item.id, (it) => it.state === 'done');
  return h.fake.cards.get(number(i))!.image_url!;
}

/** A card set up elsewhere with an image this computer has no copy of; answers its address. */
async function withForeignImage(i: number, firstName: string): Promise<string> {
  const url = await uploadedElsewhere(h.fake, readFixture('photo.jpg'));
  h.fake.seedCard({ phone_number: number(i), first_name: firstName, image_url: url });
  await h.value('syncCards');
  return url;
}

/** An import giving each line a new image (and, where given, a new first name). */
async function imported(rows: { i: number; firstName: string }[]): Promise<ImportProgress> {
  // Never fetched: an import's address must be https, and only the earlier ones are probed.
  const newImage = 'https://images.example.com/new-logo.png';
  const request: ImportRow[] = rows.map(({ i, firstName }) => ({
    line: i + 2,
    action: 'update',
    phoneNumber: number(i),
    firstName,
    imageUrl: newImage,
  }));
  const started = await h.value<ImportProgress>('importCards', {
    requestId: randomUUID(),
    fileName: 'logos.csv',
    rows: request,
    skipped: [],
  });
  await importFinished(h, started.id);
  return started;
}

const plan = (importId: number) => h.value<UndoPlan>('planUndoImport', { importId });

describe('an undo puts photos back', () => {
  it('sends an address that still serves an image as it was, and uploads nothing', async () => {
    const photoUrl = await withStoredPhoto(0, 'Acme');
    const foreignUrl = await withForeignImage(1, 'Beta');
    const started = await imported([
      { i: 0, firstName: 'Acme' },
      { i: 1, firstName: 'Beta' },
    ]);
    expect((await plan(started.id)).counts).toMatchObject({ restore: 2, photoByAddress: 1 });
    const start = h.fake.requests.length;
    const undo = await undoImport(h, started.id);
    expect((await importFinished(h, undo.id)).counts).toMatchObject({ updated: 2 });
    expect(h.fake.requests.slice(start).filter((r) => r.method === 'POST')).toEqual([]);
    expect(cardWrites(h, start).map((w) => w.body)).toEqual([
      { image_url: photoUrl },
      { image_url: foreignUrl },
    ]);
    const { versions } = await h.value<CardHistory>('getCardHistory', { phoneNumber: number(0) });
    expect(versions[0]).toMatchObject({ madeBy: 'undo', imageUrl: photoUrl });
  });

  it('uploads the stored photo anew when its old address no longer serves an image', async () => {
    const photoUrl = await withStoredPhoto(0, 'Acme');
    const started = await imported([{ i: 0, firstName: 'Acme Health' }]);
    dropAttachmentAt(h.fake, photoUrl);
    // This computer has the photo: nothing is at risk.
    expect((await plan(started.id)).counts).toMatchObject({ restore: 1, photoByAddress: 0 });
    const start = h.fake.requests.length;
    const undo = await undoImport(h, started.id);
    expect((await importFinished(h, undo.id)).counts).toMatchObject({ updated: 1, failed: 0 });
    const writes = h.fake.requests
      .slice(start)
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path.replace(/\/__uploads\/.*/, '/__uploads/*')}`);
    // A new attachment, then one PATCH with its address: the cached dead address is not reused.
    expect(writes).toEqual([
      'POST /api/partner/v3/attachments',
      'PUT /__uploads/*',
      'PATCH /api/partner/v3/contact_card',
    ]);
    const card = h.fake.cards.get(number(0))!;
    expect(card.first_name).toBe('Acme');
    expect(card.image_url).not.toBe(photoUrl);
    expect((await summaryRows(h, undo.id))[0]).toMatchObject({ outcome: 'updated', reason: null });
  });

  it('sends the names only when neither the address nor a copy remains, and says so', async () => {
    const goneUrl = await withForeignImage(0, 'Other');
    const onlyPhotoUrl = await withForeignImage(1, 'Same');
    const started = await imported([
      { i: 0, firstName: 'Renamed' },
      { i: 1, firstName: 'Same' },
    ]);
    dropAttachmentAt(h.fake, goneUrl);
    dropAttachmentAt(h.fake, onlyPhotoUrl);
    const before = await plan(started.id);
    expect(before.counts).toMatchObject({ restore: 2, photoByAddress: 2 });
    const newImage = h.fake.cards.get(number(0))!.image_url;

    const start = h.fake.requests.length;
    const undo = await undoImport(h, started.id);
    const done = await importFinished(h, undo.id);
    expect(done.counts).toMatchObject({ updated: 1, skipped: 1, failed: 0 });
    // Line 2: its names only. Line 3: only the gone photo differed, so nothing is sent.
    expect(cardWrites(h, start).map((w) => w.body)).toEqual([{ first_name: 'Other' }]);
    expect(h.fake.cards.get(number(0))).toMatchObject({ first_name: 'Other', image_url: newImage });
    const [names, photoOnly] = await summaryRows(h, undo.id);
    expect(names).toMatchObject({ line: 2, outcome: 'updated' });
    expect(names!.reason).toMatch(/names went back; the photo could not/);
    expect(photoOnly).toMatchObject({ line: 3, outcome: 'skipped' });
    expect(photoOnly!.reason).toMatch(/Only the photo differed, and it could not go back/);
  });

  it('sends an address whose host cannot be reached now as it is', async () => {
    // A host on loopback with nothing listening: the probe cannot tell, Linq will.
    const unreachable = 'https://127.0.0.1:9/logo.png';
    h.fake.seedCard({ phone_number: number(0), first_name: 'Acme', image_url: unreachable });
    await h.value('syncCards');
    const started = await imported([{ i: 0, firstName: 'Acme' }]);
    const start = h.fake.requests.length;
    const undo = await undoImport(h, started.id);
    expect((await importFinished(h, undo.id)).counts).toMatchObject({ updated: 1 });
    expect(cardWrites(h, start).map((w) => w.body)).toEqual([{ image_url: unreachable }]);
  });
});
