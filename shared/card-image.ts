// A card's photo as main hands it to the window: the bytes of an image main fetched from the
// card's image URL itself (see electron/services/card-images), so the page never loads a
// remote address of its own choosing.
import { z } from 'zod';
import { IMAGE_URL_MAX_LENGTH } from './rules.ts';

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

export const CardImageRequestSchema = z.strictObject({
  url: z.string().min(1).max(IMAGE_URL_MAX_LENGTH),
});

export const CardImageSchema = z.strictObject({
  contentType: z.enum(CARD_IMAGE_CONTENT_TYPES),
  base64: z.base64().max(Math.ceil(MAX_CARD_IMAGE_BYTES / 3) * 4),
});
export type CardImage = z.infer<typeof CardImageSchema>;
