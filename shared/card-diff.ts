// Which fields an update must send. Plain code (types only from card.ts) so the renderer can
// use it without loading zod.
import type { Card, CardSetup, CardUpdate } from './card.ts';

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
