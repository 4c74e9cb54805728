// What the restore dialog says: the sentence about the image, and the label of its button,
// from main's plan (what restoring would send, compared with the card Linq shows now).
import type { RestorePlan } from '../../../shared/versions.schema.ts';

/** The sentence about the version's image, or null when there is nothing to say. */
export function restoreImageNote(plan: Pick<RestorePlan, 'image'>): string | null {
  switch (plan.image) {
    case 'old-address':
      return 'The photo goes back from its old address, which still serves it.';
    case 're-upload':
      return 'The photo’s old address no longer serves it: this computer’s copy is uploaded again.';
    case 'unchecked':
      return 'The photo’s old address could not be checked: it is sent as it is, and Linq says if it cannot use it.';
    case 'unavailable':
      return 'The photo of this version is no longer available: its address no longer serves an image and this computer no longer has the photo. Only the names can be restored.';
    case 'cannot-remove':
      return 'This version had no photo, but the card has one now: the photo stays, as Linq cannot remove a card’s photo.';
    case 'same':
    case 'none':
      return null;
  }
}

/** Says what was compared with: Linq's card read now, or the card as last confirmed. */
export function restoreComparedNote(
  plan: Pick<RestorePlan, 'comparedWith' | 'pendingAhead'>,
): string | null {
  if (plan.pendingAhead) {
    return 'A change to this card is still in the outbox: the whole version is sent after it.';
  }
  if (plan.comparedWith === 'last-confirmed') {
    return 'Linq could not be reached: compared with the card as Linq last confirmed it.';
  }
  return null;
}

/** The fields that change, counted for the primary button ("Restore 2 fields"). */
export function restoreButtonLabel(plan: Pick<RestorePlan, 'changes' | 'image'>): string {
  const sent = plan.changes.filter((c) => !(c.field === 'image' && plan.image === 'unavailable'));
  if (plan.image === 'unavailable') return 'Restore the names only';
  return sent.length === 1 ? 'Restore 1 field' : `Restore ${sent.length} fields`;
}

export const RESTORE_FIELD_LABELS: Record<RestorePlan['changes'][number]['field'], string> = {
  firstName: 'First name',
  lastName: 'Last name',
  image: 'Image URL',
};
