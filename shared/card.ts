// The contact card's fields and their rules, shared by the form and by main's validation.
import { z } from 'zod';
import { isValidE164 } from './phone.ts';

/** iMessage shows short names; 64 characters leaves room for any real name or brand. */
export const NAME_MAX_LENGTH = 64;
export const IMAGE_URL_MAX_LENGTH = 2048;

export const E164Schema = z
  .string()
  .max(16)
  .refine(isValidE164, { message: 'Not a valid phone number in E.164 form' });

export const FirstNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'Enter a first name.' })
  .max(NAME_MAX_LENGTH, { message: `Keep the first name to ${NAME_MAX_LENGTH} characters.` });

export const LastNameSchema = z
  .string()
  .trim()
  .max(NAME_MAX_LENGTH, { message: `Keep the last name to ${NAME_MAX_LENGTH} characters.` });

/** Linq copies the image from a public HTTPS URL, so nothing else is accepted. */
export const ImageUrlSchema = z
  .string()
  .trim()
  .max(IMAGE_URL_MAX_LENGTH, { message: 'This address is too long.' })
  .refine(isHttpsUrl, { message: 'Use a full https:// address of the image.' });

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A card as the app shows and stores it (camelCase, absent fields as null). */
export const CardSchema = z.strictObject({
  phoneNumber: z.string(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  imageUrl: z.string().nullable(),
  isActive: z.boolean(),
});
export type Card = z.infer<typeof CardSchema>;

/** What the form submits for a first-time setup. */
export const CardSetupSchema = z.strictObject({
  phoneNumber: E164Schema,
  firstName: FirstNameSchema,
  lastName: LastNameSchema.optional(),
  imageUrl: ImageUrlSchema.optional(),
});
export type CardSetup = z.infer<typeof CardSetupSchema>;

/** What an update sends: the number plus only the fields that change. */
export const CardUpdateSchema = z
  .strictObject({
    phoneNumber: E164Schema,
    firstName: FirstNameSchema.optional(),
    lastName: LastNameSchema.optional(),
    imageUrl: ImageUrlSchema.optional(),
  })
  .refine(
    (u) => u.firstName !== undefined || u.lastName !== undefined || u.imageUrl !== undefined,
    {
      message: 'Nothing to update: no field differs from the existing card.',
    },
  );
export type CardUpdate = z.infer<typeof CardUpdateSchema>;

/**
 * The update that turns `existing` into `wanted`: only the fields that differ, so a PATCH
 * never re-sends (and Linq never re-copies) what is already on the card. Returns null when
 * nothing differs.
 */
export function changedFields(existing: Card | null, wanted: CardSetup): CardUpdate | null {
  const update: CardUpdate = { phoneNumber: wanted.phoneNumber };
  const same = (a: string | null | undefined, b: string | null | undefined) =>
    (a ?? '') === (b ?? '');
  if (!existing || !same(existing.firstName, wanted.firstName)) update.firstName = wanted.firstName;
  if (!existing || !same(existing.lastName, wanted.lastName))
    update.lastName = wanted.lastName ?? '';
  if (wanted.imageUrl !== undefined && (!existing || !same(existing.imageUrl, wanted.imageUrl))) {
    update.imageUrl = wanted.imageUrl;
  }
  const changes =
    update.firstName !== undefined ||
    update.lastName !== undefined ||
    update.imageUrl !== undefined;
  return changes ? update : null;
}
