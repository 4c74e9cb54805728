// A TIFF rebuilt from its first image only, with the tags needed to draw it and nothing else.
// TIFF keeps its metadata as tags of the same directory as the pixels (camera, dates, artist,
// XMP 700, IPTC 33723, Photoshop 34377) and as pointers to further directories (EXIF 34665,
// GPS 34853, sub-images 330), so an allowlist is the only safe way round: every tag not on
// it goes, whatever it is. Further pages and thumbnails (the next IFDs) go too: a contact
// photo is one picture. The strips or tiles are copied byte for byte and their offsets
// rewritten; the byte order of the file is kept.
import { TruncatedError, UnreadableError, u16, u32 } from './byte-reader.ts';
import {
  entryNumber,
  firstIfdOffset,
  openTiff,
  readIfd,
  type TiffEntry,
  type TiffView,
} from './tiff-ifd.ts';
import { UnstrippableError } from './unstrippable.ts';

/** The tags that say how to draw the pixels (baseline and common extensions). */
export const TIFF_IMAGE_TAGS: ReadonlySet<number> = new Set([
  254, // NewSubfileType
  256, // ImageWidth
  257, // ImageLength
  258, // BitsPerSample
  259, // Compression
  262, // PhotometricInterpretation
  266, // FillOrder
  273, // StripOffsets
  274, // Orientation
  277, // SamplesPerPixel
  278, // RowsPerStrip
  279, // StripByteCounts
  282, // XResolution
  283, // YResolution
  284, // PlanarConfiguration
  296, // ResolutionUnit
  317, // Predictor
  320, // ColorMap
  322, // TileWidth
  323, // TileLength
  324, // TileOffsets
  325, // TileByteCounts
  338, // ExtraSamples
  339, // SampleFormat
  347, // JPEGTables
  529, // YCbCrCoefficients
  530, // YCbCrSubSampling
  531, // YCbCrPositioning
  532, // ReferenceBlackWhite
  34675, // ICC profile (colour, not words)
]);

const STRIP_OFFSETS = 273;
const STRIP_BYTE_COUNTS = 279;
const TILE_OFFSETS = 324;
const TILE_BYTE_COUNTS = 325;
const COMPRESSION = 259;
const OLD_JPEG = 6;
const LONG = 4;
const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

interface OutEntry {
  tag: number;
  type: number;
  count: number;
  /** The value's bytes in the file's byte order (inline when 4 bytes or fewer). */
  value: Uint8Array;
}

function valueBytes(view: TiffView, entry: TiffEntry): Uint8Array {
  const size = TYPE_SIZES[entry.type];
  if (size === undefined) throw new UnreadableError(`tag ${entry.tag} of type ${entry.type}`);
  const length = size * entry.count;
  const start =
    length <= 4 ? entry.field : view.base + u32(view.bytes, entry.field, view.littleEndian);
  if (start + length > view.bytes.length) throw new TruncatedError(`tag ${entry.tag} cut off`);
  return view.bytes.subarray(start, start + length);
}

function longs(values: readonly number[], littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const data = new DataView(out.buffer);
  values.forEach((value, index) => data.setUint32(index * 4, value, littleEndian));
  return out;
}

/** The pieces of pixel data (strips or tiles) the directory points at, in order. */
function pixelPieces(
  view: TiffView,
  ifd: Map<number, TiffEntry>,
): { offsetsTag: number; pieces: Uint8Array[] } {
  const tiled = ifd.has(TILE_OFFSETS);
  const offsetsTag = tiled ? TILE_OFFSETS : STRIP_OFFSETS;
  const offsets = ifd.get(offsetsTag);
  const counts = ifd.get(tiled ? TILE_BYTE_COUNTS : STRIP_BYTE_COUNTS);
  if (!offsets || !counts) throw new UnreadableError('no strips or tiles');
  if (offsets.count !== counts.count) throw new UnreadableError('strip offsets and counts differ');
  // Every piece is at least a byte of the file: more pieces than bytes is a hostile header.
  if (offsets.count === 0 || offsets.count > view.bytes.length) {
    throw new UnreadableError(`${offsets.count} strips`);
  }
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (let index = 0; index < offsets.count; index += 1) {
    const start = view.base + entryNumber(view, offsets, index);
    const end = start + entryNumber(view, counts, index);
    if (end > view.bytes.length) throw new TruncatedError('strip cut off');
    // Strips pointing at the same bytes over and over would make the copy explode.
    total += end - start;
    if (total > view.bytes.length) throw new UnreadableError('strips overlap');
    pieces.push(view.bytes.subarray(start, end));
  }
  return { offsetsTag, pieces };
}

/** Lays out header, directory, out-of-line values and pixel data; fills in the offsets. */
function writeTiff(entries: OutEntry[], pieces: Uint8Array[], offsetsTag: number, le: boolean) {
  const ifdSize = 2 + entries.length * 12 + 4;
  let at = 8 + ifdSize;
  const valueAt = new Map<OutEntry, number>();
  const pieceAt: number[] = [];
  // Offsets are known only once the values' sizes are: the offsets entry's own size is fixed
  // (one LONG per piece), so its placeholder can be laid out first and filled in after.
  for (const entry of entries) {
    if (entry.value.length > 4) {
      at += at % 2; // values start on a word boundary
      valueAt.set(entry, at);
      at += entry.value.length;
    }
  }
  for (const piece of pieces) {
    pieceAt.push(at);
    at += piece.length;
  }
  const offsetsEntry = entries.find((entry) => entry.tag === offsetsTag)!;
  offsetsEntry.value.set(longs(pieceAt, le));
  const out = new Uint8Array(at);
  const data = new DataView(out.buffer);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  data.setUint16(2, 42, le);
  data.setUint32(4, 8, le);
  data.setUint16(8, entries.length, le);
  entries.forEach((entry, index) => {
    const field = 10 + index * 12;
    data.setUint16(field, entry.tag, le);
    data.setUint16(field + 2, entry.type, le);
    data.setUint32(field + 4, entry.count, le);
    const where = valueAt.get(entry);
    if (where === undefined) out.set(entry.value, field + 8);
    else {
      data.setUint32(field + 8, where, le);
      out.set(entry.value, where);
    }
  });
  data.setUint32(10 + entries.length * 12, 0, le); // no next directory
  pieces.forEach((piece, index) => out.set(piece, pieceAt[index]!));
  return out;
}

export function stripTiff(bytes: Uint8Array): Uint8Array {
  const view = openTiff(bytes);
  const ifd = readIfd(view, firstIfdOffset(view));
  const compression = ifd.get(COMPRESSION);
  if (compression && entryNumber(view, compression) === OLD_JPEG) {
    // Its pixels hang off tags (513, 514) with offsets that mean different things to
    // different readers; rewriting them right is not possible from the file alone.
    throw new UnstrippableError(
      'This TIFF uses the old JPEG compression, which the app cannot clean of camera data. Save it as a JPEG or PNG, then use that file.',
    );
  }
  const { offsetsTag, pieces } = pixelPieces(view, ifd);
  const entries: OutEntry[] = [];
  for (const entry of [...ifd.values()].sort((a, b) => a.tag - b.tag)) {
    if (!TIFF_IMAGE_TAGS.has(entry.tag)) continue;
    if (entry.tag === offsetsTag) {
      entries.push({
        tag: entry.tag,
        type: LONG,
        count: pieces.length,
        value: new Uint8Array(4 * pieces.length),
      });
    } else {
      // Copied so the output never shares memory with the input.
      entries.push({
        tag: entry.tag,
        type: entry.type,
        count: entry.count,
        value: new Uint8Array(valueBytes(view, entry)),
      });
    }
  }
  return writeTiff(entries, pieces, offsetsTag, view.littleEndian);
}

/** The tags of every directory in a TIFF (for checking what a stripped file still holds). */
export function tiffTags(bytes: Uint8Array): number[] {
  const view = openTiff(bytes);
  const tags: number[] = [];
  const seen = new Set<number>();
  // The directories form a chain; a loop in it (or a very long one) is a hostile file.
  for (let offset = firstIfdOffset(view); offset !== 0;) {
    if (seen.has(offset) || seen.size >= 64) throw new UnreadableError('directory chain loops');
    seen.add(offset);
    const ifd = readIfd(view, offset);
    tags.push(...ifd.keys());
    offset = u32(
      bytes,
      view.base + offset + 2 + u16(bytes, view.base + offset, view.littleEndian) * 12,
      view.littleEndian,
    );
  }
  return tags;
}
