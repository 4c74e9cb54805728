// Client-side validation of the card form with the shared rules (shared/rules.ts, phone.ts),
// the same checks main's schemas run (rules.schema.ts), so the form says exactly what main
// would say, before anything is sent.
import type { CardSetup } from '../../../shared/card.schema.ts';
import type { CountryCode, PhoneCheck } from '../../../shared/phone.ts';
import type { PhoneRules } from './phone-rules.ts';
import {
  checkFirstName,
  checkImageUrl,
  checkLastName,
  type RuleResult,
} from '../../../shared/rules.ts';

export interface CardFormValues {
  firstName: string;
  lastName: string;
  phone: string;
  imageUrl: string;
}

export type CardField = keyof CardFormValues;

/** The order fields appear on screen: the first invalid one gets the focus. */
export const CARD_FIELDS: readonly CardField[] = ['phone', 'firstName', 'lastName', 'imageUrl'];

export const EMPTY_CARD_FORM: CardFormValues = {
  firstName: '',
  lastName: '',
  phone: '',
  imageUrl: '',
};

export interface CardValidation {
  errors: Partial<Record<CardField, string>>;
  /** null until the phone rules have loaded. */
  phone: PhoneCheck | null;
  /** What to send, when every field is valid. */
  input: CardSetup | null;
}

function problem(result: RuleResult | null): string | null {
  return result && !result.ok ? result.message : null;
}

export function validateCardForm(
  values: CardFormValues,
  country: CountryCode,
  rules: PhoneRules | null,
): CardValidation {
  const errors: Partial<Record<CardField, string>> = {};
  const firstName = checkFirstName(values.firstName);
  const lastName = checkLastName(values.lastName);
  const imageUrl = values.imageUrl.trim() === '' ? null : checkImageUrl(values.imageUrl);
  const phone = rules ? rules.checkPhone(values.phone, country) : null;

  const firstNameError = problem(firstName);
  if (firstNameError) errors.firstName = firstNameError;
  const lastNameError = problem(lastName);
  if (lastNameError) errors.lastName = lastNameError;
  if (phone && !phone.ok) errors.phone = phone.message;
  const imageError = problem(imageUrl);
  if (imageError) errors.imageUrl = imageError;

  if (!firstName.ok || !lastName.ok || !phone?.ok || (imageUrl && !imageUrl.ok)) {
    return { errors, phone, input: null };
  }
  const input: CardSetup = { phoneNumber: phone.e164, firstName: firstName.value };
  if (lastName.value !== '') input.lastName = lastName.value;
  if (imageUrl?.ok) input.imageUrl = imageUrl.value;
  return { errors, phone, input };
}

export function firstInvalidField(errors: Partial<Record<CardField, string>>): CardField | null {
  return CARD_FIELDS.find((field) => errors[field] !== undefined) ?? null;
}
