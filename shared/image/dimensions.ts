// The width and height an image declares in its header, read without decoding a pixel. The
// decompression-bomb guard depends on it: a few kilobytes can declare gigapixels, and the
// decoder would try to allocate them.
import { UnreadableError, ascii, i32le, readSafely, u16, u24le, u32, u8 } from './byte-reader.ts';
import { readHeifDimensions } from './heif-boxes.ts';
import { isFrameHeader, jpegSegments } from './jpeg-segments.ts';
import type { RasterFormat } from './sniff.ts';
import { entryNumber, firstIfdOffset, openTiff, readIfd } from './tiff-ifd.ts';

export interface Dimensions {
  width: number;
  height: number;
}

export type DimensionsResult =
  | ({ ok: true } & Dimensions)
  /** truncated: the bytes ended before the size; unreadable: the header makes no sense. */
  | { ok: false; problem: 'truncated' | 'unreadable' };

function jpeg(bytes: Uint8Array): Dimensions {
  for (const segment of jpegSegments(bytes)) {
    if (!isFrameHeader(segment.marker)) continue;
    // Frame header: precision (1 byte), height, width.
    return { height: u16(bytes, segment.start + 1), width: u16(bytes, segment.start + 3) };
  }
  throw new UnreadableError('no frame header before the image data');
}

function png(bytes: Uint8Array): Dimensions {
  // IHDR comes first, except in Apple's "crushed" PNGs, which put a CgBI chunk before it.
  let offset = 8;
  for (let chunk = 0; chunk < 4; chunk += 1) {
    const length = u32(bytes, offset);
    if (ascii(bytes, offset + 4, 4) === 'IHDR') {
      return { width: u32(bytes, offset + 8), height: u32(bytes, offset + 12) };
    }
    offset += 12 + length;
  }
  throw new UnreadableError('no IHDR');
}

function gif(bytes: Uint8Array): Dimensions {
  // The logical screen; frames are drawn within it.
  return { width: u16(bytes, 6, true), height: u16(bytes, 8, true) };
}

function bmp(bytes: Uint8Array): Dimensions {
  if (u32(bytes, 14, true) === 12) {
    // OS/2 BITMAPCOREHEADER: 16-bit sizes.
    return { width: u16(bytes, 18, true), height: u16(bytes, 20, true) };
  }
  // A negative height means the rows are stored top-down.
  return { width: Math.abs(i32le(bytes, 18)), height: Math.abs(i32le(bytes, 22)) };
}

function webp(bytes: Uint8Array): Dimensions {
  const chunk = ascii(bytes, 12, 4);
  const data = 20;
  if (chunk === 'VP8X') {
    return { width: u24le(bytes, data + 4) + 1, height: u24le(bytes, data + 7) + 1 };
  }
  if (chunk === 'VP8L') {
    if (u8(bytes, data) !== 0x2f) throw new UnreadableError('no VP8L signature');
    const bits = u32(bytes, data + 1, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    // A 3-byte frame tag, the start code 9d 01 2a, then 14-bit sizes (2 bits of scaling).
    if (
      u8(bytes, data + 3) !== 0x9d ||
      u8(bytes, data + 4) !== 0x01 ||
      u8(bytes, data + 5) !== 0x2a
    ) {
      throw new UnreadableError('no VP8 start code');
    }
    return {
      width: u16(bytes, data + 6, true) & 0x3fff,
      height: u16(bytes, data + 8, true) & 0x3fff,
    };
  }
  throw new UnreadableError(`unknown WebP chunk ${chunk}`);
}

function tiff(bytes: Uint8Array): Dimensions {
  const view = openTiff(bytes);
  const ifd0 = readIfd(view, firstIfdOffset(view));
  const width = ifd0.get(256);
  const height = ifd0.get(257);
  if (!width || !height) throw new UnreadableError('no ImageWidth/ImageLength');
  return { width: entryNumber(view, width), height: entryNumber(view, height) };
}

const READERS: Record<RasterFormat, (bytes: Uint8Array) => Dimensions> = {
  jpeg,
  png,
  gif,
  bmp,
  webp,
  tiff,
  heic: readHeifDimensions,
  heif: readHeifDimensions,
  avif: readHeifDimensions,
};

/** The declared size of an image of a sniffed format; `bytes` may be just its beginning. */
export function readDimensions(format: RasterFormat, bytes: Uint8Array): DimensionsResult {
  const result = readSafely(() => READERS[format](bytes));
  if (!result.ok) return result;
  const { width, height } = result.value;
  // A zero side is what a header says when it defers the size (JPEG's DNL) or is damaged.
  if (width <= 0 || height <= 0) return { ok: false, problem: 'unreadable' };
  return { ok: true, width, height };
}
