// checkImportImages with real files on disk: what a spreadsheet's image column can point at.
// Good images in the chosen folder are stored without their location, time and text metadata;
// a path outside the folder is refused as such, and everything else that is wrong with the
// file (not its bytes) gets one neutral sentence that names no errno, size or kind of file.
import { execFileSync } from 'node:child_process';
import {
  mkdir,
  mkdtemp,
  readFile,
  realpath,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportImageResult } from '../../shared/import.schema.ts';
import { readDimensions } from '../../shared/image/dimensions.ts';
import { findMetadataResidue } from '../../shared/image/metadata-residue.ts';
import { sniffFormat, type RasterFormat } from '../../shared/image/sniff.ts';
import { jpegSegments } from '../../shared/image/jpeg-segments.ts';
import { appError } from '../../shared/error-catalogue.ts';
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

/** The chosen folder (its real path, as main keeps it), and a folder next to it. */
let dir: string;
let outside: string;
let root: string;
let photos: PhotoStore;

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'linq-import-images-')));
  dir = join(root, 'chosen');
  outside = join(root, 'elsewhere');
  await mkdir(dir);
  await mkdir(outside);
  photos = createPhotoStore(join(root, 'data'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

async function checkOne(path: string): Promise<ImportImageResult> {
  const [result] = await checkImportImages(photos, dir, [path]);
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

  it('refuses an image declaring more pixels than allowed, from its header', async () => {
    const result = await checkOne(await file('bomb.png', pngHeader(20_000, 20_000)));
    expect(result).toMatchObject({ ok: false, error: { code: 'IMAGE_TOO_MANY_PIXELS' } });
    // Under the pixel limit, but a side no photo has.
    const line = await checkOne(await file('line.png', pngHeader(1_000_000, 1)));
    expect(line).toMatchObject({ ok: false, error: { code: 'IMAGE_TOO_MANY_PIXELS' } });
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
});

describe('what the window learns of a file it cannot have', () => {
  /** The one answer for every file that is not a readable image of sane size: no detail. */
  const NEUTRAL = { ok: false, error: appError('IMAGE_UNREADABLE') };
  const NOT_IN_FOLDER = { ok: false, error: appError('IMAGE_NOT_IN_FOLDER') };

  it('says the same neutral sentence for a folder, a FIFO, an empty, a missing and a 20 MB+ file', async () => {
    const folder = join(dir, 'folder.jpg');
    await mkdir(folder);
    const fifo = join(dir, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    const huge = await file('huge.jpg', readFixture('photo.jpg'));
    await truncate(huge, MAX_STORED_PHOTO_BYTES + 1); // sparse: no 20 MB written
    const empty = await file('empty.jpg', new Uint8Array());
    const broken = join(dir, 'broken-link.jpg');
    await symlink(join(dir, 'gone.jpg'), broken);
    const paths = [folder, fifo, huge, empty, join(dir, 'nowhere.jpg'), broken];
    // Root reads anything: the permission check only means something for other users.
    if (process.getuid?.() !== 0) {
      const locked = await file('locked.jpg', readFixture('photo.jpg'));
      execFileSync('chmod', ['000', locked]);
      paths.push(locked);
    }
    const results = await checkImportImages(photos, dir, paths);
    for (const [i, result] of results.entries()) {
      expect(result, paths[i]).toEqual({ path: paths[i], ...NEUTRAL });
    }
    // No errno, no size, no kind: the message is the catalogue's, and it has no detail.
    const message = NEUTRAL.error.message;
    expect(message).not.toMatch(/\bE[A-Z]{3,}\b|bytes|folder|pipe|device|empty|\d{4,}/);
  });

  it('refuses a link that leads out of the folder, and reads nothing through it', async () => {
    const secret = join(outside, 'secret.jpg');
    await writeFile(secret, readFixture('photo.jpg'));
    const link = join(dir, 'innocent.jpg');
    await symlink(secret, link);
    const folderLink = join(dir, 'photos');
    await symlink(outside, folderLink);
    const results = await checkImportImages(photos, dir, [
      link,
      join(folderLink, 'secret.jpg'),
      join(dir, '..', 'elsewhere', 'secret.jpg'),
    ]);
    for (const result of results) expect(result).toMatchObject(NOT_IN_FOLDER);
  });

  it('refuses every path outside the folder alike, whether it exists or not', async () => {
    const image = join(outside, 'there.jpg');
    await writeFile(image, readFixture('photo.jpg'));
    const paths = [
      image,
      join(outside, 'not-there.jpg'),
      outside,
      '/dev/zero',
      '/etc/passwd',
      '/root/.ssh/id_rsa',
    ];
    const results = await checkImportImages(photos, dir, paths);
    for (const [i, result] of results.entries()) {
      expect(result, paths[i]).toEqual({ path: paths[i], ...NOT_IN_FOLDER });
    }
  });

  it('reads nothing at all when no folder was chosen', async () => {
    const image = await file('chosen-but-no-grant.jpg', readFixture('photo.jpg'));
    expect((await checkImportImages(photos, null, [image]))[0]).toEqual({
      path: image,
      ...NOT_IN_FOLDER,
    });
  });

  it('follows a good link to its image inside the folder, also into a subfolder', async () => {
    await mkdir(join(dir, 'sub'));
    const target = join(dir, 'sub', 'target.jpg');
    await writeFile(target, readFixture('photo.jpg'));
    const link = join(dir, 'good-link.jpg');
    await symlink(target, link);
    expect(await checkOne(link)).toMatchObject({ ok: true });
    expect(await checkOne(target)).toMatchObject({ ok: true });
  });
});

it('answers one result per path, in order, reading a repeated path once', async () => {
  const logo = await file('logo.jpg', readFixture('photo.jpg'));
  const results = await checkImportImages(photos, dir, [logo, 'bad.jpg', logo]);
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
