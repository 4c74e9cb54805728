// Declared sizes read from headers alone, on real files of every raster format and on
// hand-built headers; cut-off and nonsensical headers give typed answers, never exceptions.
import { describe, expect, it } from 'vitest';
import { readDimensions } from '../../shared/image/dimensions.ts';
import { sniffFormat, type RasterFormat } from '../../shared/image/sniff.ts';
import {
  concat,
  headerOnlyHeif,
  jpegSegment,
  latin1,
  pngChunk,
  pngHeader,
  PNG_SIGNATURE,
  readFixture,
  sof0,
  u32be,
  withSegments,
} from '../support/image-bytes.ts';

const RASTER_SAMPLES = [
  'photo.jpg',
  'progressive.jpg',
  'exif-gps-orientation-6-be.jpg',
  'exif-orientation-8-le.jpg',
  'transparent.png',
  'photo.gif',
  'photo.bmp',
  'photo-le.tiff',
  'photo-be.tiff',
  'lossy.webp',
  'lossless.webp',
  'extended.webp',
  'photo.heic',
  'photo.avif',
];

function dimensionsOf(bytes: Uint8Array) {
  return readDimensions(sniffFormat(bytes) as RasterFormat, bytes);
}

describe('readDimensions on sample files', () => {
  it.each(RASTER_SAMPLES)('%s declares 64 x 48', (file) => {
    // EXIF orientation is not applied here: these are the stored pixels' dimensions.
    expect(dimensionsOf(readFixture(file))).toEqual({ ok: true, width: 64, height: 48 });
  });

  it('takes the primary image of a HEIF, not its thumbnail', () => {
    expect(dimensionsOf(readFixture('header-only-mif1.heif'))).toEqual({
      ok: true,
      width: 4032,
      height: 3024,
    });
  });

  it.each(RASTER_SAMPLES)('%s cut to 8 bytes is truncated', (file) => {
    const bytes = readFixture(file);
    const format = sniffFormat(bytes) as RasterFormat;
    expect(readDimensions(format, bytes.subarray(0, 8))).toEqual({
      ok: false,
      problem: 'truncated',
    });
  });

  it.each([...RASTER_SAMPLES, 'header-only-mif1.heif'])(
    '%s never throws, whatever its length',
    (file) => {
      const bytes = readFixture(file);
      const format = sniffFormat(bytes) as RasterFormat;
      for (let length = 0; length <= Math.min(bytes.length, 4096); length += 1) {
        const result = readDimensions(format, bytes.subarray(0, length));
        if (!result.ok) expect(['truncated', 'unreadable']).toContain(result.problem);
      }
    },
  );

  it('never throws on corrupted bytes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const file of RASTER_SAMPLES) {
      const original = readFixture(file);
      const format = sniffFormat(original) as RasterFormat;
      for (let round = 0; round < 200; round += 1) {
        const bytes = original.slice();
        for (let flips = 0; flips < 4; flips += 1) {
          bytes[Math.floor(random() * Math.min(bytes.length, 600))] = Math.floor(random() * 256);
        }
        expect(() => readDimensions(format, bytes)).not.toThrow();
      }
    }
  });
});

describe('readDimensions on hand-built headers', () => {
  it('reads JPEG sizes after large APP segments, and after fill bytes', () => {
    const app2 = jpegSegment(0xe2, new Uint8Array(65_000));
    const jpeg = withSegments(readFixture('photo.jpg'), app2, app2);
    expect(dimensionsOf(jpeg)).toEqual({ ok: true, width: 64, height: 48 });
    const filled = concat(
      new Uint8Array([0xff, 0xd8, 0xff, 0xff, 0xff]),
      sof0(3000, 2000).subarray(1),
    );
    expect(dimensionsOf(filled)).toEqual({ ok: true, width: 3000, height: 2000 });
  });

  it('reports a JPEG whose image data starts before any frame header as unreadable', () => {
    const jpeg = concat(new Uint8Array([0xff, 0xd8]), jpegSegment(0xda, new Uint8Array(6)));
    expect(dimensionsOf(jpeg)).toEqual({ ok: false, problem: 'unreadable' });
  });

  it('reports a JPEG whose frame header defers its height (DNL) as unreadable', () => {
    const jpeg = concat(new Uint8Array([0xff, 0xd8]), sof0(640, 0));
    expect(dimensionsOf(jpeg)).toEqual({ ok: false, problem: 'unreadable' });
  });

  it('reads PNG sizes up to 2^31, and past an Apple CgBI chunk', () => {
    expect(dimensionsOf(pngHeader(20_000, 20_000))).toEqual({
      ok: true,
      width: 20_000,
      height: 20_000,
    });
    expect(dimensionsOf(pngHeader(0x7fff_ffff, 1))).toMatchObject({ width: 0x7fff_ffff });
    const crushed = concat(
      PNG_SIGNATURE,
      pngChunk('CgBI', new Uint8Array(4)),
      pngHeader(10, 20).subarray(8),
    );
    expect(dimensionsOf(crushed)).toEqual({ ok: true, width: 10, height: 20 });
  });

  it('reads a HEIF primary image size through pitm and ipma, and falls back to the largest', () => {
    const big = headerOnlyHeif('heic', ['mif1', 'heic'], { width: 20_000, height: 20_000 });
    expect(dimensionsOf(big)).toEqual({ ok: true, width: 20_000, height: 20_000 });
  });

  it('reports a HEIF cut inside its meta box as truncated', () => {
    const heif = readFixture('header-only-mif1.heif');
    expect(dimensionsOf(heif.subarray(0, 60))).toEqual({ ok: false, problem: 'truncated' });
  });

  it('reads a top-down BMP (negative height) as its absolute size', () => {
    const bmp = readFixture('photo.bmp').slice();
    new DataView(bmp.buffer).setInt32(22, -48, true);
    expect(dimensionsOf(bmp)).toEqual({ ok: true, width: 64, height: 48 });
  });

  it('reports a WebP with an unknown first chunk as unreadable', () => {
    const webp = concat(latin1('RIFF'), u32be(0), latin1('WEBPVP9 '), new Uint8Array(20));
    expect(dimensionsOf(webp)).toEqual({ ok: false, problem: 'unreadable' });
  });
});
