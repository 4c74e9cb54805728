// From a checked file to the bytes that are uploaded: decode with the EXIF orientation
// applied, shrunk by the decoder so a 24-megapixel photo is never drawn full size, draw the
// square crop, re-encode. Re-encoding writes pixels only, so EXIF (GPS position, camera
// serial numbers) cannot come along. HEIC, HEIF and TIFF, which Chromium cannot decode, are
// sent without re-encoding (Linq takes them) but cleaned of their metadata by the same
// strippers the import uses, or refused with the reason when they cannot be.
import type { PhotoContentType } from '../../../../shared/photo.ts';
import { cropSquare, decodeSize, outputSide, type PhotoCrop } from './crop.ts';
import {
  PHOTO_CHECK_MESSAGES,
  checkPhotoFile,
  type PhotoCheckFailed,
  type PhotoCheckPassed,
} from './photo-checks.ts';
import { sha256Hex } from './sha256.ts';
import { FORMAT_NAMES, handlingOf, type RasterFormat } from '../../../../shared/image/sniff.ts';
import { stripMetadata } from '../../../../shared/image/strip-metadata.ts';

export interface ProcessedPhoto {
  ok: true;
  /**
   * 'as-is': not re-encoded (HEIC/HEIF/TIFF the browser cannot decode), only cleaned of its
   * metadata; show a placeholder.
   */
  kind: 'processed' | 'as-is';
  bytes: Uint8Array<ArrayBuffer>;
  contentType: PhotoContentType;
  width: number;
  height: number;
  /** Lowercase hex SHA-256 of `bytes`. */
  sha256: string;
}

export type ProcessPhotoResult = ProcessedPhoto | PhotoCheckFailed;

/** JPEG keeps photos small; PNG keeps the transparency a logo may have. */
export const JPEG_QUALITY = 0.9;

/**
 * Formats Linq takes that Chromium has no decoder for: sent without re-encoding, with a
 * placeholder preview. (Linq delivers TIFF as JPEG itself.)
 */
const SENT_AS_IS = new Set(['heic', 'heif', 'tiff'] as const);

function isSentAsIs(format: RasterFormat): format is 'heic' | 'heif' | 'tiff' {
  return (SENT_AS_IS as ReadonlySet<RasterFormat>).has(format);
}

/**
 * A photo sent without re-encoding, without its metadata (EXIF and its GPS position, XMP,
 * IPTC), or the reason it cannot be sent. Run when the photo is chosen, so a refusal shows
 * at once, and again on the bytes that are sent.
 */
export function cleanSentAsIs(
  format: 'heic' | 'heif' | 'tiff',
  bytes: Uint8Array<ArrayBuffer>,
): { ok: true; bytes: Uint8Array<ArrayBuffer> } | PhotoCheckFailed {
  const result = stripMetadata(format, bytes);
  if (result.ok) return { ok: true, bytes: new Uint8Array(result.bytes) };
  const name = FORMAT_NAMES[format];
  if (result.problem === 'cannot-strip') {
    return { ok: false, code: 'cannot-clean', message: result.message };
  }
  return result.problem === 'truncated'
    ? { ok: false, code: 'truncated', message: PHOTO_CHECK_MESSAGES.truncated(name) }
    : { ok: false, code: 'damaged', message: PHOTO_CHECK_MESSAGES.damaged(name) };
}

async function finish(
  kind: ProcessedPhoto['kind'],
  bytes: Uint8Array<ArrayBuffer>,
  contentType: PhotoContentType,
  width: number,
  height: number,
): Promise<ProcessedPhoto> {
  return { ok: true, kind, bytes, contentType, width, height, sha256: await sha256Hex(bytes) };
}

async function decode(
  file: Blob,
  resize: { width: number; height: number } | null,
): Promise<ImageBitmap | null> {
  try {
    // Only the width is given: the decoder keeps the aspect ratio of the photo as seen, so
    // a wrong guess about its orientation cannot distort it (drawing corrects the scale).
    return await createImageBitmap(file, {
      imageOrientation: 'from-image',
      ...(resize ? { resizeWidth: resize.width, resizeQuality: 'high' as const } : {}),
    });
  } catch {
    return null;
  }
}

async function encode(canvas: OffscreenCanvas, contentType: 'image/jpeg' | 'image/png') {
  const blob = await canvas.convertToBlob({ type: contentType, quality: JPEG_QUALITY });
  return new Uint8Array(await blob.arrayBuffer());
}

/** Processes a file that passed checkPhotoFile; `bytes` are its contents when already read. */
export async function processCheckedPhoto(
  file: Blob,
  check: PhotoCheckPassed,
  crop: PhotoCrop,
  bytes: Uint8Array<ArrayBuffer> | null = null,
): Promise<ProcessPhotoResult> {
  const side = outputSide(check.width, check.height, crop);
  const bitmap = await decode(file, decodeSize(check.width, check.height, crop, side));
  if (!bitmap) {
    const handling = handlingOf(check.format);
    if (handling.kind === 'accepted' && isSentAsIs(check.format)) {
      const original = bytes ?? new Uint8Array(await file.arrayBuffer());
      const cleaned = cleanSentAsIs(check.format, original);
      if (!cleaned.ok) return cleaned;
      return finish('as-is', cleaned.bytes, handling.contentType, check.width, check.height);
    }
    const message = PHOTO_CHECK_MESSAGES.damaged(FORMAT_NAMES[check.format]);
    return { ok: false, code: 'damaged', message };
  }
  const contentType = check.format === 'png' || check.format === 'gif' ? 'image/png' : 'image/jpeg';
  const canvas = new OffscreenCanvas(side, side);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas context');
  if (contentType === 'image/jpeg') {
    // JPEG has no transparency: a transparent WebP or AVIF logo goes on white, not black.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, side, side);
  }
  context.imageSmoothingQuality = 'high';
  const square = cropSquare(bitmap.width, bitmap.height, crop);
  context.drawImage(bitmap, square.x, square.y, square.side, square.side, 0, 0, side, side);
  bitmap.close();
  return finish('processed', await encode(canvas, contentType), contentType, side, side);
}

/** Checks and processes a dropped, pasted or chosen file. */
export async function processPhoto(file: Blob, crop: PhotoCrop): Promise<ProcessPhotoResult> {
  const { check, bytes } = await checkPhotoFile(file);
  if (!check.ok) return check;
  return processCheckedPhoto(file, check, crop, bytes);
}
