// A BMP has no standard place for EXIF, XMP or a location, but a file can still carry words
// about itself: bytes appended after the pixels (some tools put an XMP packet or a whole
// other file there), bytes in the gap between the colour table and the pixels, and in a V5
// header a colour profile that is either embedded or LINKED, i.e. a file path on the
// machine that made it (with a user name in it). So: the file ends where its pixels end,
// the gap is zeroed, and a V5 profile is replaced by the sRGB colour space it most likely
// described anyway. Headers, colour table and pixels are kept byte for byte.
import { TruncatedError, UnreadableError, u16, u32 } from './byte-reader.ts';

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const V5_HEADER = 124;
const LCS_SRGB = 0x73524742; // 'sRGB'
const PROFILE_EMBEDDED = 0x4d424544; // 'MBED'
const PROFILE_LINKED = 0x4c494e4b; // 'LINK'

/** Where the colour table (and any bit masks stored after a 40-byte header) end. */
function colourTableEnd(bytes: Uint8Array, headerSize: number): number {
  const dibEnd = 14 + headerSize;
  if (headerSize === 12) {
    const bits = u16(bytes, 24, true);
    return dibEnd + (bits <= 8 ? 3 * 2 ** bits : 0); // OS/2 core: 3-byte entries
  }
  const bits = u16(bytes, 28, true);
  const compression = u32(bytes, 30, true);
  const used = u32(bytes, 46, true);
  let masks = 0;
  if (headerSize === 40 && compression === BI_BITFIELDS) masks = 12;
  if (headerSize === 40 && compression === BI_ALPHABITFIELDS) masks = 16;
  const colours = used !== 0 ? used : bits <= 8 ? 2 ** bits : 0;
  return dibEnd + masks + 4 * colours;
}

/** How many bytes the pixel array takes. */
function pixelBytes(bytes: Uint8Array, headerSize: number): number {
  if (headerSize === 12) {
    const width = u16(bytes, 18, true);
    const height = u16(bytes, 20, true);
    return Math.ceil((width * u16(bytes, 24, true)) / 32) * 4 * height;
  }
  const width = Math.abs(u32(bytes, 18, true) | 0);
  const height = Math.abs(u32(bytes, 22, true) | 0);
  const compression = u32(bytes, 30, true);
  // Uncompressed rows are padded to 4 bytes; compressed data declares its own size.
  if (compression === BI_RGB || compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    return Math.ceil((width * u16(bytes, 28, true)) / 32) * 4 * height;
  }
  const declared = u32(bytes, 34, true);
  if (declared === 0) throw new UnreadableError('compressed BMP without its data size');
  return declared;
}

export function stripBmp(bytes: Uint8Array): Uint8Array {
  const headerSize = u32(bytes, 14, true);
  if (![12, 40, 52, 56, 64, 108, 124].includes(headerSize)) {
    throw new UnreadableError(`BMP header of ${headerSize} bytes`);
  }
  const pixelsAt = u32(bytes, 10, true);
  const tableEnd = colourTableEnd(bytes, headerSize);
  if (pixelsAt < 14 + headerSize) throw new UnreadableError('pixels inside the header');
  const end = pixelsAt + pixelBytes(bytes, headerSize);
  if (end > bytes.length) throw new TruncatedError('pixels cut off');
  // A copy, never a view: a Node Buffer's slice() shares memory with the caller's bytes.
  const out = new Uint8Array(bytes.subarray(0, end));
  // A colour-used count the writer got wrong would put the table past the pixels: then the
  // gap is not known and is left alone (the residue check still looks at it).
  if (tableEnd < pixelsAt) out.fill(0, tableEnd, pixelsAt);
  const view = new DataView(out.buffer);
  view.setUint32(2, out.length, true); // bfSize
  if (headerSize === V5_HEADER) {
    const colourSpace = view.getUint32(14 + 56, true);
    if (colourSpace === PROFILE_EMBEDDED || colourSpace === PROFILE_LINKED) {
      view.setUint32(14 + 56, LCS_SRGB, true);
      view.setUint32(14 + 112, 0, true); // profile data offset
      view.setUint32(14 + 116, 0, true); // profile size
    }
  }
  return out;
}
