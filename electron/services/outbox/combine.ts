// Combining the changes to one number that wait behind each other into one request. Linq
// allows 3 writes per number in 10 minutes, so three quick edits, or an import touching a line
// several times, would otherwise spend the whole budget (and wait for the next window) on
// values that are overwritten at once. Pure: the store applies the result in its transaction.
import type { Card } from '../../../shared/card.schema.ts';
import type { OutboxItem, SubmittedFields } from '../../../shared/outbox.schema.ts';

export type CombineCandidate = Pick<OutboxItem, 'id' | 'action' | 'fields' | 'state'> & {
  combinedInto: number | null;
  /** Linq refused a request it was combined into: it goes on its own from then on. */
  sendAlone: boolean;
  /** Held back by a rollout: it goes only when the user (or its schedule) releases it. */
  gated?: boolean;
};

export interface Combined {
  /** The later items that join the head's request, in submission order. */
  joined: number[];
  /** What the head's request sends from now on. */
  fields: SubmittedFields;
}

/** Whether an item may join a request: not sent yet (or certainly not applied), an update, not held. */
function joinable(item: CombineCandidate): boolean {
  return (
    item.state === 'waiting' &&
    item.combinedInto === null &&
    item.action === 'update' &&
    !item.sendAlone &&
    // Joining would send a held change before its release; stopping here also keeps every
    // later change to the line behind it.
    item.gated !== true
  );
}

/** Later values win; a new image (photo or address) replaces the earlier one of either kind. */
export function overlay(base: SubmittedFields, next: SubmittedFields): SubmittedFields {
  const result: SubmittedFields = { ...base };
  if (next.firstName !== undefined) result.firstName = next.firstName;
  if (next.lastName !== undefined) result.lastName = next.lastName;
  if (next.photo !== undefined || next.imageUrl !== undefined) {
    delete result.photo;
    delete result.imageUrl;
    if (next.photo !== undefined) result.photo = next.photo;
    if (next.imageUrl !== undefined) result.imageUrl = next.imageUrl;
  }
  return result;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '') === (b ?? '');

/** An update's fields less those the confirmed card already shows (never all of them). */
function againstConfirmed(fields: SubmittedFields, confirmed: Card): SubmittedFields {
  const result: SubmittedFields = { ...fields };
  if (result.firstName !== undefined && same(result.firstName, confirmed.firstName))
    delete result.firstName;
  if (result.lastName !== undefined && same(result.lastName, confirmed.lastName))
    delete result.lastName;
  if (
    result.photo === undefined &&
    result.imageUrl !== undefined &&
    same(result.imageUrl, confirmed.imageUrl)
  )
    delete result.imageUrl;
  const left =
    result.firstName !== undefined ||
    result.lastName !== undefined ||
    result.imageUrl !== undefined ||
    result.photo !== undefined;
  // Edits that end where the card already is still go out once: the confirmed card may be
  // older than a change made elsewhere, and one write settles it.
  return left ? result : fields;
}

/**
 * The head is the first item in line for its number, about to be sent. `later` are the
 * number's other open items after it, in submission order. The items right behind it that
 * have not left yet join it, up to the first that cannot (a setup, an item waiting for a
 * decision, one in doubt or joined elsewhere): order is kept, and nothing in flight or in
 * doubt is ever merged. A setup followed by edits becomes one setup with the final values;
 * updates become one update of the fields that differ from the card Linq last confirmed.
 * Null when nothing joins.
 */
export function combineWaiting(
  head: CombineCandidate,
  later: readonly CombineCandidate[],
  confirmed: Card | null,
): Combined | null {
  if (head.sendAlone) return null;
  const joined: number[] = [];
  let fields = head.fields;
  for (const item of later) {
    if (item.combinedInto === head.id) continue; // joined at an earlier attempt: in `fields`
    if (!joinable(item)) break;
    joined.push(item.id);
    fields = overlay(fields, item.fields);
  }
  if (joined.length === 0) return null;
  if (head.action === 'update' && confirmed) fields = againstConfirmed(fields, confirmed);
  return { joined, fields };
}

/**
 * What an update sends once Linq has left its card not active (an is_active false answer, or
 * 503/4004): PATCH needs an active card, so it goes as a POST with every field, from the card
 * Linq last confirmed with the change's own values over it. Null when it sends every field
 * already (a setup) or there is no card to complete it from.
 */
export function reapplyInFull(
  item: Pick<OutboxItem, 'action' | 'fields'>,
  base: Card | null,
): SubmittedFields | null {
  if (item.action === 'setup' || !base) return null;
  const full: SubmittedFields = {
    firstName: base.firstName,
    ...(base.lastName ? { lastName: base.lastName } : {}),
    ...(base.imageUrl ? { imageUrl: base.imageUrl } : {}),
  };
  return overlay(full, item.fields);
}
