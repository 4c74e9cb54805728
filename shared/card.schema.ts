// The contact card's fields and their rules, shared by the form and by main's validation.
import { z } from 'zod';
import { ScheduleSchema } from './rollout.schema.ts';
import { isValidE164 } from './phone.ts';
import { PHOTO_EXTENSIONS, type PhotoContentType } from './photo.ts';
import { changesSomething } from './card.rules.ts';
import { ruleSchema } from './rules.schema.ts';
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

const NOTHING_TO_UPDATE = {
  message: 'Nothing to update: no field differs from the existing card.',
};

export const CardUpdateSchema = CardUpdateFieldsSchema.refine(changesSomething, NOTHING_TO_UPDATE);
export type CardUpdate = z.infer<typeof CardUpdateSchema>;

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Not a SHA-256 in hex');
export const PhotoContentTypeSchema = z.enum(
  Object.keys(PHOTO_EXTENSIONS) as [PhotoContentType, ...PhotoContentType[]],
);

/** A photo stored in main's photo store (see storePhoto), uploaded when the card is sent. */
export const PhotoRefSchema = z.strictObject({
  sha256: Sha256Schema,
  contentType: PhotoContentTypeSchema,
});
export type PhotoRef = z.infer<typeof PhotoRefSchema>;

const ONE_IMAGE = {
  message: 'Give either a photo or an image URL, not both.',
  path: ['photo'],
};
const oneImage = (s: { photo?: PhotoRef; imageUrl?: string }) =>
  s.photo === undefined || s.imageUrl === undefined;

/** A submission that takes the place of an earlier one the user edited (a failed item). */
const Extras = {
  replaces: z.number().int().positive().optional(),
  photo: PhotoRefSchema.optional(),
  /** Sent at a chosen time instead of at once: it waits in the outbox until then. */
  schedule: ScheduleSchema.optional(),
};

export const SetupSubmissionSchema = CardSetupSchema.extend(Extras).refine(oneImage, ONE_IMAGE);
export type SetupSubmission = z.infer<typeof SetupSubmissionSchema>;

export const UpdateSubmissionSchema = CardUpdateFieldsSchema.extend(Extras)
  .refine((u) => changesSomething(u) || u.photo !== undefined, NOTHING_TO_UPDATE)
  .refine(oneImage, ONE_IMAGE);
export type UpdateSubmission = z.infer<typeof UpdateSubmissionSchema>;
