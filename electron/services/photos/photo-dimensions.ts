// The size an image declares in its header, checked in main before it is stored. The window
// checks it too, but main cannot trust the window: a compromised one could hand over a few
// bytes that declare a gigapixel image (the outbox would upload it, and anything that later
// decodes it, the history's thumbnail included, would try to allocate it), or junk behind a
// valid magic number that has no readable size at all.
import type { RasterFormat } from '../../../shared/image/sniff.ts';
import { readDimensions, type Dimensions } from '../../../shared/image/dimensions.ts';
import { MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, PHOTO_OUTPUT_MAX_SIDE } from '../../../shared/photo.ts';
import { AppFailure } from '../failure.ts';

/** Throws unless the image declares a sane size; answers the size. */
export function checkPhotoDimensions(format: RasterFormat, bytes: Uint8Array): Dimensions {
  const size = readDimensions(format, bytes);
  if (!size.ok) throw AppFailure.of('IMAGE_DAMAGED');
  if (
    size.width > MAX_PHOTO_SIDE ||
    size.height > MAX_PHOTO_SIDE ||
    size.width * size.height > MAX_PHOTO_PIXELS
  ) {
    throw AppFailure.of('IMAGE_TOO_MANY_PIXELS');
  }
  return size;
}

/**
 * A JPEG or PNG from the card form is the form's own output: drawn on a square canvas of at
 * most PHOTO_OUTPUT_MAX_SIDE (process-photo.ts). Anything larger did not come from the form.
 */
export function checkProcessedPhotoSize(size: Dimensions): void {
  if (size.width > PHOTO_OUTPUT_MAX_SIDE || size.height > PHOTO_OUTPUT_MAX_SIDE) {
    throw AppFailure.of('INVALID_INPUT', {
      message: `The photo is larger than the card form makes it (${PHOTO_OUTPUT_MAX_SIDE} pixels a side). Choose the photo again.`,
    });
  }
}
