// What the window can make main keep on disk through storePhoto, through the real services
// and the photo store's folder: only images that declare a sane size (the form's own JPEG and
// PNG at most 1024 pixels a side), up to a quota that says what to do when it is full; and
// photos nothing names are removed once their grace period is over (at start-up, and when the
// quota is reached), never one a waiting outbox item or a card names.
import { createHash } from 'node:crypto';
import { readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appError } from '../../shared/error-catalogue.ts';
import type { PhotoRef } from '../../shared/card.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { PHOTO_GRACE_MS } from '../../electron/services/photos/photo-store.ts';
import { concat, headerOnlyHeif, pngHeader, readFixture } from '../support/image-bytes.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function payload(bytes: Uint8Array, contentType: string) {
  return { sha256: sha256(bytes), contentType, base64: Buffer.from(bytes).toString('base64') };
}

/**
 * A valid 64 x 48 JPEG, different for every `n` (1-250) in its pixels' quantisation table, so
 * the difference survives main's cleaning (which drops comments and metadata).
 */
function jpeg(n: number): Uint8Array {
  const bytes = Uint8Array.from(readFixture('photo.jpg'));
  const dqt = bytes.findIndex((byte, i) => byte === 0xff && bytes[i + 1] === 0xdb);
  bytes[dqt + 5 + 63] = n + 1; // the last entry of the first table (after length and Pq/Tq)
  return bytes;
}

async function photoFiles(harness: Harness): Promise<string[]> {
  return (await readdir(join(harness.dataDir, 'photos')).catch(() => [] as string[]))
    .filter((name) => !name.startsWith('.'))
    .sort();
}

/** Makes a stored photo look stored `ms` ago (its grace period runs from then). */
async function age(harness: Harness, ref: PhotoRef, ms: number): Promise<void> {
  const name = (await photoFiles(harness)).find((file) => file.startsWith(ref.sha256))!;
  const then = new Date(Date.now() - ms);
  await utimes(join(harness.dataDir, 'photos', name), then, then);
}

describe('the size an image declares, checked in main', () => {
  it('refuses junk behind a magic number, bombs, and a JPEG or PNG the form cannot have made', async () => {
    h = await startHarness();
    const cases: [string, Uint8Array, string, string][] = [
      // 5 MB of zeros after a JPEG's first bytes: no frame header, no size.
      [
        'junk jpeg',
        concat(new Uint8Array([0xff, 0xd8, 0xff]), new Uint8Array(5 << 20)),
        'image/jpeg',
        'IMAGE_DAMAGED',
      ],
      [
        'heic bomb',
        headerOnlyHeif('heic', ['mif1', 'heic'], { width: 60_000, height: 60_000 }),
        'image/heic',
        'IMAGE_TOO_MANY_PIXELS',
      ],
      [
        'one-row heic',
        headerOnlyHeif('heic', ['mif1', 'heic'], { width: 90_000, height: 1 }),
        'image/heic',
        'IMAGE_TOO_MANY_PIXELS',
      ],
      ['large png', pngHeader(2048, 2048), 'image/png', 'INVALID_INPUT'],
      ['png bomb', pngHeader(100_000, 100_000), 'image/png', 'IMAGE_TOO_MANY_PIXELS'],
    ];
    for (const [what, bytes, contentType, code] of cases) {
      const answer = await h.call('storePhoto', payload(bytes, contentType));
      expect(answer, what).toMatchObject({ ok: false, error: { code } });
    }
    expect(await photoFiles(h)).toEqual([]);
    // What the form does make is kept: a 1024 x 1024 PNG header, a 4032 x 3024 HEIC.
    for (const [bytes, contentType] of [
      [pngHeader(1024, 1024), 'image/png'],
      [headerOnlyHeif('heic', ['mif1', 'heic']), 'image/heic'],
    ] as const) {
      expect(await h.call('storePhoto', payload(bytes, contentType))).toMatchObject({ ok: true });
    }
  });
});

describe('the quota', () => {
  it('stops storing at the quota with what to do, then makes room from photos nothing names', async () => {
    const size = jpeg(0).length;
    // Room for three of these photos.
    h = await startHarness({ photoQuotaBytes: size * 3 + size / 2 });
    const refs: PhotoRef[] = [];
    for (const n of [1, 2, 3])
      refs.push(await h.value<PhotoRef>('storePhoto', payload(jpeg(n), 'image/jpeg')));
    const full = await h.call('storePhoto', payload(jpeg(4), 'image/jpeg'));
    expect(full).toEqual({
      ok: false,
      error: { ...appError('PHOTO_STORE_FULL'), detail: expect.any(String) },
    });
    expect(appError('PHOTO_STORE_FULL').message).toMatch(/at most 2 GB .* use smaller photos/);
    expect(await photoFiles(h)).toHaveLength(3);
    // The same photo again takes no room: it is already there.
    expect(await h.call('storePhoto', payload(jpeg(1), 'image/jpeg'))).toMatchObject({ ok: true });

    // Photo 1 goes with a card (waiting in the outbox: no key yet); all three are old now.
    await h.value<OutboxItem>('setupCard', {
      phoneNumber: '+14155550132',
      firstName: 'A',
      photo: refs[0],
    });
    for (const ref of refs) await age(h, ref, PHOTO_GRACE_MS + 60_000);
    // Full again, so the store collects: 2 and 3 go, the card's photo stays, 4 is stored.
    const fourth = await h.value<PhotoRef>('storePhoto', payload(jpeg(4), 'image/jpeg'));
    const names = (await photoFiles(h)).map((name) => name.slice(0, 64));
    expect(names.sort()).toEqual([refs[0]!.sha256, fourth.sha256].sort());
  });
});

describe('collecting at start-up', () => {
  it('removes old photos nothing names, and keeps named and recent ones', async () => {
    h = await startHarness();
    const store = (n: number) => h!.value<PhotoRef>('storePhoto', payload(jpeg(n), 'image/jpeg'));
    const waiting = await store(10); // a card waiting in the outbox (no key: it cannot go)
    const edited = await store(11); // an update waiting in the outbox
    const orphan = await store(12); // chosen in the form, never submitted, days ago
    const recent = await store(13); // chosen in the form a moment ago
    const card = await h.value<OutboxItem>('setupCard', {
      phoneNumber: '+14155550132',
      firstName: 'Waiting',
      photo: waiting,
    });
    await h.value<OutboxItem>('updateCard', {
      phoneNumber: '+14155550133',
      firstName: 'B',
      photo: edited,
    });
    for (const ref of [waiting, edited, orphan]) await age(h, ref, PHOTO_GRACE_MS + 60_000);
    await age(h, recent, PHOTO_GRACE_MS - 60 * 60_000);
    await h.restart();
    await expect.poll(async () => (await photoFiles(h!)).length, { timeout: 5_000 }).toBe(3);
    const kept = (await photoFiles(h)).map((name) => name.slice(0, 64)).sort();
    expect(kept).toEqual([waiting.sha256, edited.sha256, recent.sha256].sort());
    // And the waiting card still has its photo to send.
    const read = await h.value<{ base64: string }>('readPhoto', { sha256: waiting.sha256 });
    expect(read).not.toBeNull();
    expect(h.services.outboxSnapshot().items.map((i) => i.id)).toContain(card.id);
  });

  it('restarts the grace period of a photo stored again', async () => {
    h = await startHarness();
    const ref = await h.value<PhotoRef>('storePhoto', payload(jpeg(20), 'image/jpeg'));
    await age(h, ref, PHOTO_GRACE_MS + 60_000);
    const before = (await stat(join(h.dataDir, 'photos', `${ref.sha256}.jpg`))).mtimeMs;
    await h.value('storePhoto', payload(jpeg(20), 'image/jpeg'));
    const after = (await stat(join(h.dataDir, 'photos', `${ref.sha256}.jpg`))).mtimeMs;
    expect(after - before).toBeGreaterThan(PHOTO_GRACE_MS);
    await h.restart();
    // Nothing to collect: give the start-up collection its time, then look.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await photoFiles(h)).toEqual([`${ref.sha256}.jpg`]);
  });
});
