// What main fetches as a card's photo: how large and which image types (plain values, no zod).

/** Larger images are not fetched to the end: Linq's own limit for an image URL is 10 MB. */
export const MAX_CARD_IMAGE_BYTES = 10 * 1024 * 1024;

/** The image types Chromium draws, by what the bytes are (never what the server says). */
export const CARD_IMAGE_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/avif',
] as const;
export type CardImageContentType = (typeof CARD_IMAGE_CONTENT_TYPES)[number];
