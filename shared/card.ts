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
export const CardUpdateFieldsSchema = z.strictObject({
  phoneNumber: E164Schema,
  firstName: FirstNameSchema.optional(),
  lastName: LastNameSchema.optional(),
  imageUrl: ImageUrlSchema.optional(),
});

export function changesSomething(update: {
  firstName?: string;
  lastName?: string;
  imageUrl?: string;
}): boolean {
  return (
    update.firstName !== undefined || update.lastName !== undefined || update.imageUrl !== undefined
  );
}

const NOTHING_TO_UPDATE = {
  message: 'Nothing to update: no field differs from the existing card.',
};

export const CardUpdateSchema = CardUpdateFieldsSchema.refine(changesSomething, NOTHING_TO_UPDATE);
export type CardUpdate = z.infer<typeof CardUpdateSchema>;

/** A submission that takes the place of an earlier one the user edited (a failed item). */
const Replaces = { replaces: z.number().int().positive().optional() };

export const SetupSubmissionSchema = CardSetupSchema.extend(Replaces);
export type SetupSubmission = z.infer<typeof SetupSubmissionSchema>;

export const UpdateSubmissionSchema = CardUpdateFieldsSchema.extend(Replaces).refine(
  changesSomething,
  NOTHING_TO_UPDATE,
);
export type UpdateSubmission = z.infer<typeof UpdateSubmissionSchema>;
