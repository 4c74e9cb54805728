// The photo store's collection on a real folder: what is named at the moment of deciding is
// kept (a card submitted while the folder was being listed), old leftovers of interrupted
// writes go, young ones (a write under way) stay, and the quota counts what was removed.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPhotoStore, PHOTO_GRACE_MS } from '../../electron/services/photos/photo-store.ts';
import { jpegSegment, latin1, readFixture, withSegments } from '../support/image-bytes.ts';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'linq-photo-collect-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function photo(n: number) {
  const bytes = withSegments(readFixture('photo.jpg'), jpegSegment(0xfe, latin1(`n${n}`)));
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function makeOld(path: string): Promise<void> {
  const then = new Date(Date.now() - PHOTO_GRACE_MS - 60_000);
  await utimes(path, then, then);
}

it('keeps what is named when it decides, and removes old leftovers of interrupted writes', async () => {
  const named = new Set<string>();
  let asked = 0;
  const a = photo(1);
  const b = photo(2);
  const store = createPhotoStore(dataDir, {
    referenced: () => {
      asked += 1;
      // A card naming photo 1 was stored while the folder was being listed.
      named.add(a.sha256);
      return named;
    },
  });
  const storedA = await store.save(a.bytes, 'image/jpeg', a.sha256);
  const storedB = await store.save(b.bytes, 'image/jpeg', b.sha256);
  await makeOld(storedA.path);
  await makeOld(storedB.path);
  const oldTemporary = join(store.dir, `.${'c'.repeat(64)}.${'0'.repeat(12)}.tmp`);
  const youngTemporary = join(store.dir, `.${'d'.repeat(64)}.${'1'.repeat(12)}.tmp`);
  await writeFile(oldTemporary, 'half a photo');
  await writeFile(youngTemporary, 'a photo being written');
  await makeOld(oldTemporary);
  const usedBefore = await store.usedBytes();

  const collected = await store.collect();
  expect(asked).toBe(1);
  expect(collected.removed).toBe(2); // photo 2 and the old leftover
  expect((await readdir(store.dir)).sort()).toEqual(
    [`${a.sha256}.jpg`, `.${'d'.repeat(64)}.${'1'.repeat(12)}.tmp`].sort(),
  );
  expect(await store.usedBytes()).toBe(usedBefore - b.bytes.length);
  expect(await store.read(a.sha256)).not.toBeNull();
});

it('removes nothing without knowing what is named', async () => {
  const store = createPhotoStore(dataDir);
  const a = photo(3);
  const stored = await store.save(a.bytes, 'image/jpeg', a.sha256);
  await makeOld(stored.path);
  expect(await store.collect()).toEqual({ removed: 0, freedBytes: 0 });
  expect(await store.find(a.sha256)).not.toBeNull();
});

it('keeps a photo that is about to be named (an import checking its rows) out of collection', async () => {
  const a = photo(3);
  const store = createPhotoStore(dataDir, { referenced: () => new Set<string>() });
  const stored = await store.save(a.bytes, 'image/jpeg', a.sha256);
  await makeOld(stored.path);
  // The import found it and is about to enqueue its rows: the grace period starts anew.
  expect(await store.keep(a.sha256)).toBe(true);
  expect((await store.collect()).removed).toBe(0);
  expect(await store.find(a.sha256)).not.toBeNull();
  // A photo that is not there is not made up.
  expect(await store.keep('e'.repeat(64))).toBe(false);
});
