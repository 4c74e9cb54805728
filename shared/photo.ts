// What a profile photo may be, on both sides of IPC: the image types Linq's attachments accept
// and the limits the app holds a photo to before anything leaves the machine. The renderer
// checks against these; main checks again (the contract's size cap, the photo store).

/** Larger inputs are refused before they are read: nothing a contact photo needs is this big. */
export const MAX_PHOTO_INPUT_BYTES = 50 * 1024 * 1024;

/**
 * Declared width x height above this is refused from the header alone, before decoding: a
 * small file can declare a huge image (a decompression bomb) and hang the renderer.
 */
export const MAX_PHOTO_PIXELS = 100_000_000;

/**
 * No photo has a side longer than this: a panorama from a phone is about 20,000 pixels wide,
 * while a header can claim 2^31 (PNG) with a single row under the pixel limit.
 */
export const MAX_PHOTO_SIDE = 40_000;

/**
 * The largest photo main stores and uploads: a processed photo is far smaller; this bounds a
 * HEIC/HEIF or TIFF sent without re-encoding (Chromium cannot decode them), only stripped.
 */
export const MAX_STORED_PHOTO_BYTES = 20 * 1024 * 1024;

/**
 * The most main's photo store holds (photos of cards waiting, in the history, or just chosen):
 * about 10,000 photos from the card form (1024 pixels a side) or 100 of the largest as they
 * are. A compromised window could otherwise fill the disk through storePhoto.
 */
export const PHOTO_STORE_QUOTA_BYTES = 2 * 1024 ** 3;

/** The processed photo's side, in pixels, unless the crop is smaller. */
export const PHOTO_OUTPUT_MAX_SIDE = 1024;

/** Content types Linq accepts for an image attachment, each with its stored file extension. */
export const PHOTO_EXTENSIONS = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/tiff': 'tiff',
  'image/bmp': 'bmp',
} as const;

export type PhotoContentType = keyof typeof PHOTO_EXTENSIONS;

export function isPhotoContentType(value: string): value is PhotoContentType {
  return Object.hasOwn(PHOTO_EXTENSIONS, value);
}
