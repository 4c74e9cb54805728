// Whether a whole file reaches the end its format defines. A copy or download that was cut
// off still has a good header (so it passes the size checks) but would show as a grey or
// half-drawn photo on customers' phones; this catches it before anything is sent.
import {
  UnreadableError,
  ascii,
  readSafely,
  u16,
  u32,
  u8,
} from '../../../../shared/image/byte-reader.ts';
import { heifBoxesComplete } from '../../../../shared/image/heif-boxes.ts';
import { EOI, jpegSegments } from '../../../../shared/image/jpeg-segments.ts';
import type { RasterFormat } from '../../../../shared/image/sniff.ts';
import {
  entryNumber,
  firstIfdOffset,
  ifdEnd,
  openTiff,
  readIfd,
  valueEnd,
} from '../../../../shared/image/tiff-ifd.ts';

export type Completeness = 'complete' | 'truncated' | 'unreadable';

function jpeg(bytes: Uint8Array): boolean {
  let offset = 0;
  for (const segment of jpegSegments(bytes)) offset = segment.end;
  // In entropy-coded data 0xFF is followed by 00 (a stuffed byte), a restart marker or
  // another marker (progressive files have more segments between scans). The image ends at
  // the first EOI; whatever follows (a phone's motion-photo video, padding) is not ours.
  for (;;) {
    const at = bytes.indexOf(0xff, offset);
    if (at < 0 || at + 1 >= bytes.length) return false;
    const marker = bytes[at + 1] as number;
    if (marker === EOI) return true;
    if (marker === 0x00 || marker === 0xff || (marker >= 0xd0 && marker <= 0xd7)) {
      offset = at + 1;
      continue;
    }
    // A segment between scans (DHT, SOS, DNL...): skip it whole.
    const end = at + 2 + u16(bytes, at + 2);
    if (end > bytes.length) return false;
    offset = end;
  }
}

function png(bytes: Uint8Array): boolean {
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = u32(bytes, offset);
    if (ascii(bytes, offset + 4, 4) === 'IEND') return offset + 12 <= bytes.length;
    offset += 12 + length;
  }
  return false;
}

function skipSubBlocks(bytes: Uint8Array, offset: number): number {
  let at = offset;
  for (let size = u8(bytes, at); size !== 0; size = u8(bytes, at)) at += 1 + size;
  return at + 1;
}

function gif(bytes: Uint8Array): boolean {
  const colorTable = (flags: number) => ((flags & 0x80) !== 0 ? 3 * 2 ** ((flags & 7) + 1) : 0);
  let offset = 13 + colorTable(u8(bytes, 10));
  for (;;) {
    const block = u8(bytes, offset);
    if (block === 0x3b) return true; // trailer
    if (block === 0x21) {
      offset = skipSubBlocks(bytes, offset + 2); // extension: introducer, label, sub-blocks
    } else if (block === 0x2c) {
      // Image: descriptor (10 bytes), local colour table, LZW code size, data sub-blocks.
      offset += 10 + colorTable(u8(bytes, offset + 9));
      offset = skipSubBlocks(bytes, offset + 1);
    } else {
      throw new UnreadableError(`unknown GIF block ${block}`);
    }
  }
}

function bmp(bytes: Uint8Array): boolean {
  const pixelsAt = u32(bytes, 10, true);
  const header = u32(bytes, 14, true);
  if (header === 12) return pixelsAt < bytes.length;
  const width = Math.abs(u32(bytes, 18, true) | 0);
  const height = Math.abs(u32(bytes, 22, true) | 0);
  const bitsPerPixel = u16(bytes, 28, true);
  const compression = u32(bytes, 30, true);
  // Uncompressed rows are padded to 4 bytes; compressed data declares its own size.
  const size =
    compression === 0 || compression === 3
      ? Math.ceil((width * bitsPerPixel) / 32) * 4 * height
      : u32(bytes, 34, true);
  return pixelsAt + size <= bytes.length;
}

function webp(bytes: Uint8Array): boolean {
  return 8 + u32(bytes, 4, true) <= bytes.length;
}

function tiff(bytes: Uint8Array): boolean {
  const view = openTiff(bytes);
  const first = firstIfdOffset(view);
  const ifd0 = readIfd(view, first);
  // Everything the first directory points at must be there: its values, and the strips or
  // tiles of the image, each declared by where it starts and how long it is.
  let end = ifdEnd(view, first);
  for (const entry of ifd0.values()) end = Math.max(end, valueEnd(view, entry));
  const offsets = ifd0.get(273) ?? ifd0.get(324);
  const counts = ifd0.get(279) ?? ifd0.get(325);
  if (offsets && counts) {
    if (offsets.count > bytes.length / 2) throw new UnreadableError('more strips than bytes');
    for (let index = 0; index < offsets.count; index += 1) {
      end = Math.max(end, entryNumber(view, offsets, index) + entryNumber(view, counts, index));
    }
  }
  return end <= bytes.length;
}

const CHECKS: Record<RasterFormat, (bytes: Uint8Array) => boolean> = {
  jpeg,
  png,
  gif,
  bmp,
  webp,
  tiff,
  heic: heifBoxesComplete,
  heif: heifBoxesComplete,
  avif: heifBoxesComplete,
};

/** Whether the whole file `bytes` (of a sniffed format) is all there. */
export function checkCompleteness(format: RasterFormat, bytes: Uint8Array): Completeness {
  const result = readSafely(() => CHECKS[format](bytes));
  if (!result.ok) return result.problem;
  return result.value ? 'complete' : 'truncated';
}
