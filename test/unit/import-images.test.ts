// checkImportImages with real files on disk: what a spreadsheet's image column can point at.
// Good images are stored without their location, time and text metadata; everything else is
// refused with the catalogue error that says what is wrong with that path.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportImageResult } from '../../shared/import.ts';
import { readDimensions } from '../../shared/image/dimensions.ts';
import { findMetadataResidue } from '../../shared/image/metadata-residue.ts';
import { sniffFormat, type RasterFormat } from '../../shared/image/sniff.ts';
import { jpegSegments } from '../../shared/image/jpeg-segments.ts';
import { MAX_STORED_PHOTO_BYTES } from '../../shared/photo.ts';
import { readExifOrientation } from '../../renderer/src/lib/image/exif-orientation.ts';
import { hasExifGps } from '../../renderer/src/lib/image/exif-reader.ts';
import { checkImportImages } from '../../electron/services/import/import-images.ts';
import { createPhotoStore, type PhotoStore } from '../../electron/services/photos/photo-store.ts';
import {
  box,
  concat,
  jpegSegment,
  latin1,
  pngChunk,
  pngHeader,
  readFixture,
  withSegments,
  xmpSegment,
} from '../support/image-bytes.ts';

let dir: string;
let photos: PhotoStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-import-images-'));
  photos = createPhotoStore(join(dir, 'data'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function checkOne(path: string): Promise<ImportImageResult> {
  const [result] = await checkImportImages(photos, [path]);
  return result!;
}

/** The stored bytes of an accepted image. */
async function stored(result: ImportImageResult): Promise<Uint8Array> {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  const photo = await photos.read(result.photo.sha256);
  if (!photo) throw new Error('not in the photo store');
  return new Uint8Array(photo.bytes);
}

function markers(jpeg: Uint8Array): number[] {
  return [...jpegSegments(jpeg)].map((segment) => segment.marker);
}

/** The entropy-coded data and everything after it (from the first SOS on). */
function fromFirstScan(jpeg: Uint8Array): Uint8Array {
  const sos = [...jpegSegments(jpeg)].find((segment) => segment.marker === 0xda)!;
  return jpeg.subarray(sos.start - 4);
}

describe('a JPEG', () => {
  it('loses its EXIF GPS position but keeps its orientation and its pixels', async () => {
    const original = readFixture('exif-gps-orientation-6-be.jpg');
    expect(hasExifGps(original)).toBe(true);
    const result = await checkOne(await file('gps.jpg', original));
    expect(result).toMatchObject({ ok: true, photo: { contentType: 'image/jpeg' } });
    const bytes = await stored(result);
    expect(hasExifGps(bytes)).toBe(false);
    // Only a fresh orientation-only EXIF is left, so the photo is not shown turned.
    expect(readExifOrientation(bytes)).toBe(6);
    expect(bytes.length).toBeLessThan(original.length);
    expect(readDimensions('jpeg', bytes)).toEqual(readDimensions('jpeg', original));
    expect(fromFirstScan(bytes)).toEqual(fromFirstScan(original));
    // Stored under the hash of what is kept, not of the file.
    expect(result.ok && result.photo.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('drops XMP, comments and other APPn segments, keeps the ICC profile, drops trailers', async () => {
    const plain = readFixture('photo.jpg');
    const icc = jpegSegment(0xe2, concat(latin1('ICC_PROFILE\0'), new Uint8Array([1, 1, 9, 9])));
    const xmp = xmpSegment('<x:xmpmeta><exif:GPSLatitude>51,30N</exif:GPSLatitude></x:xmpmeta>');
    const comment = jpegSegment(0xfe, latin1('shot at 12 Elm Street'));
    const photoshop = jpegSegment(0xed, latin1('Photoshop 3.0\0IPTC city'));
    const trailer = latin1('SEFT trailer with a location');
    const original = concat(withSegments(plain, icc, xmp, comment, photoshop), trailer);
    expect(hasExifGps(original)).toBe(true);
    const bytes = await stored(await checkOne(await file('xmp.jpg', original)));
    expect(hasExifGps(bytes)).toBe(false);
    expect(markers(bytes)).not.toContain(0xfe);
    expect(markers(bytes)).not.toContain(0xed);
    expect(markers(bytes)).not.toContain(0xe1);
    expect(markers(bytes)).toContain(0xe2);
    expect(new TextDecoder().decode(bytes)).not.toMatch(/Elm Street|GPSLatitude|SEFT|IPTC/);
    // The plain photo had none of these: what is left is exactly it.
    expect(bytes).toEqual(withSegments(plain, icc));
  });

  it('walks every scan of a progressive JPEG', async () => {
    const original = readFixture('progressive.jpg');
    const comment = jpegSegment(0xfe, latin1('between'));
    const bytes = await stored(
      await checkOne(await file('progressive.jpg', withSegments(original, comment))),
    );
    expect(bytes).toEqual(original);
  });
});

describe('a PNG', () => {
  it('loses its text, EXIF and time chunks and keeps every other chunk', async () => {
    const original = readFixture('transparent.png');
    const iend = original.length - 12; // IEND is the last chunk
    const extras = concat(
      pngChunk('tEXt', latin1('Comment\0taken at 12 Elm Street')),
      pngChunk('iTXt', latin1('XML:com.adobe.xmp\0\0\0\0\0GPSLatitude')),
      pngChunk('zTXt', latin1('Author\0\0xyz')),
      pngChunk('eXIf', latin1('MM\0*\0\0\0\x08')),
      pngChunk('tIME', new Uint8Array(7)),
    );
    const withText = concat(
      original.subarray(0, 33),
      extras,
      original.subarray(33, iend),
      original.subarray(iend),
    );
    const bytes = await stored(await checkOne(await file('text.png', withText)));
    expect(new TextDecoder('latin1').decode(bytes)).not.toMatch(/tEXt|iTXt|zTXt|eXIf|tIME|Elm/);
    expect(bytes).toEqual(original);
  });
});

describe('other accepted types', () => {
  it.each([
    ['photo.gif', 'image/gif'],
    ['photo.bmp', 'image/bmp'],
    ['photo.heic', 'image/heic'],
  ])('stores %s, which has no metadata, as it is', async (name, contentType) => {
    const original = readFixture(name);
    const result = await checkOne(await file(name, original));
    expect(result).toMatchObject({ ok: true, photo: { contentType } });
    expect(await stored(result)).toEqual(original);
  });

  it.each([
    ['gps.heic', 'image/heic'],
    ['gps-mif1.heif', 'image/heif'],
    ['gps-le.tiff', 'image/tiff'],
    ['gps-be.tiff', 'image/tiff'],
    ['gps.gif', 'image/gif'],
    ['gps-animated.gif', 'image/gif'],
    ['gps-trailer.bmp', 'image/bmp'],
  ])('stores %s without the GPS position it carries', async (name, contentType) => {
    const original = readFixture(name);
    expect(findMetadataResidue(original)).not.toBeNull();
    const result = await checkOne(await file(name, original));
    expect(result).toMatchObject({ ok: true, photo: { contentType } });
    const bytes = await stored(result);
    expect(findMetadataResidue(bytes)).toBeNull();
    expect(new TextDecoder('latin1').decode(bytes)).not.toMatch(/GPS|Paris|Elm Street|xmpmeta/);
    expect(readDimensions(sniffFormat(bytes) as RasterFormat, bytes)).toEqual(
      readDimensions(sniffFormat(original) as RasterFormat, original),
    );
  });

  it('refuses a photo whose location it cannot remove, saying why and what to do', async () => {
    // A HEIC image sequence: its movie part can carry a location box of its own.
    const sequence = concat(readFixture('gps.heic'), box('moov', latin1('\xa9xyz+48.85+002.29/')));
    expect(await checkOne(await file('sequence.heic', sequence))).toMatchObject({
      ok: false,
      error: {
        code: 'IMAGE_NOT_SUPPORTED',
        message: expect.stringMatching(/cannot clean of camera data\. Save it as a JPEG or PNG/),
      },
    });
  });
});

describe('refusals', () => {
  it('refuses a text file named .jpg, judging by its bytes', async () => {
    const result = await checkOne(await file('notes.jpg', readFixture('notes.txt')));
    expect(result).toMatchObject({ ok: false, error: { code: 'IMAGE_NOT_SUPPORTED' } });
  });

  it('refuses WebP with a way forward, and SVG', async () => {
    expect(await checkOne(await file('a.webp', readFixture('lossy.webp')))).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_SUPPORTED', message: expect.stringMatching(/WebP.*JPEG or PNG/) },
    });
    expect(await checkOne(await file('a.svg', readFixture('logo.svg')))).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_SUPPORTED' },
    });
  });

  it('refuses a file over the size limit without reading it', async () => {
    const path = await file('huge.jpg', readFixture('photo.jpg'));
    await truncate(path, MAX_STORED_PHOTO_BYTES + 1); // sparse: no 20 MB written
    expect(await checkOne(path)).toMatchObject({ ok: false, error: { code: 'IMAGE_TOO_LARGE' } });
  });

  it('refuses an image declaring more pixels than allowed, from its header', async () => {
    const result = await checkOne(await file('bomb.png', pngHeader(20_000, 20_000)));
    expect(result).toMatchObject({ ok: false, error: { code: 'IMAGE_TOO_MANY_PIXELS' } });
  });

  it('refuses a damaged image', async () => {
    const cut = readFixture('photo.jpg').subarray(0, 20);
    expect(await checkOne(await file('cut.jpg', cut))).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_DAMAGED' },
    });
  });

  it('refuses a relative path, before touching the disk', async () => {
    await file('relative.jpg', readFixture('photo.jpg'));
    for (const path of ['relative.jpg', './relative.jpg', '../relative.jpg', 'C:photo.jpg']) {
      expect(await checkOne(path)).toMatchObject({
        ok: false,
        error: { code: 'IMAGE_PATH_NOT_ABSOLUTE' },
      });
    }
  });

  it('refuses a directory, a device and a FIFO (without hanging on it)', async () => {
    const folder = join(dir, 'folder.jpg');
    await mkdir(folder);
    expect(await checkOne(folder)).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_A_FILE', detail: 'a folder' },
    });
    expect(await checkOne('/dev/zero')).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_A_FILE', detail: 'a device' },
    });
    const fifo = join(dir, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    expect(await checkOne(fifo)).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_A_FILE', detail: 'a pipe' },
    });
  });

  it('tells a missing file, a broken link and an unreadable file apart', async () => {
    expect(await checkOne(join(dir, 'nowhere.jpg'))).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_FOUND' },
    });
    const link = join(dir, 'broken-link.jpg');
    await symlink(join(dir, 'gone.jpg'), link);
    expect(await checkOne(link)).toMatchObject({
      ok: false,
      error: { code: 'IMAGE_NOT_FOUND', detail: 'broken link' },
    });
    // Root reads anything: the permission check only means something for other users.
    if (process.getuid?.() !== 0) {
      const locked = await file('locked.jpg', readFixture('photo.jpg'));
      execFileSync('chmod', ['000', locked]);
      expect(await checkOne(locked)).toMatchObject({
        ok: false,
        error: { code: 'IMAGE_UNREADABLE' },
      });
    }
  });

  it('follows a good link to its image', async () => {
    const target = await file('target.jpg', readFixture('photo.jpg'));
    const link = join(dir, 'good-link.jpg');
    await symlink(target, link);
    expect(await checkOne(link)).toMatchObject({ ok: true });
  });
});

it('answers one result per path, in order, reading a repeated path once', async () => {
  const logo = await file('logo.jpg', readFixture('photo.jpg'));
  const results = await checkImportImages(photos, [logo, 'bad.jpg', logo]);
  expect(results.map((result) => [result.path, result.ok])).toEqual([
    [logo, true],
    ['bad.jpg', false],
    [logo, true],
  ]);
  expect(results[0]).toEqual(results[2]);
  // What is stored is what the photo store hands the uploader later.
  const ref = results[0]!.ok ? results[0]!.photo : null;
  expect((await readFile(join(photos.dir, `${ref!.sha256}.jpg`))).length).toBeGreaterThan(0);
});
