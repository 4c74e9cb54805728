// The photo pipeline (renderer/src/lib/image/process-photo.ts) in real Chromium, without the
// app: EXIF orientation applied, EXIF (GPS included) gone from the output, the square crop
// at the right size and type, HEIC/HEIF/TIFF sent cleaned of metadata but not re-encoded,
// GIF/BMP with a position re-encoded to pixels only, a damaged file refused. Chromium code, so it
// runs once, in the browser project.
import { createHash } from 'node:crypto';
import { test, expect } from '@playwright/test';
import type { Browser, Page } from 'playwright-core';
import { findExif, hasExifGps } from '../../renderer/src/lib/image/exif-reader.ts';
import { readDimensions } from '../../shared/image/dimensions.ts';
import { findMetadataResidue } from '../../shared/image/metadata-residue.ts';
import { sniffFormat, type RasterFormat } from '../../shared/image/sniff.ts';
import { stripMetadata } from '../../shared/image/strip-metadata.ts';
import { readFixture } from '../support/image-bytes.ts';
import { launchChromium } from './hosts/browser-host.ts';
import { buildPhotoLib } from './hosts/photo-lib-build.ts';
import { serveDirectory, type StaticServer } from './hosts/static-server.ts';

interface PageResult {
  ok: boolean;
  kind?: 'processed' | 'as-is';
  code?: string;
  message?: string;
  contentType?: string;
  width?: number;
  height?: number;
  sha256?: string;
  bytes?: number[];
  /** RGBA of the output at the probed points, when Chromium can decode it. */
  pixels?: number[][];
}

type Crop = { centerX: number; centerY: number; zoom: number };
const CENTERED: Crop = { centerX: 0.5, centerY: 0.5, zoom: 1 };

let server: StaticServer | undefined;
let browser: Browser | undefined;
let page: Page;

test.beforeAll(async () => {
  if (test.info().project.name !== 'browser') return;
  server = await serveDirectory(await buildPhotoLib());
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.origin}/index.html`);
});

test.afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function processInPage(
  bytes: Uint8Array,
  crop: Crop = CENTERED,
  probes: [number, number][] = [],
): Promise<PageResult> {
  return page.evaluate(
    async ({ data, crop, probes }) => {
      const lib = (
        window as unknown as {
          photoLib: {
            processPhoto(file: Blob, crop: Crop): Promise<Record<string, unknown>>;
          };
        }
      ).photoLib;
      const result = await lib.processPhoto(new Blob([new Uint8Array(data)]), crop);
      if (!result.ok) return result as unknown as PageResult;
      const output = result.bytes as Uint8Array<ArrayBuffer>;
      let pixels: number[][] | undefined;
      if (result.kind === 'processed') {
        const bitmap = await createImageBitmap(new Blob([output]));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        pixels = probes.map(([x, y]) => Array.from(context.getImageData(x, y, 1, 1).data));
      }
      return { ...result, bytes: Array.from(output), pixels } as unknown as PageResult;
    },
    { data: Array.from(bytes), crop, probes },
  );
}

const isWhite = (rgba: number[] | undefined) => !!rgba && rgba.slice(0, 3).every((v) => v > 230);

test('applies the EXIF orientation, then re-encodes without any EXIF or GPS position', async () => {
  const input = readFixture('exif-gps-orientation-6-be.jpg');
  expect(hasExifGps(input)).toBe(true);
  // The stored photo has a white band on its left; turned 90° clockwise, it is on top.
  const result = await processInPage(input, CENTERED, [
    [24, 3],
    [24, 40],
  ]);
  expect(result).toMatchObject({ ok: true, kind: 'processed', contentType: 'image/jpeg' });
  expect([result.width, result.height]).toEqual([48, 48]);
  expect(isWhite(result.pixels?.[0])).toBe(true);
  expect(isWhite(result.pixels?.[1])).toBe(false);
  const output = new Uint8Array(result.bytes!);
  expect(hasExifGps(output)).toBe(false);
  expect(findExif(output)).toBeNull();
  expect(result.sha256).toBe(createHash('sha256').update(output).digest('hex'));
});

test('turns a photo the other way for orientation 8 (white band at the bottom)', async () => {
  const result = await processInPage(readFixture('exif-orientation-8-le.jpg'), CENTERED, [
    [24, 3],
    [24, 44],
  ]);
  expect(isWhite(result.pixels?.[0])).toBe(false);
  expect(isWhite(result.pixels?.[1])).toBe(true);
});

const OUTPUTS: [file: string, contentType: string][] = [
  ['photo.jpg', 'image/jpeg'],
  ['progressive.jpg', 'image/jpeg'],
  ['transparent.png', 'image/png'],
  ['photo.gif', 'image/png'],
  ['photo.bmp', 'image/jpeg'],
  ['lossy.webp', 'image/jpeg'],
  ['lossless.webp', 'image/jpeg'],
  ['extended.webp', 'image/jpeg'],
  ['photo.avif', 'image/jpeg'],
];

for (const [file, contentType] of OUTPUTS) {
  test(`processes ${file} into a 48 px square ${contentType}`, async () => {
    const result = await processInPage(readFixture(file));
    expect(result).toMatchObject({ ok: true, kind: 'processed', contentType, width: 48 });
    const output = new Uint8Array(result.bytes!);
    const format = sniffFormat(output) as RasterFormat;
    expect(`image/${format}`).toBe(contentType);
    expect(readDimensions(format, output)).toEqual({ ok: true, width: 48, height: 48 });
  });
}

test('keeps a PNG logo transparent, and puts a transparent WebP on white for JPEG', async () => {
  const png = await processInPage(readFixture('transparent.png'), CENTERED, [[0, 0]]);
  expect(png.pixels?.[0]?.[3]).toBe(0);
  const webp = await processInPage(readFixture('extended.webp'), CENTERED, [[0, 0]]);
  expect(isWhite(webp.pixels?.[0])).toBe(true);
});

test('crops where the user panned and zoomed', async () => {
  // photo.jpg: a white band on the left 16 columns of 64 x 48.
  const left = await processInPage(
    readFixture('photo.jpg'),
    { centerX: 0, centerY: 0.5, zoom: 3 },
    [[8, 8]],
  );
  expect([left.width, isWhite(left.pixels?.[0])]).toEqual([16, true]);
  const right = await processInPage(
    readFixture('photo.jpg'),
    { centerX: 1, centerY: 0.5, zoom: 3 },
    [[8, 8]],
  );
  expect(isWhite(right.pixels?.[0])).toBe(false);
});

test('sends HEIC, HEIF and TIFF, which Chromium cannot decode, cleaned but not re-encoded', async () => {
  for (const [file, contentType] of [
    ['photo.heic', 'image/heic'],
    ['header-only-mif1.heif', 'image/heif'],
    ['photo-le.tiff', 'image/tiff'],
    ['photo-be.tiff', 'image/tiff'],
    ['gps.heic', 'image/heic'],
    ['gps-mif1.heif', 'image/heif'],
    ['gps-le.tiff', 'image/tiff'],
    ['gps-be.tiff', 'image/tiff'],
  ] as const) {
    const input = readFixture(file);
    const result = await processInPage(input);
    expect(result).toMatchObject({ ok: true, kind: 'as-is', contentType });
    const output = new Uint8Array(result.bytes!);
    // What the page sent is what the shared stripper makes of the file, in Node too.
    const expected = stripMetadata(sniffFormat(input) as 'heic' | 'heif' | 'tiff', input);
    expect(expected.ok && output).toEqual(expected.ok && expected.bytes);
    expect(findMetadataResidue(output)).toBeNull();
    expect(new TextDecoder('latin1').decode(output)).not.toMatch(/GPS|Paris|Elm Street/);
    expect(result.sha256).toBe(createHash('sha256').update(output).digest('hex'));
    // A file without metadata items is left byte for byte (HEIC/HEIF keep their layout).
    if (file.startsWith('photo.heic') || file.startsWith('header-only'))
      expect(output).toEqual(input);
  }
});

test('re-encodes a GIF and a BMP carrying a position into pixels only', async () => {
  for (const file of ['gps.gif', 'gps-animated.gif', 'gps-trailer.bmp']) {
    const input = readFixture(file);
    expect(findMetadataResidue(input)).not.toBeNull();
    const result = await processInPage(input, CENTERED, [[24, 24]]);
    expect(result).toMatchObject({ ok: true, kind: 'processed' });
    const output = new Uint8Array(result.bytes!);
    expect(findMetadataResidue(output)).toBeNull();
    expect(new TextDecoder('latin1').decode(output)).not.toMatch(/GPS|Paris|Elm Street/);
    expect(result.pixels?.[0]).toHaveLength(4); // Chromium decoded what it produced
  }
});

test('refuses a HEIC whose location it cannot remove, with the reason', async () => {
  // An image sequence's movie part (moov) can hold a location box of its own.
  const moov = new Uint8Array([0, 0, 0, 8, 0x6d, 0x6f, 0x6f, 0x76]);
  const input = new Uint8Array([...readFixture('gps.heic'), ...moov]);
  const result = await processInPage(input);
  expect(result).toMatchObject({ ok: false, code: 'cannot-clean' });
  expect(result.message).toMatch(/more than a still image.*JPEG or PNG/);
});

test('refuses a JPEG whose header passes but which Chromium cannot decode', async () => {
  const broken = readFixture('photo.jpg').slice();
  const sof = broken.findIndex((byte, index) => byte === 0xff && broken[index + 1] === 0xc0);
  broken[sof + 4] = 0; // sample precision 0: no decoder accepts it
  const result = await processInPage(broken);
  expect(result).toMatchObject({ ok: false, code: 'damaged' });
});

test('refuses what the checks refuse, before decoding', async () => {
  expect(await processInPage(readFixture('logo.svg'))).toMatchObject({ ok: false, code: 'svg' });
  expect(await processInPage(new Uint8Array())).toMatchObject({ ok: false, code: 'empty' });
});

// Its speed and memory, against a naive full-size re-encode, are measured in npm run bench.
test('shrinks a 24-megapixel JPEG to a 1024 px square', async () => {
  const side = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(6000, 4000);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#d04020';
    context.fillRect(0, 0, 6000, 4000);
    const photo = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const lib = (
      window as unknown as {
        photoLib: {
          processPhoto(file: Blob, crop: Crop): Promise<{ width: number; height: number }>;
        };
      }
    ).photoLib;
    const processed = await lib.processPhoto(photo, { centerX: 0.5, centerY: 0.5, zoom: 1 });
    return [processed.width, processed.height];
  });
  expect(side).toEqual([1024, 1024]);
});
