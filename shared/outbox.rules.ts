// The outbox's plain rules (no zod): the states a submission goes through and what a decision
// would send, shared by main's store, schemas and decisions and by the renderer's views.
import type { Card } from './card.schema.ts';
import { changedFields } from './card.rules.ts';
import type { OutboxItem, SubmittedFields } from './outbox.schema.ts';

/**
 * - waiting: not sent yet, or sent and certainly not applied (it will be sent, maybe later)
 * - sending: a request is out right now
 * - in-doubt: a request went out and its outcome is unknown; the card is read back before
 *   anything is sent again
 * - needs-decision: the app will not guess (the card exists already, or Linq shows something
 *   else than was sent); the user decides
 * - failed: Linq refused it for a reason that sending again will not fix (e.g. bad input)
 * - done / cancelled: finished; kept for the record
 */
export const OUTBOX_STATES = [
  'waiting',
  'sending',
  'in-doubt',
  'needs-decision',
  'failed',
  'done',
  'cancelled',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * What "update the existing card instead" sends for a setup that found a card already there:
 * the fields that differ from the card at Linq, and a photo not uploaded yet (it becomes the
 * image when the update is sent). Null when the card at Linq already says all of it: then
 * nothing is sent and the item is done. Main decides with this, and the decision dialog says
 * with it whether there is anything to update.
 */
export function updateInsteadFields(
  item: Pick<OutboxItem, 'phoneNumber' | 'fields'>,
  serverCard: Card | null,
): SubmittedFields | null {
  const update = changedFields(serverCard, {
    phoneNumber: item.phoneNumber,
    firstName: item.fields.firstName ?? '',
    ...(item.fields.lastName !== undefined ? { lastName: item.fields.lastName } : {}),
    ...(item.fields.imageUrl !== undefined ? { imageUrl: item.fields.imageUrl } : {}),
  });
  const photo = item.fields.imageUrl === undefined ? item.fields.photo : undefined;
  if (!update && !photo) return null;
  const { phoneNumber: _number, ...changed } = update ?? { phoneNumber: '' };
  return photo ? { ...changed, photo } : changed;
}
