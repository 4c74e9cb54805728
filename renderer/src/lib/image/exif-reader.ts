// Finds a file's EXIF block: TIFF structure inside a JPEG's APP1 segment or a PNG's eXIf
// chunk. Used to read the orientation before decoding, and by tests to prove that a
// processed photo carries no GPS position (re-encoding should drop every tag).
import { ascii, readSafely, startsWith, u32 } from '../../../../shared/image/byte-reader.ts';
import { APP1, jpegSegments } from '../../../../shared/image/jpeg-segments.ts';
import {
  firstIfdOffset,
  openTiff,
  readIfd,
  type TiffView,
} from '../../../../shared/image/tiff-ifd.ts';

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GPS_IFD_POINTER = 0x8825;

function jpegApp1Payloads(bytes: Uint8Array): { start: number; end: number }[] {
  const found = readSafely(() =>
    [...jpegSegments(bytes)].filter((segment) => segment.marker === APP1),
  );
  return found.ok ? found.value : [];
}

function pngExifStart(bytes: Uint8Array): number | undefined {
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = u32(bytes, offset);
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'eXIf') return offset + 8;
    if (type === 'IDAT' || type === 'IEND') return undefined;
    offset += 12 + length;
  }
  return undefined;
}

/** The EXIF block as a TIFF view, or null when the file has none (or it is unreadable). */
export function findExif(bytes: Uint8Array): TiffView | null {
  if (startsWith(bytes, [0xff, 0xd8])) {
    for (const { start } of jpegApp1Payloads(bytes)) {
      if (!startsWith(bytes, EXIF_HEADER, start)) continue;
      const view = readSafely(() => openTiff(bytes, start + EXIF_HEADER.length));
      if (view.ok) return view.value;
    }
    return null;
  }
  if (startsWith(bytes, PNG_SIGNATURE)) {
    const start = readSafely(() => pngExifStart(bytes));
    if (!start.ok || start.value === undefined) return null;
    const at = start.value;
    const view = readSafely(() => openTiff(bytes, at));
    return view.ok ? view.value : null;
  }
  return null;
}

function xmpMentionsGps(bytes: Uint8Array): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return jpegApp1Payloads(bytes).some(({ start, end }) => {
    if (end - start < XMP_HEADER.length || ascii(bytes, start, XMP_HEADER.length) !== XMP_HEADER) {
      return false;
    }
    return /GPS(?:Latitude|Longitude)/.test(decoder.decode(bytes.subarray(start, end)));
  });
}

/**
 * Whether the file carries a GPS position: an EXIF GPS directory (JPEG APP1 or PNG eXIf) or
 * XMP GPS coordinates (JPEG). Best effort for other formats, which it reports as false.
 */
export function hasExifGps(bytes: Uint8Array): boolean {
  const exif = findExif(bytes);
  if (exif) {
    const ifd0 = readSafely(() => readIfd(exif, firstIfdOffset(exif)));
    if (ifd0.ok && ifd0.value.has(GPS_IFD_POINTER)) return true;
  }
  return startsWith(bytes, [0xff, 0xd8]) && xmpMentionsGps(bytes);
}
