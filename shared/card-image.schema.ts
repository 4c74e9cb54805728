// A card's photo as main hands it to the window: the bytes of an image main fetched from the
// card's image URL itself (see electron/services/card-images), so the page never loads a
// remote address of its own choosing.
import { z } from 'zod';
import { CARD_IMAGE_CONTENT_TYPES, MAX_CARD_IMAGE_BYTES } from './card-image.rules.ts';
import { IMAGE_URL_MAX_LENGTH } from './rules.ts';

export const CardImageRequestSchema = z.strictObject({
  url: z.string().min(1).max(IMAGE_URL_MAX_LENGTH),
});

export const CardImageSchema = z.strictObject({
  contentType: z.enum(CARD_IMAGE_CONTENT_TYPES),
  base64: z.base64().max(Math.ceil(MAX_CARD_IMAGE_BYTES / 3) * 4),
});
export type CardImage = z.infer<typeof CardImageSchema>;
