// The check after stripping, whatever the format: does anything in the bytes still look like
// a location or a metadata packet? Each stripper removes what it knows; this looks for what
// it might not know (a layout nobody foresaw, a second copy somewhere odd), so an unknown
// layout is refused rather than uploaded. The text needles are long enough (9+ bytes) that
// compressed pixel data does not contain them by chance.
import { readSafely } from './byte-reader.ts';
import { firstIfdOffset, openTiff, readIfd } from './tiff-ifd.ts';

const TEXT_NEEDLES = [
  'GPSLatitude', // XMP's exif:GPSLatitude, or a tag name written out
  'GPSLongitude',
  'x:xmpmeta', // any XMP packet (it can name a city or a place without coordinates)
  'XML:com.adobe.xmp', // a PNG iTXt XMP keyword
  'Photoshop 3.0\0', // IPTC inside a Photoshop resource block (city, sub-location)
];
const EXIF_HEADER = 'Exif\0\0';
// Bare TIFF headers: HEIF's EXIF items (and other containers) may hold the TIFF block
// without the "Exif" word in front.
const TIFF_HEADERS = ['II*\0', 'MM\0*'];
/**
 * Pixel data holds a 4-byte TIFF header by chance about once in 2^32 bytes, so a real photo
 * has next to none; hundreds are a file built to make this check read directory after
 * directory. Past this many, the file is refused instead of read on.
 */
const MAX_TIFF_BLOCKS = 256;
const GPS_IFD = 0x8825;
const EXIF_IFD = 0x8769;

type Kind = 'text' | 'exif' | 'tiff';

interface Needle {
  bytes: Uint8Array;
  kind: Kind;
  /** Its first two bytes, as first * 256 + second. */
  pair: number;
}

const pairOf = (bytes: Uint8Array) => bytes[0]! * 256 + bytes[1]!;

/** Sorted by their first two bytes, so the needles a pair starts sit side by side. */
const NEEDLES: Needle[] = [
  ...TEXT_NEEDLES.map((text) => ({ text, kind: 'text' as const })),
  { text: EXIF_HEADER, kind: 'exif' as const },
  ...TIFF_HEADERS.map((text) => ({ text, kind: 'tiff' as const })),
]
  .map(({ text, kind }) => {
    const bytes = Uint8Array.from(text, (char) => char.charCodeAt(0));
    return { bytes, kind, pair: pairOf(bytes) };
  })
  .sort((a, b) => a.pair - b.pair);

/**
 * For each pair of bytes (first * 256 + second), 1 + the index of the first needle it
 * starts, or 0: the scan skips every other position with one look-up in a typed array.
 */
const FIRST_NEEDLE = new Uint8Array(65536);
for (let index = NEEDLES.length - 1; index >= 0; index -= 1) {
  FIRST_NEEDLE[NEEDLES[index]!.pair] = index + 1;
}

/** Whether `needle` is at `at`, its first two bytes being known to be. */
function matchesAt(bytes: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at + needle.length > bytes.length) return false;
  for (let index = 2; index < needle.length; index += 1) {
    if (bytes[at + index] !== needle[index]) return false;
  }
  return true;
}

/**
 * Whether a TIFF block at `start` points at GPS or camera data. `unreadable` is the answer
 * when its directory cannot be read: after an "Exif" header that is a block that cannot be
 * shown to be harmless; after a bare 4-byte TIFF header, most likely pixel data that
 * happens to look like one.
 */
function tiffBlockCarriesMore(bytes: Uint8Array, start: number, unreadable: boolean): boolean {
  const order = bytes[start];
  if (order !== 0x49 && order !== 0x4d) return false; // not a TIFF header: just the word
  const ifd = readSafely(() => {
    const view = openTiff(bytes, start);
    return readIfd(view, firstIfdOffset(view));
  });
  if (!ifd.ok) return unreadable;
  return ifd.value.has(GPS_IFD) || ifd.value.has(EXIF_IFD);
}

/** What is left that looks like metadata, in words for a log, or null when nothing is. */
export function findMetadataResidue(bytes: Uint8Array): string | null {
  // One plain loop over the bytes: a search per needle with indexOf, or the engine's string
  // search, takes seconds on 20 MB of one repeated byte (a flat-coloured uncompressed TIFF).
  let blocks = 0;
  const last = bytes.length - 1;
  for (let at = 0; at < last; at += 1) {
    const pair = bytes[at]! * 256 + bytes[at + 1]!;
    const first = FIRST_NEEDLE[pair]!;
    if (first === 0) continue;
    for (let index = first - 1; index < NEEDLES.length; index += 1) {
      const needle = NEEDLES[index]!;
      if (needle.pair !== pair) break;
      if (!matchesAt(bytes, at, needle.bytes)) continue;
      if (needle.kind === 'text') {
        const word = String.fromCharCode(...needle.bytes).replace('\0', '');
        return `"${word}" at byte ${at}`;
      }
      if ((blocks += 1) > MAX_TIFF_BLOCKS) return `more than ${MAX_TIFF_BLOCKS} TIFF headers`;
      const exif = needle.kind === 'exif';
      if (tiffBlockCarriesMore(bytes, exif ? at + needle.bytes.length : at, exif)) {
        return `EXIF or TIFF data with GPS or camera tags at byte ${at}`;
      }
    }
  }
  return null;
}
