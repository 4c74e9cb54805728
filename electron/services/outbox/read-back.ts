// Deciding, from the card Linq shows now, whether a submission whose outcome was unknown was
// applied. Linq has no idempotency key, so this comparison is what keeps a card from being
// set up twice, or a stale update from being sent over a newer one.
import type { Card } from '../../../shared/card.schema.ts';
import type { OutboxItem } from '../../../shared/outbox.schema.ts';

export type ReadBackVerdict =
  /** Linq shows the submitted values: the submission is done. */
  | 'applied'
  /** Linq shows that nothing was applied: sending again is safe. */
  | 'not-applied'
  /**
   * An update not applied, on a card Linq holds not active though the app was never told so:
   * the answer that said it (a 503/4004 most likely) was lost to a crash. PATCH needs an
   * active card, so the change must go again as the app sends it to a card left not active.
   */
  | 'left-not-active'
  /** Anything else: the user decides, with both versions shown. */
  | 'ambiguous';

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '') === (b ?? '');

function showsSubmitted(card: Card, fields: OutboxItem['fields']): boolean {
  return (
    (fields.firstName === undefined || same(card.firstName, fields.firstName)) &&
    (fields.lastName === undefined || same(card.lastName, fields.lastName)) &&
    (fields.imageUrl === undefined || same(card.imageUrl, fields.imageUrl))
  );
}

/**
 * Outcomes after which Linq holds the card, if at all, not active (500/2022 "did not
 * complete", an is_active false answer, 503/4004): Linq's GET lists active cards only, and
 * applying it again is the remedy, so anything short of the card shown active is not applied.
 */
const LEFT_NOT_ACTIVE = new Set(['SETUP_INCOMPLETE', 'CARD_NOT_ACTIVE', 'LINE_WRITE_LIMITED']);

export function readBackVerdict(
  item: Pick<OutboxItem, 'action' | 'fields'> & {
    lastError?: OutboxItem['lastError'];
    /** Tries so far at a card Linq left not active: this is one more. */
    notActiveTries?: number;
  },
  serverCard: Card | null,
): ReadBackVerdict {
  // The photo is uploaded, and its address recorded, before the card request is made: with a
  // photo but no address yet, the card request cannot have left.
  if (item.fields.photo !== undefined && item.fields.imageUrl === undefined) return 'not-applied';
  const followUp =
    (item.notActiveTries ?? 0) > 0 ||
    (item.lastError ? LEFT_NOT_ACTIVE.has(item.lastError.code) : false);
  if (item.action === 'setup') {
    // Setting a card left not active up again: whatever Linq holds that is not active (the
    // card as it was, or ours not applied yet) calls for the same call again.
    if (followUp && serverCard && !serverCard.isActive) return 'not-applied';
    if (serverCard === null) return 'not-applied';
    // A setup sends every field, so an absent last name must be absent on the card too. The
    // image is left out: Linq copies it to its own CDN, so its address may differ either way.
    const names = { firstName: item.fields.firstName, lastName: item.fields.lastName ?? '' };
    // A different card: someone else set it up, or Linq changed what we sent. Not ours to guess.
    if (!showsSubmitted(serverCard, names)) return 'ambiguous';
    if (!serverCard.isActive && followUp) return 'not-applied';
    return 'applied';
  }
  // An update of a card that is gone cannot be sent; the user decides what to do (unless Linq
  // only keeps it out of its list because it is not active).
  if (serverCard === null) return followUp ? 'not-applied' : 'ambiguous';
  if (showsSubmitted(serverCard, item.fields)) {
    return !serverCard.isActive && followUp ? 'not-applied' : 'applied';
  }
  // Linq copies images to its own CDN, so an image address that differs proves nothing.
  if (item.fields.imageUrl !== undefined && !same(serverCard.imageUrl, item.fields.imageUrl)) {
    const namesShown = showsSubmitted(serverCard, { ...item.fields, imageUrl: undefined });
    const namesSent = item.fields.firstName !== undefined || item.fields.lastName !== undefined;
    if (namesShown || !namesSent) return 'ambiguous';
  }
  // A PATCH only sets values, so sending it again when they are not there changes nothing
  // else; later items for this number wait meanwhile, so it cannot overwrite a newer one.
  return !serverCard.isActive && !followUp ? 'left-not-active' : 'not-applied';
}
