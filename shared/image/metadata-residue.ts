// The check after stripping, whatever the format: does anything in the bytes still look like
// a location or a metadata packet? Each stripper removes what it knows; this looks for what
// it might not know (a layout nobody foresaw, a second copy somewhere odd), so an unknown
// layout is refused rather than uploaded. The needles are long enough (9+ bytes) that
// compressed pixel data does not contain them by chance.
import { readSafely } from './byte-reader.ts';
import { firstIfdOffset, openTiff, readIfd } from './tiff-ifd.ts';

const TEXT_NEEDLES = [
  'GPSLatitude', // XMP's exif:GPSLatitude, or a tag name written out
  'GPSLongitude',
  'x:xmpmeta', // any XMP packet (it can name a city or a place without coordinates)
  'XML:com.adobe.xmp', // a PNG iTXt XMP keyword
  'Photoshop 3.0\0', // IPTC inside a Photoshop resource block (city, sub-location)
].map((text) => Uint8Array.from(text, (char) => char.charCodeAt(0)));

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"
// Bare TIFF headers: HEIF's EXIF items (and other containers) may hold the TIFF block
// without the "Exif" word in front.
const TIFF_HEADERS = [
  [0x49, 0x49, 0x2a, 0x00],
  [0x4d, 0x4d, 0x00, 0x2a],
];
const GPS_IFD = 0x8825;
const EXIF_IFD = 0x8769;

function* occurrences(bytes: Uint8Array, needle: ArrayLike<number>): Generator<number> {
  const first = needle[0]!;
  // indexOf moves strictly forward, so this ends after at most bytes.length steps.
  for (let at = bytes.indexOf(first); at !== -1; at = bytes.indexOf(first, at + 1)) {
    let match = at + needle.length <= bytes.length;
    for (let index = 1; match && index < needle.length; index += 1) {
      match = bytes[at + index] === needle[index];
    }
    if (match) yield at;
  }
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
  for (const needle of TEXT_NEEDLES) {
    for (const at of occurrences(bytes, needle)) {
      return `"${String.fromCharCode(...needle).replace('\0', '')}" at byte ${at}`;
    }
  }
  for (const at of occurrences(bytes, EXIF_HEADER)) {
    if (tiffBlockCarriesMore(bytes, at + EXIF_HEADER.length, true)) {
      return `EXIF data at byte ${at}`;
    }
  }
  for (const header of TIFF_HEADERS) {
    for (const at of occurrences(bytes, header)) {
      if (tiffBlockCarriesMore(bytes, at, false))
        return `a TIFF directory with GPS or EXIF at byte ${at}`;
    }
  }
  return null;
}
