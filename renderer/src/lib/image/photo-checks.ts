// Every check a dropped file goes through before it is decoded or sent, each failure with a
// message that says what to do next. Cheap checks come first and work on the file's size and
// first bytes, so a 50 MB non-image or a decompression bomb is refused without reading it.
import { MAX_PHOTO_INPUT_BYTES, MAX_PHOTO_PIXELS } from '../../../../shared/photo.ts';
import { checkCompleteness } from './completeness.ts';
import { readDimensions } from '../../../../shared/image/dimensions.ts';
import { readExifOrientation, swapsWidthAndHeight, type Orientation } from './exif-orientation.ts';
import {
  FORMAT_NAMES,
  SNIFF_BYTES,
  handlingOf,
  sniffFormat,
  type RasterFormat,
} from '../../../../shared/image/sniff.ts';

export type PhotoCheckCode =
  | 'empty'
  | 'too-large'
  | 'not-an-image'
  | 'svg'
  | 'truncated'
  | 'damaged'
  | 'too-many-pixels'
  /** Readable, but its metadata (a GPS position) cannot be removed: it is not sent. */
  | 'cannot-clean';

export interface PhotoCheckPassed {
  ok: true;
  format: RasterFormat;
  /** As the photo is seen: with the EXIF orientation applied (width and height swapped). */
  width: number;
  height: number;
  /** WebP, AVIF: Chromium decodes them, Linq does not take them; they are sent as JPEG. */
  needsConversion: boolean;
  orientation: Orientation;
}

export interface PhotoCheckFailed {
  ok: false;
  code: PhotoCheckCode;
  message: string;
}

export type PhotoCheck = PhotoCheckPassed | PhotoCheckFailed;

/** How much of a file is read first; JPEG headers with a large EXIF block fit in it. */
const HEAD_BYTES = 256 * 1024;

const ACCEPTED_LIST = 'JPEG, PNG, GIF, HEIC, HEIF, TIFF, BMP, WebP or AVIF';

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

export const PHOTO_CHECK_MESSAGES = {
  empty: () =>
    'This file is empty (0 bytes). Choose the photo again, or save it again from the app it came from.',
  tooLarge: (size: number) =>
    `This file is ${megabytes(size)} MB; a photo can be at most ${megabytes(MAX_PHOTO_INPUT_BYTES)} MB. ` +
    'Save a smaller copy (for example as a JPEG) and use that.',
  notAnImage: () => `This file is not an image the app can read. Choose a ${ACCEPTED_LIST} photo.`,
  svg: () =>
    'SVG drawings cannot be used as a contact photo, because Linq takes only pixel images. ' +
    'Export the logo as a PNG or JPEG from your design tool, then use that file.',
  truncated: (format: string) =>
    `This ${format} file is incomplete: it may not have finished downloading or copying. ` +
    'Get the file again, then retry.',
  damaged: (format: string) =>
    `This ${format} file is damaged and cannot be read. Open it in another app and save a new copy, then retry.`,
  tooManyPixels: (width: number, height: number) =>
    `This image is ${width} × ${height} pixels (${Math.round((width * height) / 1e6)} megapixels), ` +
    `more than the ${MAX_PHOTO_PIXELS / 1e6} megapixels the app accepts. ` +
    'Resize it in a photo editor and use the smaller copy.',
} as const;

function fail(code: PhotoCheckCode, message: string): PhotoCheckFailed {
  return { ok: false, code, message };
}

function checkSize(size: number): PhotoCheckFailed | undefined {
  if (size === 0) return fail('empty', PHOTO_CHECK_MESSAGES.empty());
  if (size > MAX_PHOTO_INPUT_BYTES) return fail('too-large', PHOTO_CHECK_MESSAGES.tooLarge(size));
  return undefined;
}

/**
 * Checks `bytes`, the first part (or all) of a file of `totalSize` bytes. With only part of
 * the file it can refuse but not accept: it answers 'need-whole-file' when nothing it could
 * see was wrong.
 */
function inspect(bytes: Uint8Array, totalSize: number): PhotoCheck | 'need-whole-file' {
  const sizeProblem = checkSize(totalSize);
  if (sizeProblem) return sizeProblem;
  const whole = bytes.length >= totalSize;
  const format = sniffFormat(bytes.subarray(0, SNIFF_BYTES));
  const handling = handlingOf(format);
  if (handling.kind === 'rejected') {
    return handling.reason === 'svg'
      ? fail('svg', PHOTO_CHECK_MESSAGES.svg())
      : fail('not-an-image', PHOTO_CHECK_MESSAGES.notAnImage());
  }
  const name = FORMAT_NAMES[format];
  const rasterFormat = format as RasterFormat;
  const size = readDimensions(rasterFormat, bytes);
  if (!size.ok) {
    if (size.problem === 'truncated' && !whole) return 'need-whole-file';
    return size.problem === 'truncated'
      ? fail('truncated', PHOTO_CHECK_MESSAGES.truncated(name))
      : fail('damaged', PHOTO_CHECK_MESSAGES.damaged(name));
  }
  // Before anything decodes it: this is the decompression-bomb guard.
  if (size.width * size.height > MAX_PHOTO_PIXELS) {
    return fail('too-many-pixels', PHOTO_CHECK_MESSAGES.tooManyPixels(size.width, size.height));
  }
  if (!whole) return 'need-whole-file';
  const completeness = checkCompleteness(rasterFormat, bytes);
  if (completeness === 'truncated') return fail('truncated', PHOTO_CHECK_MESSAGES.truncated(name));
  if (completeness === 'unreadable') return fail('damaged', PHOTO_CHECK_MESSAGES.damaged(name));
  const orientation = readExifOrientation(bytes) ?? 1;
  const swap = swapsWidthAndHeight(orientation);
  return {
    ok: true,
    format: rasterFormat,
    width: swap ? size.height : size.width,
    height: swap ? size.width : size.height,
    needsConversion: handling.kind === 'convert-to-jpeg',
    orientation,
  };
}

/** Checks a whole file already in memory. */
export function checkPhotoBytes(bytes: Uint8Array): PhotoCheck {
  const result = inspect(bytes, bytes.length);
  // Unreachable with the whole file; typed away rather than asserted.
  return result === 'need-whole-file'
    ? fail('damaged', PHOTO_CHECK_MESSAGES.damaged('image'))
    : result;
}

/**
 * Checks a dropped, pasted or chosen file. Reads its first part first, so a file refused by
 * its size, type or declared dimensions is never read whole. Also returns the bytes read,
 * when it read them all, so the caller need not read them again.
 */
export async function checkPhotoFile(
  file: Blob,
): Promise<{ check: PhotoCheck; bytes: Uint8Array<ArrayBuffer> | null }> {
  const sizeProblem = checkSize(file.size);
  if (sizeProblem) return { check: sizeProblem, bytes: null };
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const early = inspect(head, file.size);
  if (early !== 'need-whole-file')
    return { check: early, bytes: head.length === file.size ? head : null };
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { check: checkPhotoBytes(bytes), bytes };
}
