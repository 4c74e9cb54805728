// The guards a dropped file passes before it is decoded or sent: size, type, truncation and
// the decompression-bomb guard, each failing with a message that says what to do.
import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_INPUT_BYTES, MAX_PHOTO_PIXELS } from '../../../../../shared/photo.ts';
import { checkCompleteness } from '../../../../../renderer/src/lib/image/completeness.ts';
import {
  checkPhotoBytes,
  checkPhotoFile,
  type PhotoCheck,
} from '../../../../../renderer/src/lib/image/photo-checks.ts';
import type { RasterFormat } from '../../../../../shared/image/sniff.ts';
import {
  concat,
  headerOnlyHeif,
  jpegSegment,
  latin1,
  pngHeader,
  readFixture,
  sof0,
  u16be,
  withSegments,
} from '../../../../support/image-bytes.ts';

const ACCEPTED: [file: string, format: RasterFormat, needsConversion: boolean][] = [
  ['photo.jpg', 'jpeg', false],
  ['progressive.jpg', 'jpeg', false],
  ['transparent.png', 'png', false],
  ['photo.gif', 'gif', false],
  ['photo.bmp', 'bmp', false],
  ['photo-le.tiff', 'tiff', false],
  ['photo-be.tiff', 'tiff', false],
  ['photo.heic', 'heic', false],
  ['lossy.webp', 'webp', true],
  ['lossless.webp', 'webp', true],
  ['extended.webp', 'webp', true],
  ['photo.avif', 'avif', true],
];

/** A Blob that fails the test if anything reads it: proves a refusal came from its size. */
function unreadableBlob(size: number): Blob {
  const refuse = () => {
    throw new Error('the file was read');
  };
  return { size, type: '', slice: refuse, arrayBuffer: refuse, stream: refuse } as unknown as Blob;
}

function failure(check: PhotoCheck) {
  if (check.ok) throw new Error(`expected a refusal, got ${JSON.stringify(check)}`);
  return check;
}

describe('photo checks: what is accepted', () => {
  it.each(ACCEPTED)('accepts %s as %s', (file, format, needsConversion) => {
    expect(checkPhotoBytes(readFixture(file))).toEqual({
      ok: true,
      format,
      width: 64,
      height: 48,
      needsConversion,
      orientation: 1,
    });
  });

  it('reports the size as seen, with the EXIF orientation applied', () => {
    expect(checkPhotoBytes(readFixture('exif-gps-orientation-6-be.jpg'))).toMatchObject({
      ok: true,
      width: 48,
      height: 64,
      orientation: 6,
    });
    expect(checkPhotoBytes(readFixture('exif-orientation-8-le.jpg'))).toMatchObject({
      width: 48,
      height: 64,
      orientation: 8,
    });
  });

  it('accepts a HEIF by its header even without pixels (it may be sent as is)', () => {
    expect(checkPhotoBytes(readFixture('header-only-mif1.heif'))).toMatchObject({
      ok: true,
      format: 'heif',
      width: 4032,
      height: 3024,
    });
  });

  it('accepts a JPEG with data after its end (a phone motion photo) as complete', () => {
    const trailer = new Uint8Array(100_000).fill(0xff);
    expect(checkPhotoBytes(concat(readFixture('photo.jpg'), trailer))).toMatchObject({ ok: true });
  });

  it('reads a whole file only when its first part passed, and hands the bytes back', async () => {
    // 300 KB of APP segments push the frame header past the first part that is read.
    const padding = Array.from({ length: 5 }, () => jpegSegment(0xe2, new Uint8Array(60_000)));
    const jpeg = withSegments(readFixture('photo.jpg'), ...padding);
    const { check, bytes } = await checkPhotoFile(new Blob([jpeg]));
    expect(check).toMatchObject({ ok: true, width: 64, height: 48 });
    expect(bytes).toEqual(jpeg);
  });
});

describe('photo checks: what is refused, and what the message says to do', () => {
  it('refuses an empty file', async () => {
    const { check } = await checkPhotoFile(new Blob([]));
    expect(failure(check).code).toBe('empty');
    expect(failure(check).message).toMatch(/empty.*Choose the photo again/);
    expect(failure(checkPhotoBytes(new Uint8Array())).code).toBe('empty');
  });

  it('refuses a file over 50 MB without reading it', async () => {
    const { check, bytes } = await checkPhotoFile(unreadableBlob(60 * 1024 * 1024));
    expect(failure(check)).toEqual({
      ok: false,
      code: 'too-large',
      message: expect.stringMatching(/60 MB; a photo can be at most 50 MB\. Save a smaller copy/),
    });
    expect(bytes).toBeNull();
  });

  it('refuses a real 60 MB buffer, and accepts exactly the limit when it is an image', () => {
    const big = new Uint8Array(60 * 1024 * 1024);
    big.set(readFixture('photo.jpg'));
    expect(failure(checkPhotoBytes(big)).code).toBe('too-large');
    const atLimit = new Uint8Array(MAX_PHOTO_INPUT_BYTES);
    atLimit.set(readFixture('photo.jpg')); // zeros after EOI are trailing data, not the image
    expect(checkPhotoBytes(atLimit)).toMatchObject({ ok: true });
  });

  it.each(['notes.txt', 'document.pdf', 'video.mp4'])('refuses %s as not an image', (file) => {
    const check = failure(checkPhotoBytes(readFixture(file)));
    expect(check.code).toBe('not-an-image');
    expect(check.message).toMatch(/not an image.*Choose a JPEG, PNG/);
  });

  it.each(['logo.svg', 'logo-with-prolog.svg'])('refuses %s, explaining how to export', (file) => {
    const check = failure(checkPhotoBytes(readFixture(file)));
    expect(check.code).toBe('svg');
    expect(check.message).toMatch(/SVG.*Export the logo as a PNG or JPEG/);
  });

  it.each(ACCEPTED)('refuses %s cut short as incomplete', async (file) => {
    const bytes = readFixture(file);
    for (const length of [bytes.length - 1, Math.floor(bytes.length / 2), 30]) {
      const check = failure(checkPhotoBytes(bytes.subarray(0, length)));
      expect(check.code, `${file} cut to ${length}`).toBe('truncated');
      expect(check.message).toMatch(/incomplete.*Get the file again/);
    }
    const { check } = await checkPhotoFile(new Blob([bytes.subarray(0, bytes.length - 1)]));
    expect(failure(check).code).toBe('truncated');
  });

  it('refuses a header that makes no sense as damaged', () => {
    const jpeg = concat(new Uint8Array([0xff, 0xd8]), jpegSegment(0xda, new Uint8Array(6)));
    const check = failure(checkPhotoBytes(jpeg));
    expect(check.code).toBe('damaged');
    expect(check.message).toMatch(/JPEG file is damaged.*save a new copy/);
  });
});

describe('the decompression-bomb guard (declared size, before any decoding)', () => {
  it('refuses a PNG header declaring 20000 x 20000 pixels, naming the size', () => {
    const check = failure(checkPhotoBytes(pngHeader(20_000, 20_000)));
    expect(check).toEqual({
      ok: false,
      code: 'too-many-pixels',
      message: expect.stringMatching(/20000 × 20000 pixels \(400 megapixels\).*100 megapixels/),
    });
  });

  it('allows exactly 100 megapixels and refuses one row more', () => {
    expect(MAX_PHOTO_PIXELS).toBe(100_000_000);
    expect(checkPhotoBytes(pngHeader(10_000, 10_000))).toMatchObject({ ok: true });
    expect(failure(checkPhotoBytes(pngHeader(10_000, 10_001))).code).toBe('too-many-pixels');
  });

  it('refuses bombs in every format from the header alone, even with no pixel data', () => {
    const jpeg = concat(new Uint8Array([0xff, 0xd8]), sof0(65_000, 65_000));
    const gif = concat(latin1('GIF89a'), u16be(0xffff, 0xffff).reverse(), new Uint8Array(3));
    const webp = readFixture('extended.webp').slice();
    webp.set([0xff, 0xff, 0x00, 0xff, 0xff, 0x00], 24); // VP8X canvas 65536 x 65536
    const heic = headerOnlyHeif('heic', ['mif1', 'heic'], { width: 20_000, height: 20_000 });
    for (const bomb of [jpeg, gif, webp, heic]) {
      expect(failure(checkPhotoBytes(bomb)).code).toBe('too-many-pixels');
    }
  });

  it('refuses a bomb inside a large file after reading only its first part', async () => {
    const header = pngHeader(30_000, 30_000, false);
    const file = new Blob([header, new Uint8Array(40 * 1024 * 1024)]);
    const reads: string[] = [];
    const watched = {
      size: file.size,
      slice: (start?: number, end?: number) => {
        reads.push(`${start}-${end}`);
        return file.slice(start, end);
      },
      arrayBuffer: () => {
        throw new Error('read whole');
      },
    } as unknown as Blob;
    const { check } = await checkPhotoFile(watched);
    expect(failure(check).code).toBe('too-many-pixels');
    expect(reads).toEqual([`0-${256 * 1024}`]);
  });
});

describe('checkCompleteness', () => {
  it('answers unreadable, not truncated, for nonsense past the header', () => {
    const gif = readFixture('photo.gif').slice();
    const firstBlock = 13 + 3 * 2 ** ((gif[10]! & 7) + 1);
    gif[firstBlock] = 0x99; // neither an extension, an image nor the trailer
    expect(checkCompleteness('gif', gif)).toBe('unreadable');
    expect(checkCompleteness('jpeg', latin1('not a jpeg'))).toBe('unreadable');
  });
});
