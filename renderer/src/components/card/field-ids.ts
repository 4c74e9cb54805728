import type { CardField } from '../../lib/card-validation.ts';

/** DOM ids of the card form's inputs, for labels and for focusing the first invalid one. */
export const CARD_FIELD_IDS: Record<CardField, string> = {
  firstName: 'card-first-name',
  lastName: 'card-last-name',
  phone: 'card-phone',
  imageUrl: 'card-image-url',
};

export const CARD_FORM_ID = 'card-form';

export function focusCardField(field: CardField): void {
  document.getElementById(CARD_FIELD_IDS[field])?.focus();
}
