// The contact card's fields and their rules, shared by the form and by main's validation.
import { z } from 'zod';
import { isValidE164 } from './phone.ts';
import { ruleSchema } from './rule-schema.ts';
import { checkFirstName, checkImageUrl, checkLastName } from './rules.ts';

export const FirstNameSchema = ruleSchema(checkFirstName);
export const LastNameSchema = ruleSchema(checkLastName);
export const ImageUrlSchema = ruleSchema(checkImageUrl);

export const E164Schema = z
  .string()
  .max(16)
  .refine(isValidE164, { message: 'Not a valid phone number in E.164 form' });

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
