// What a card update changes, as plain code (types only from card.schema.ts) so the form, the
// outbox's decision dialog and main all decide it with the same rule.
import type { Card, CardSetup, CardUpdate } from './card.schema.ts';

/** Whether an update changes anything at all: an update without a field is refused. */
export function changesSomething(update: {
  firstName?: string;
  lastName?: string;
  imageUrl?: string;
}): boolean {
  return (
    update.firstName !== undefined || update.lastName !== undefined || update.imageUrl !== undefined
  );
}

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
  return changesSomething(update) ? update : null;
}
