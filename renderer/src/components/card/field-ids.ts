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

/** The form's "When to send" choice (SendOptions names its own inputs). */
export const SEND_WHEN_ID = 'card-send-when';

/** The chosen time's input, where the reason a time was refused is said. */
export function focusSendAt(): void {
  document
    .querySelector<HTMLInputElement>(`#${SEND_WHEN_ID} input[type="datetime-local"]`)
    ?.focus();
}
