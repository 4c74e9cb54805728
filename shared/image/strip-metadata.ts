// Removes what a photo says about where and when it was taken before it leaves the machine:
// a card's photo is shown to every customer the line messages, and a phone's EXIF carries the
// GPS position of the shop (or of someone's home). Only what is needed to show the pixels
// right is kept: a JPEG keeps its ICC colour profile (APP2) and, when the picture is turned,
// a fresh EXIF block holding nothing but the Orientation tag; a PNG loses its text, EXIF and
// time chunks. GIF, BMP, TIFF, HEIC and HEIF have strippers of their own (strip-*.ts). Then,
// whatever the format, the result is searched for anything still looking like a location or
// a metadata packet, and a file with such a residue is refused rather than sent.
import {
  TruncatedError,
  UnreadableError,
  ascii,
  readSafely,
  startsWith,
  u16,
  u32,
  u8,
} from './byte-reader.ts';
import { concat } from './concat.ts';
import { EOI, SOS } from './jpeg-segments.ts';
import { findMetadataResidue } from './metadata-residue.ts';
import { stripBmp } from './strip-bmp.ts';
import { stripGif } from './strip-gif.ts';
import { stripHeif } from './strip-heif.ts';
import { stripTiff } from './strip-tiff.ts';
import { UnstrippableError } from './unstrippable.ts';
import { entryNumber, firstIfdOffset, openTiff, readIfd } from './tiff-ifd.ts';

const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP15 = 0xef;
const COM = 0xfe;
const ORIENTATION_TAG = 0x0112;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"
const ICC_HEADER = 'ICC_PROFILE\0';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** The EXIF Orientation (2-8) of an APP1 payload, or null when upright, absent or unreadable. */
function orientationOf(bytes: Uint8Array, start: number, end: number): number | null {
  if (!startsWith(bytes, EXIF_HEADER, start)) return null;
  const value = readSafely(() => {
    const view = openTiff(bytes.subarray(0, end), start + EXIF_HEADER.length);
    const entry = readIfd(view, firstIfdOffset(view)).get(ORIENTATION_TAG);
    return entry ? entryNumber(view, entry) : null;
  });
  return value.ok && value.value !== null && value.value >= 2 && value.value <= 8
    ? value.value
    : null;
}

/** An APP1 segment with an EXIF block holding only the Orientation tag (big-endian TIFF). */
function orientationSegment(orientation: number): Uint8Array {
  // FFE1, length, "Exif\0\0", TIFF header (MM, 42, IFD0 at 8), IFD0 with one SHORT entry,
  // no next IFD: 4 + 6 + 8 + 2 + 12 + 4 bytes.
  const segment = new Uint8Array(36);
  const view = new DataView(segment.buffer);
  view.setUint16(0, 0xff00 | APP1);
  view.setUint16(2, segment.length - 2);
  segment.set(EXIF_HEADER, 4);
  view.setUint16(10, 0x4d4d);
  view.setUint16(12, 42);
  view.setUint32(14, 8);
  view.setUint16(18, 1);
  view.setUint16(20, ORIENTATION_TAG);
  view.setUint16(22, 3); // SHORT
  view.setUint32(24, 1);
  view.setUint16(28, orientation);
  view.setUint32(32, 0);
  return segment;
}

/** Whether a marker segment (APPn, COM) may carry data about the photo rather than pixels. */
function keepJpegSegment(bytes: Uint8Array, marker: number, start: number, end: number): boolean {
  if (marker === COM) return false;
  if (marker < APP1 || marker > APP15) return true; // APP0 (JFIF) and every coding segment
  return (
    marker === APP2 &&
    end - start >= ICC_HEADER.length &&
    ascii(bytes, start, ICC_HEADER.length) === ICC_HEADER
  );
}

/** Where the entropy-coded data that starts at `from` ends: at the next real marker. */
function scanEnd(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i += 1) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1]!;
    // FF00 is an escaped FF byte and FFD0-FFD7 are restart markers: both are scan data.
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) continue;
    return i;
  }
  return bytes.length; // no EOI: kept as it is, as decoders show such files
}

/** Markers without a length field: TEM, RST0-7, SOI (EOI is handled on its own). */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

/** Walks every segment of the file, scans included (a progressive JPEG has several). */
function stripJpeg(bytes: Uint8Array): Uint8Array {
  if (u8(bytes, 0) !== 0xff || u8(bytes, 1) !== 0xd8) throw new UnreadableError('no SOI');
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let orientation: number | null = null;
  let scans = 0;
  let offset = 2;
  while (offset < bytes.length) {
    if (u8(bytes, offset) !== 0xff) throw new UnreadableError(`no marker at ${offset}`);
    while (u8(bytes, offset) === 0xff) offset += 1; // fill bytes
    const marker = u8(bytes, offset);
    offset += 1;
    if (marker === EOI) {
      parts.push(Uint8Array.of(0xff, EOI)); // anything after EOI (trailers, other images) goes
      break;
    }
    if (isStandalone(marker)) {
      parts.push(Uint8Array.of(0xff, marker));
      continue;
    }
    const length = u16(bytes, offset);
    if (length < 2) throw new UnreadableError(`segment length ${length}`);
    const start = offset + 2;
    const end = offset + length;
    if (end > bytes.length) throw new TruncatedError('segment runs past the end');
    if (marker === APP1 && orientation === null) orientation = orientationOf(bytes, start, end);
    if (keepJpegSegment(bytes, marker, start, end)) {
      parts.push(Uint8Array.of(0xff, marker), bytes.subarray(offset, end));
    }
    offset = end;
    if (marker === SOS) {
      scans += 1;
      const dataEnd = scanEnd(bytes, offset);
      parts.push(bytes.subarray(offset, dataEnd));
      offset = dataEnd;
    }
  }
  if (scans === 0) throw new TruncatedError('no image data');
  if (orientation !== null) {
    // After the JFIF header when there is one (it must come first), else right after SOI.
    const afterApp0 = parts[1]?.[1] === APP0 ? 3 : 1;
    parts.splice(afterApp0, 0, orientationSegment(orientation));
  }
  return concat(parts);
}

function stripPng(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let offset = 8;
  for (;;) {
    const length = u32(bytes, offset);
    const type = ascii(bytes, offset + 4, 4);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new TruncatedError(`${type} runs past the end`);
    if (!PNG_DROPPED.has(type)) parts.push(bytes.subarray(offset, end));
    if (type === 'IEND') return concat(parts);
    offset = end;
  }
}

/** The formats Linq takes (WebP and AVIF are converted to JPEG before they get here). */
export type StrippableFormat = 'jpeg' | 'png' | 'gif' | 'bmp' | 'tiff' | 'heic' | 'heif';

export type StripResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; problem: 'truncated' | 'unreadable' }
  /** Readable, but not cleanable: `message` says why and what to do, for the user. */
  | { ok: false; problem: 'cannot-strip'; message: string; detail: string };

const STRIPPERS: Record<StrippableFormat, (bytes: Uint8Array) => Uint8Array> = {
  jpeg: stripJpeg,
  png: (bytes) => {
    if (!startsWith(bytes, PNG_SIGNATURE)) throw new UnreadableError('no PNG signature');
    return stripPng(bytes);
  },
  gif: stripGif,
  bmp: stripBmp,
  tiff: stripTiff,
  heic: stripHeif,
  heif: stripHeif,
};

export function isStrippable(format: string): format is StrippableFormat {
  return Object.hasOwn(STRIPPERS, format);
}

export const RESIDUE_MESSAGE =
  'This photo still carries camera data (such as a GPS position) in a form the app cannot remove, so it is not sent. Save it as a JPEG or PNG without location data, then use that file.';

/**
 * The photo without its location, time and text metadata, the pixels' bytes untouched. A
 * file too damaged to walk, or one the app cannot clean, is reported, never passed on
 * half-stripped.
 */
export function stripMetadata(format: StrippableFormat, bytes: Uint8Array): StripResult {
  let stripped: ReturnType<typeof readSafely<Uint8Array>>;
  try {
    stripped = readSafely(() => STRIPPERS[format](bytes));
  } catch (error) {
    if (!(error instanceof UnstrippableError)) throw error;
    return { ok: false, problem: 'cannot-strip', message: error.message, detail: error.message };
  }
  if (!stripped.ok) return stripped;
  const residue = findMetadataResidue(stripped.value);
  if (residue !== null) {
    return { ok: false, problem: 'cannot-strip', message: RESIDUE_MESSAGE, detail: residue };
  }
  return { ok: true, bytes: stripped.value };
}
