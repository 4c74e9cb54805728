// Builds image headers byte by byte for the photo tests: inputs no sample file should be
// (a PNG declaring 20000 x 20000 pixels, every EXIF orientation in both byte orders, a HEIF
// with only boxes) and the committed fixtures, read back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'images');

export function readFixture(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(join(FIXTURES_DIR, name)));
}

export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

export function u16be(...values: number[]): Uint8Array {
  return concat(...values.map((value) => new Uint8Array([value >>> 8, value & 0xff])));
}

export function u32be(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((value, index) => view.setUint32(index * 4, value));
  return out;
}

// --- PNG -----------------------------------------------------------------------------------

export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  // The CRC is not checked by the header readers; zeros keep the builder short.
  return concat(u32be(data.length), latin1(type), data, new Uint8Array(4));
}

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG with only IHDR (8-bit RGBA) and, unless `end` is false, IEND: no pixels at all. */
export function pngHeader(width: number, height: number, end = true): Uint8Array<ArrayBuffer> {
  const ihdr = pngChunk('IHDR', concat(u32be(width, height), new Uint8Array([8, 6, 0, 0, 0])));
  return concat(PNG_SIGNATURE, ihdr, end ? pngChunk('IEND', new Uint8Array()) : new Uint8Array());
}

// --- JPEG and EXIF -------------------------------------------------------------------------

export function jpegSegment(marker: number, payload: Uint8Array): Uint8Array {
  return concat(new Uint8Array([0xff, marker]), u16be(payload.length + 2), payload);
}

/** `jpeg` with extra segments inserted right after its SOI. */
export function withSegments(jpeg: Uint8Array, ...segments: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return concat(jpeg.subarray(0, 2), ...segments, jpeg.subarray(2));
}

interface TiffEntrySpec {
  tag: number;
  type: number;
  count: number;
  /** Inline value (SHORT or LONG), written left-aligned in the 4-byte field. */
  value: number;
}

/** A TIFF block with one IFD (the EXIF payload after "Exif\0\0"). */
export function tiffBlock(littleEndian: boolean, entries: TiffEntrySpec[]): Uint8Array {
  const out = new Uint8Array(8 + 2 + entries.length * 12 + 4);
  const view = new DataView(out.buffer);
  out.set(latin1(littleEndian ? 'II' : 'MM'), 0);
  view.setUint16(2, 42, littleEndian);
  view.setUint32(4, 8, littleEndian);
  view.setUint16(8, entries.length, littleEndian);
  entries.forEach((entry, index) => {
    const at = 10 + index * 12;
    view.setUint16(at, entry.tag, littleEndian);
    view.setUint16(at + 2, entry.type, littleEndian);
    view.setUint32(at + 4, entry.count, littleEndian);
    if (entry.type === 3) view.setUint16(at + 8, entry.value, littleEndian);
    else view.setUint32(at + 8, entry.value, littleEndian);
  });
  return out;
}

export function exifSegment(tiff: Uint8Array): Uint8Array {
  return jpegSegment(0xe1, concat(latin1('Exif\0\0'), tiff));
}

export function orientationEntry(orientation: number): TiffEntrySpec {
  return { tag: 0x0112, type: 3, count: 1, value: orientation };
}

/** A GPS IFD pointer; the directory it points at is not needed to know GPS is there. */
export const GPS_POINTER_ENTRY: TiffEntrySpec = { tag: 0x8825, type: 4, count: 1, value: 26 };

export function xmpSegment(xml: string): Uint8Array {
  return jpegSegment(0xe1, concat(latin1('http://ns.adobe.com/xap/1.0/\0'), latin1(xml)));
}

/** A JPEG frame header (SOF0) declaring the given size, three components. */
export function sof0(width: number, height: number): Uint8Array {
  return jpegSegment(
    0xc0,
    concat(
      new Uint8Array([8]),
      u16be(height, width),
      new Uint8Array([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]),
    ),
  );
}

// --- ISO-BMFF (HEIC, HEIF, AVIF) -----------------------------------------------------------

export function box(type: string, ...payload: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concat(...payload);
  return concat(u32be(8 + body.length), latin1(type), body);
}

export function fullBox(type: string, version: number, ...payload: Uint8Array[]): Uint8Array {
  return box(type, new Uint8Array([version, 0, 0, 0]), ...payload);
}

export function ftyp(major: string, compatible: string[]): Uint8Array {
  return box('ftyp', latin1(major), u32be(0), ...compatible.map(latin1));
}

/**
 * ftyp + meta (pitm; iprp with a 32x24 thumbnail's ispe and the primary image's, linked by
 * ipma) + a small mdat: every box a reader needs for the size, and no pixels.
 */
export function headerOnlyHeif(
  major: string,
  compatible: string[],
  primary = { width: 4032, height: 3024 },
): Uint8Array<ArrayBuffer> {
  const pitm = fullBox('pitm', 0, u16be(1));
  const ipco = box(
    'ipco',
    fullBox('ispe', 0, u32be(32, 24)),
    fullBox('ispe', 0, u32be(primary.width, primary.height)),
  );
  // Two entries: item 2 (the thumbnail) -> property 1; item 1 -> property 2, essential.
  const ipma = fullBox('ipma', 0, u32be(2), new Uint8Array([0, 2, 1, 0x01, 0, 1, 1, 0x82]));
  const meta = fullBox('meta', 0, pitm, box('iprp', ipco, ipma));
  return concat(ftyp(major, compatible), meta, box('mdat', new Uint8Array(16)));
}
