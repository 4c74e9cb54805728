// A card with a photo, through the outbox: the photo is stored in main once (checked against
// its type and hash), uploaded through Linq's attachments when the card is sent, used as the
// card's image_url, never uploaded twice, and kept across a restart for a card sent later.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardHistory } from '../../shared/card-history.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
const OTHER = '+14155550133';
const FIXTURES = new URL('../fixtures/images/', import.meta.url);
let h: Harness;
let jpeg: Buffer;

beforeEach(async () => {
  // Linq-side validation needs https image URLs; the fake serves them from its loopback origin.
  h = await startHarness({}, { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
  jpeg = await readFile(new URL('photo.jpg', FIXTURES));
});

afterEach(async () => {
  await h.close();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);
const reservations = () =>
  h.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/attachments'));

async function storeJpeg(): Promise<{ sha256: string; contentType: 'image/jpeg' }> {
  return h.value('storePhoto', {
    sha256: sha256(jpeg),
    contentType: 'image/jpeg',
    base64: jpeg.toString('base64'),
  });
}

describe('storing a photo', () => {
  it('keeps it under its hash and gives it back', async () => {
    const ref = await storeJpeg();
    expect(ref).toEqual({ sha256: sha256(jpeg), contentType: 'image/jpeg' });
    const read = await h.value<{ base64: string }>('readPhoto', { sha256: ref.sha256 });
    expect(Buffer.from(read.base64, 'base64').equals(jpeg)).toBe(true);
  });

  it('refuses bytes that are not the type they claim, or not the hash they claim', async () => {
    const png = await readFile(new URL('transparent.png', FIXTURES));
    expect(
      await h.call('storePhoto', {
        sha256: sha256(png),
        contentType: 'image/jpeg',
        base64: png.toString('base64'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(
      await h.call('storePhoto', {
        sha256: sha256(png),
        contentType: 'image/jpeg',
        base64: jpeg.toString('base64'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await h.call('readPhoto', { sha256: sha256(png) })).toEqual({ ok: true, value: null });
  });
});

describe('a photo sent as it is (HEIC, HEIF, TIFF) with a GPS position in it', () => {
  it('is stored and uploaded without the position, under the hash of what is kept', async () => {
    // The renderer cleans these itself; main cleans again, as if it had not.
    await h.withKey();
    const heic = await readFile(new URL('gps.heic', FIXTURES));
    expect(heic.includes('GPSLatitude')).toBe(true);
    const photo = await h.value<{ sha256: string; contentType: string }>('storePhoto', {
      sha256: sha256(heic),
      contentType: 'image/heic',
      base64: heic.toString('base64'),
    });
    expect(photo.contentType).toBe('image/heic');
    expect(photo.sha256).not.toBe(sha256(heic));
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      photo,
    });
    expect((await h.waitForItem(item.id, finished)).state).toBe('done');
    const [attachment] = [...h.fake.attachments.values()];
    expect(attachment?.bytes?.length).toBe(heic.length); // same layout, items blanked
    expect(sha256(attachment!.bytes!)).toBe(photo.sha256);
    expect(attachment!.bytes!.toString('latin1')).not.toMatch(/GPS|Paris|xmpmeta/);
  });

  it('is refused with the reason when its location cannot be removed', async () => {
    const tiff = await readFile(new URL('gps-le.tiff', FIXTURES));
    // Old-style JPEG compression (6): the one TIFF layout the app does not rewrite.
    const oldJpeg = Buffer.from(tiff);
    const at = oldJpeg.indexOf(Buffer.from([0x03, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00]));
    expect(at).toBeGreaterThan(0); // tag 259 Compression, SHORT, count 1 (little-endian)
    oldJpeg.writeUInt16LE(6, at + 8);
    expect(
      await h.call('storePhoto', {
        sha256: sha256(oldJpeg),
        contentType: 'image/tiff',
        base64: oldJpeg.toString('base64'),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/old JPEG.*JPEG or PNG/) },
    });
    expect(await h.call('readPhoto', { sha256: sha256(oldJpeg) })).toEqual({
      ok: true,
      value: null,
    });
  });
});

describe('sending a card with a photo', () => {
  it('uploads the photo and sets the card up with its download URL', async () => {
    await h.withKey();
    const photo = await storeJpeg();
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      photo,
    });
    const done = await h.waitForItem(item.id, finished);
    expect(done.state).toBe('done');

    const [attachment] = [...h.fake.attachments.values()];
    expect(attachment?.bytes?.equals(jpeg)).toBe(true);
    expect(attachment?.content_type).toBe('image/jpeg');
    const created = h.fake.ledger.find((e) => e.effect === 'card.created');
    const imageUrl = (created?.body as { image_url?: string }).image_url;
    expect(imageUrl).toMatch(/^https:\/\/cdn\.fake-linq\.invalid\/__cdn\//);
    expect(done.fields.imageUrl).toBe(imageUrl);
    // The download URL serves the very bytes back, with their type.
    const served = await fetch(imageUrl!.replace('https://cdn.fake-linq.invalid', h.fake.origin));
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(jpeg)).toBe(true);

    // History shows the card with Linq's address for the photo and this computer's copy of it.
    expect(await h.value<CardHistory>('getCardHistory', { phoneNumber: NUMBER })).toMatchObject({
      card: { photoSha256: photo.sha256, imageUrl, status: 'active' },
    });
    expect(
      h.events.some(
        (e) =>
          e.name === 'photoUploadProgress' && (e.payload as { itemId: number }).itemId === item.id,
      ),
    ).toBe(true);
  });

  it('uploads a photo once for several cards, even sent at the same time', async () => {
    await h.withKey();
    h.fake.setLatency(100);
    const photo = await storeJpeg();
    const items = [];
    for (const phoneNumber of [NUMBER, OTHER, '+14155550134']) {
      items.push(await h.value<OutboxItem>('setupCard', { phoneNumber, firstName: 'Acme', photo }));
    }
    for (const item of items) expect((await h.waitForItem(item.id, finished)).state).toBe('done');
    expect(reservations()).toHaveLength(1);
    const cards = h.fake.ledger.filter((e) => e.effect === 'card.created');
    expect(cards).toHaveLength(3);
    expect(new Set(cards.map((e) => (e.body as { image_url: string }).image_url)).size).toBe(1);
  });

  it('changing only the photo of a card sends a PATCH with only image_url', async () => {
    await h.withKey();
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Acme', is_active: true });
    const photo = await storeJpeg();
    const item = await h.value<OutboxItem>('updateCard', { phoneNumber: NUMBER, photo });
    expect((await h.waitForItem(item.id, finished)).state).toBe('done');
    const patch = h.fake.ledger.find((e) => e.effect === 'card.updated');
    expect(Object.keys(patch?.body as object)).toEqual(['image_url']);
  });

  it('retries a failed upload without sending the card early', async () => {
    await h.withKey();
    h.fake.failNext(1, { status: 503, path: '/v3/attachments' });
    const photo = await storeJpeg();
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      photo,
    });
    expect((await h.waitForItem(item.id, finished)).state).toBe('done');
    expect(reservations()).toHaveLength(2);
    const cardPosts = h.fake.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/contact_card'),
    );
    expect(cardPosts).toHaveLength(1);
  });

  it('a photo Linq refuses stops the card with the photo named as what was refused', async () => {
    await h.withKey();
    h.fake.failNext(1, {
      status: 400,
      code: 5004,
      message: 'invalid file type',
      path: '/v3/attachments',
    });
    const photo = await storeJpeg();
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      photo,
    });
    const stopped = await h.waitForItem(item.id, finished);
    expect(stopped.state).toBe('failed');
    // The edit marks the photo, whatever Linq's words say: no card was sent.
    expect(stopped.lastError).toMatchObject({ code: 'INVALID_INPUT', field: 'photo' });
    expect(h.fake.requests.filter((r) => r.path.endsWith('/contact_card'))).toHaveLength(0);
  });

  it('keeps the photo of a card submitted offline across a restart, and sends it later', async () => {
    await h.withKey();
    await h.fake.goOffline();
    const photo = await storeJpeg();
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      photo,
    });
    await h.restart();
    await h.fake.goOnline();
    expect((await h.waitForItem(item.id, finished)).state).toBe('done');
    expect([...h.fake.attachments.values()][0]?.bytes?.equals(jpeg)).toBe(true);
  });

  it('refuses a submission with both a photo and an image URL', async () => {
    await h.withKey();
    const photo = await storeJpeg();
    expect(
      await h.call('setupCard', {
        phoneNumber: NUMBER,
        firstName: 'Acme',
        photo,
        imageUrl: 'https://example.com/a.png',
      }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('a crash during the photo upload', () => {
  it('still sends a photo-only update after the restart (the card request never left)', async () => {
    const { startHostProcess } = await import('../support/host-process.ts');
    await h.services.close(); // the host below is the only one on this data folder
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Acme', is_active: true });
    const host = await startHostProcess({
      dataDir: h.dataDir,
      apiBaseUrl: h.fake.baseUrl,
      keychainService: `linq-photo-crash-${process.pid}`,
      requestTimeoutMs: 1_000,
      env: { LINQ_PROBE_DELAYS_MS: '20,200', LINQ_OUTBOX_BACKOFF_MS: '20,200' },
    });
    try {
      await host.storeKeyUnchecked(h.fake.apiKey);
      const stored = await host.invoke('storePhoto', {
        sha256: sha256(jpeg),
        contentType: 'image/jpeg',
        base64: jpeg.toString('base64'),
      });
      h.fake.setLatency(2_000); // the upload's reservation hangs: the host dies under it
      const item = await host.invoke('updateCard', {
        phoneNumber: NUMBER,
        photo: (stored as { value: unknown }).value,
      });
      await expect.poll(() => reservations().length).toBe(1);
      await host.restart(); // SIGKILL mid-upload, then a new host on the same data
      h.fake.setLatency(0);
      const id = (item as { value: OutboxItem }).value.id;
      await expect
        .poll(async () => (await host.outboxSnapshot()).items.find((i) => i.id === id)?.state, {
          timeout: 10_000,
        })
        .toBe('done');
      const patch = h.fake.ledger.find((e) => e.effect === 'card.updated');
      expect(Object.keys(patch?.body as object)).toEqual(['image_url']);
    } finally {
      await host.invoke('removeKey').catch(() => {});
      await host.stop();
    }
  });
});
