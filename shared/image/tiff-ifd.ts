// Reads TIFF structure: the header, an image file directory (IFD) and its numeric values.
// TIFF files use it for their own dimensions and strips, and EXIF blocks are TIFF inside a
// JPEG APP1 segment or a PNG eXIf chunk, so one reader serves both.
import { UnreadableError, u16, u32, u8 } from './byte-reader.ts';

export interface TiffView {
  bytes: Uint8Array;
  /** Where the TIFF header starts; every offset inside is relative to it. */
  base: number;
  littleEndian: boolean;
}

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute position of the entry's value field (the value itself, or its offset). */
  field: number;
}

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

/** Limits how much a hostile file can make the reader walk. */
const MAX_ENTRIES = 1000;

export function openTiff(bytes: Uint8Array, base = 0): TiffView {
  const order = u16(bytes, base);
  if (order !== 0x4949 && order !== 0x4d4d) throw new UnreadableError('no TIFF byte order');
  const littleEndian = order === 0x4949;
  if (u16(bytes, base + 2, littleEndian) !== 42) throw new UnreadableError('not TIFF');
  return { bytes, base, littleEndian };
}

export function firstIfdOffset(view: TiffView): number {
  return u32(view.bytes, view.base + 4, view.littleEndian);
}

/** The entries of the IFD at `offset` (relative to the header), by tag. */
export function readIfd(view: TiffView, offset: number): Map<number, TiffEntry> {
  const { bytes, base, littleEndian } = view;
  const start = base + offset;
  const count = u16(bytes, start, littleEndian);
  if (count > MAX_ENTRIES) throw new UnreadableError(`${count} IFD entries`);
  const entries = new Map<number, TiffEntry>();
  for (let index = 0; index < count; index += 1) {
    const at = start + 2 + index * 12;
    const entry: TiffEntry = {
      tag: u16(bytes, at, littleEndian),
      type: u16(bytes, at + 2, littleEndian),
      count: u32(bytes, at + 4, littleEndian),
      field: at + 8,
    };
    entries.set(entry.tag, entry);
  }
  return entries;
}

/** Where an entry's value ends (absolute): past the entry itself when it holds the value. */
export function valueEnd(view: TiffView, entry: TiffEntry): number {
  const length = (TYPE_SIZES[entry.type] ?? 1) * entry.count;
  if (length <= 4) return entry.field + 4;
  return view.base + u32(view.bytes, entry.field, view.littleEndian) + length;
}

/** Where the IFD at `offset` ends: its entries and the 4-byte offset of the next IFD. */
export function ifdEnd(view: TiffView, offset: number): number {
  return view.base + offset + 2 + u16(view.bytes, view.base + offset, view.littleEndian) * 12 + 4;
}

/** The `index`th value of a BYTE, SHORT or LONG entry. */
export function entryNumber(view: TiffView, entry: TiffEntry, index = 0): number {
  const size = TYPE_SIZES[entry.type];
  if (size === undefined || entry.type === 5 || entry.type === 10 || entry.type === 2) {
    throw new UnreadableError(`tag ${entry.tag} is not an integer`);
  }
  if (index >= entry.count) throw new UnreadableError(`tag ${entry.tag} has ${entry.count} values`);
  // Values that fit in four bytes sit in the entry itself; longer ones at an offset.
  const inline = size * entry.count <= 4;
  const start = inline ? entry.field : view.base + u32(view.bytes, entry.field, view.littleEndian);
  const at = start + index * size;
  if (size === 1) return u8(view.bytes, at);
  return size === 2
    ? u16(view.bytes, at, view.littleEndian)
    : u32(view.bytes, at, view.littleEndian);
}
