// Client-side validation of the card form with the shared schemas, so the form says exactly
// what main would say, before anything is sent.
import {
  FirstNameSchema,
  ImageUrlSchema,
  LastNameSchema,
  type CardSetup,
} from '../../../shared/card.ts';
import { checkPhone, type CountryCode, type PhoneCheck } from '../../../shared/phone.ts';
import type { z } from 'zod';

export interface CardFormValues {
  firstName: string;
  lastName: string;
  phone: string;
  imageUrl: string;
}

export type CardField = keyof CardFormValues;

/** The order fields appear on screen: the first invalid one gets the focus. */
export const CARD_FIELDS: readonly CardField[] = ['firstName', 'lastName', 'phone', 'imageUrl'];

export const EMPTY_CARD_FORM: CardFormValues = {
  firstName: '',
  lastName: '',
  phone: '',
  imageUrl: '',
};

export interface CardValidation {
  errors: Partial<Record<CardField, string>>;
  phone: PhoneCheck;
  /** What to send, when every field is valid. */
  input: CardSetup | null;
}

function firstIssue(result: z.ZodSafeParseResult<string>, fallback: string): string | null {
  return result.success ? null : (result.error.issues[0]?.message ?? fallback);
}

export function validateCardForm(values: CardFormValues, country: CountryCode): CardValidation {
  const errors: Partial<Record<CardField, string>> = {};
  const firstName = FirstNameSchema.safeParse(values.firstName);
  const lastName = LastNameSchema.safeParse(values.lastName);
  const imageText = values.imageUrl.trim();
  const imageUrl = imageText === '' ? null : ImageUrlSchema.safeParse(imageText);
  const phone = checkPhone(values.phone, country);

  const firstNameError = firstIssue(firstName, 'Check the first name.');
  if (firstNameError) errors.firstName = firstNameError;
  const lastNameError = firstIssue(lastName, 'Check the last name.');
  if (lastNameError) errors.lastName = lastNameError;
  if (!phone.ok) errors.phone = phone.message;
  const imageError = imageUrl ? firstIssue(imageUrl, 'Check the image address.') : null;
  if (imageError) errors.imageUrl = imageError;

  if (!firstName.success || !lastName.success || !phone.ok || imageError) {
    return { errors, phone, input: null };
  }
  const input: CardSetup = { phoneNumber: phone.e164, firstName: firstName.data };
  if (lastName.data !== '') input.lastName = lastName.data;
  if (imageUrl?.success) input.imageUrl = imageUrl.data;
  return { errors, phone, input };
}

export function firstInvalidField(errors: Partial<Record<CardField, string>>): CardField | null {
  return CARD_FIELDS.find((field) => errors[field] !== undefined) ?? null;
}
