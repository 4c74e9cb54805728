// What an imported row changes on a card that already exists: only the fields that differ, as
// the form's edit sends only changedFields, so a PATCH never re-sends (and Linq never re-copies)
// what is already on the card, and a row that changes nothing is not sent at all. Plain code
// (no zod), shared by the preview in the renderer and by main, which decides again at the
// moment it enqueues.
import type { CardStatus } from './card-history.rules.ts';

/** The card the row would update, as this app last saw it confirmed by Linq. */
export interface PatchBase {
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  photoSha256: string | null;
}

/** A card as main's history and the renderer's known cards both hold it. */
export interface KnownCardState extends PatchBase {
  status: CardStatus;
  /** Whether Linq has confirmed a card (true/false: active or not); null if it never has. */
  isActive: boolean | null;
}

/**
 * The card an update is compared with: the one Linq last confirmed, when nothing for the
 * number waits in the outbox. Anything still waiting decides what the card will be, so the
 * row is then sent whole (null), as it is when Linq has never confirmed a card.
 */
export function patchBase(card: KnownCardState | null | undefined): PatchBase | null {
  if (!card || card.isActive === null) return null;
  if (card.status === 'waiting' || card.status === 'needs-decision') return null;
  return {
    firstName: card.firstName,
    lastName: card.lastName,
    imageUrl: card.imageUrl,
    photoSha256: card.photoSha256,
  };
}

/** An imported row's values. An absent lastName (no such column) leaves the card's as it is. */
export interface PatchRow {
  firstName: string;
  lastName?: string;
  imageUrl?: string;
  photo?: { sha256: string };
}

export interface RowChanges {
  firstName?: true;
  lastName?: true;
  image?: true;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '') === (b ?? '');

/**
 * Which of the row's fields change the card; null when none does. `base` null means the card
 * is not known well enough to compare (something for the number is still in the outbox, whose
 * outcome decides what the card will be): every field of the row is sent then.
 */
export function importChanges(base: PatchBase | null, row: PatchRow): RowChanges | null {
  const changes: RowChanges = {};
  if (!base || !same(base.firstName, row.firstName)) changes.firstName = true;
  if (row.lastName !== undefined && (!base || !same(base.lastName, row.lastName))) {
    changes.lastName = true;
  }
  if (row.photo !== undefined) {
    if (!base || base.photoSha256 !== row.photo.sha256) changes.image = true;
  } else if (row.imageUrl !== undefined && (!base || !same(base.imageUrl, row.imageUrl))) {
    changes.image = true;
  }
  return changes.firstName || changes.lastName || changes.image ? changes : null;
}

/** What the preview and the summary say of an update that changes nothing. */
export const NOTHING_TO_UPDATE_NOTE = 'Already has these details: nothing to update';
