// Reads the ISO-BMFF box structure of HEIC, HEIF and AVIF files: enough to find the primary
// image's declared size (its `ispe` property in meta/iprp/ipco, linked through ipma) and to
// tell whether the top-level boxes reach as far as they say.
import { TruncatedError, UnreadableError, ascii, u16, u32, u8 } from './byte-reader.ts';

export interface Box {
  type: string;
  /** The payload, after the header (and after version/flags for full boxes, by caller). */
  start: number;
  /** May lie past the end of the bytes when the file is truncated. */
  end: number;
}

/** Limits how many boxes a hostile file can make the reader walk. */
const MAX_BOXES = 10_000;

/** The boxes laid end to end between `from` and `to`. */
export function* boxes(bytes: Uint8Array, from: number, to: number): Generator<Box> {
  let offset = from;
  for (let count = 0; offset < to; count += 1) {
    if (count >= MAX_BOXES) throw new UnreadableError('too many boxes');
    let size = u32(bytes, offset);
    const type = ascii(bytes, offset + 4, 4);
    let header = 8;
    if (size === 1) {
      // A 64-bit size follows; anything past 2^53 is not a real file.
      size = u32(bytes, offset + 8) * 0x1_0000_0000 + u32(bytes, offset + 12);
      header = 16;
    } else if (size === 0) {
      size = to - offset; // extends to the end of its parent
    }
    if (size < header) throw new UnreadableError(`box ${type} of size ${size}`);
    const box = { type, start: offset + header, end: offset + size };
    yield box;
    offset = box.end;
  }
}

function child(bytes: Uint8Array, parent: Box, type: string, fullBox: boolean): Box | undefined {
  const from = parent.start + (fullBox ? 4 : 0);
  for (const box of boxes(bytes, from, parent.end)) if (box.type === type) return box;
  return undefined;
}

function requireWhole(bytes: Uint8Array, box: Box): Box {
  if (box.end > bytes.length) throw new TruncatedError(`${box.type} runs past the end`);
  return box;
}

function primaryItemId(bytes: Uint8Array, meta: Box): number | undefined {
  const pitm = child(bytes, meta, 'pitm', true);
  if (!pitm) return undefined;
  return u8(bytes, pitm.start) === 0 ? u16(bytes, pitm.start + 4) : u32(bytes, pitm.start + 4);
}

/** The 1-based ipco property indices that ipma links to `itemId`. */
function propertyIndices(bytes: Uint8Array, ipma: Box, itemId: number): number[] {
  const version = u8(bytes, ipma.start);
  const wideIndices = (u8(bytes, ipma.start + 3) & 1) === 1;
  const entryCount = u32(bytes, ipma.start + 4);
  let offset = ipma.start + 8;
  for (let entry = 0; entry < entryCount && offset < ipma.end; entry += 1) {
    const id = version < 1 ? u16(bytes, offset) : u32(bytes, offset);
    offset += version < 1 ? 2 : 4;
    const count = u8(bytes, offset);
    offset += 1;
    const indices: number[] = [];
    for (let index = 0; index < count; index += 1) {
      // The top bit marks an essential property; the rest is the index.
      indices.push(wideIndices ? u16(bytes, offset) & 0x7fff : u8(bytes, offset) & 0x7f);
      offset += wideIndices ? 2 : 1;
    }
    if (id === itemId) return indices;
  }
  return [];
}

interface Size {
  width: number;
  height: number;
}

function ispeSize(bytes: Uint8Array, box: Box): Size {
  return { width: u32(bytes, box.start + 4), height: u32(bytes, box.start + 8) };
}

/**
 * The primary image's declared size. When the item links cannot be followed, the largest
 * `ispe` is taken: for the decompression-bomb check, overstating is the safe side.
 */
export function readHeifDimensions(bytes: Uint8Array): Size {
  let meta: Box | undefined;
  for (const box of boxes(bytes, 0, bytes.length)) {
    if (box.type === 'meta') {
      meta = requireWhole(bytes, box);
      break;
    }
    if (box.end > bytes.length) throw new TruncatedError(`no meta before the end`);
  }
  if (!meta) throw new UnreadableError('no meta box');
  const iprp = child(bytes, meta, 'iprp', true);
  const ipco = iprp && child(bytes, iprp, 'ipco', false);
  if (!iprp || !ipco) throw new UnreadableError('no item properties');
  const properties = [...boxes(bytes, ipco.start, ipco.end)];
  const primary = primaryItemId(bytes, meta);
  const ipma = child(bytes, iprp, 'ipma', false);
  if (primary !== undefined && ipma) {
    for (const index of propertyIndices(bytes, ipma, primary)) {
      const property = properties[index - 1];
      if (property?.type === 'ispe') return ispeSize(bytes, property);
    }
  }
  const sizes = properties.filter((box) => box.type === 'ispe').map((box) => ispeSize(bytes, box));
  if (sizes.length === 0) throw new UnreadableError('no ispe property');
  return sizes.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
}

/** Whether every top-level box ends within the file (a cut-off file's last one does not). */
export function heifBoxesComplete(bytes: Uint8Array): boolean {
  for (const box of boxes(bytes, 0, bytes.length)) if (box.end > bytes.length) return false;
  return true;
}
