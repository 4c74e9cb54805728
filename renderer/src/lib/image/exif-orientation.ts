// The EXIF Orientation tag: how a camera says the stored pixels must be turned to look right.
// Decoding applies it (createImageBitmap's imageOrientation: 'from-image'); the checks read
// it beforehand so the framing preview and the crop use the picture as people see it.
import { readSafely } from '../../../../shared/image/byte-reader.ts';
import { findExif } from './exif-reader.ts';
import { entryNumber, firstIfdOffset, readIfd } from '../../../../shared/image/tiff-ifd.ts';

/** 1 is upright; 2-4 mirror or turn 180°; 5-8 also swap width and height. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;

/** The orientation a JPEG (or PNG eXIf) declares, or null when it declares none or nonsense. */
export function readExifOrientation(bytes: Uint8Array): Orientation | null {
  const exif = findExif(bytes);
  if (!exif) return null;
  const value = readSafely(() => {
    const entry = readIfd(exif, firstIfdOffset(exif)).get(ORIENTATION_TAG);
    return entry ? entryNumber(exif, entry) : null;
  });
  if (!value.ok || value.value === null) return null;
  return value.value >= 1 && value.value <= 8 ? (value.value as Orientation) : null;
}

export function swapsWidthAndHeight(orientation: Orientation): boolean {
  return orientation >= 5;
}
