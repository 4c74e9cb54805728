// The two photo requests of the contract. A photo crosses IPC once, as base64, and is checked
// again here: its bytes must be the image type they claim (from their first bytes, as the
// renderer checked), declare a sane size in their header (photo-dimensions.ts), and hash to
// the name they are stored under (the photo store checks that, and its quota). The renderer
// sends re-encoded pixels or a file it has already cleaned of metadata; main cleans it again
// all the same (the renderer is not trusted), so what is stored, and later uploaded to Linq's
// public URL, never carries a location.
import { createHash } from 'node:crypto';
import type { PhotoRef } from '../../../shared/card.schema.ts';
import type { PhotoBytes } from '../../../shared/contract.ts';
import { SNIFF_BYTES, handlingOf, sniffFormat } from '../../../shared/image/sniff.ts';
import { isStrippable, stripMetadata } from '../../../shared/image/strip-metadata.ts';
import { AppFailure } from '../failure.ts';
import { checkPhotoDimensions, checkProcessedPhotoSize } from './photo-dimensions.ts';
import type { PhotoStore } from './photo-store.ts';

/** The bytes to store: `bytes` without metadata, or a refusal saying why there are none. */
function cleaned(bytes: Uint8Array, photo: PhotoBytes): Uint8Array {
  const format = sniffFormat(bytes.subarray(0, SNIFF_BYTES));
  if (!isStrippable(format)) throw new Error(`accepted format ${format} has no stripper`);
  const result = stripMetadata(format, bytes);
  if (result.ok) return result.bytes;
  if (result.problem === 'cannot-strip') {
    throw AppFailure.of('INVALID_INPUT', { message: result.message, detail: result.detail });
  }
  throw AppFailure.of('INVALID_INPUT', {
    message: 'The photo’s file is damaged and cannot be sent. Choose the photo again.',
    detail: `${photo.contentType} ${result.problem}`,
  });
}

export async function storePhoto(photos: PhotoStore, photo: PhotoBytes): Promise<PhotoRef> {
  const bytes = Buffer.from(photo.base64, 'base64');
  const format = sniffFormat(bytes.subarray(0, SNIFF_BYTES));
  const handling = handlingOf(format);
  if (
    handling.kind !== 'accepted' ||
    handling.contentType !== photo.contentType ||
    format === 'svg' ||
    format === 'unknown'
  ) {
    throw AppFailure.of('INVALID_INPUT', {
      message: 'The photo’s bytes are not the image type they claim to be. Choose the photo again.',
      detail: `Declared ${photo.contentType}.`,
    });
  }
  const size = checkPhotoDimensions(format, bytes);
  // HEIC, HEIF and TIFF come as the user chose them (the window cannot decode them); JPEG and
  // PNG are always drawn anew by the form.
  if (format === 'jpeg' || format === 'png') checkProcessedPhotoSize(size);
  const clean = cleaned(bytes, photo);
  if (clean.length === bytes.length && Buffer.from(clean).equals(bytes)) {
    const stored = await photos.save(bytes, photo.contentType, photo.sha256);
    return { sha256: stored.sha256, contentType: stored.contentType };
  }
  // What the renderer sent is checked against its hash first; what is kept is named by its own.
  if (createHash('sha256').update(bytes).digest('hex') !== photo.sha256) {
    throw AppFailure.of('INVALID_INPUT', { detail: 'The photo does not match its SHA-256.' });
  }
  const sha256 = createHash('sha256').update(clean).digest('hex');
  const stored = await photos.save(clean, photo.contentType, sha256);
  return { sha256: stored.sha256, contentType: stored.contentType };
}

export async function readPhoto(photos: PhotoStore, sha256: string): Promise<PhotoBytes | null> {
  const stored = await photos.read(sha256);
  if (!stored) return null;
  return {
    sha256: stored.sha256,
    contentType: stored.contentType,
    base64: stored.bytes.toString('base64'),
  };
}
