// What the restore dialog says: the sentence about the image, and the label of its button,
// from main's plan (what restoring would send, compared with the card Linq shows now); and
// what the versions list says of a restore held for its chosen time.
import type { RolloutSummary } from '../../../shared/rollout.schema.ts';
import type { RestorePlan } from '../../../shared/versions.schema.ts';
import { localTimeZone, zonedTime } from './rollout-text.ts';

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

/**
 * The fields that change, counted for the primary button ("Restore 2 fields"); at a chosen
 * time, "Schedule: restore 2 fields".
 */
export function restoreButtonLabel(
  plan: Pick<RestorePlan, 'changes' | 'image'>,
  scheduled = false,
): string {
  const sent = plan.changes.filter((c) => !(c.field === 'image' && plan.image === 'unavailable'));
  const label =
    plan.image === 'unavailable'
      ? 'Restore the names only'
      : sent.length === 1
        ? 'Restore 1 field'
        : `Restore ${sent.length} fields`;
  return scheduled ? `Schedule: ${label.charAt(0).toLowerCase()}${label.slice(1)}` : label;
}

export const RESTORE_FIELD_LABELS: Record<RestorePlan['changes'][number]['field'], string> = {
  firstName: 'First name',
  lastName: 'Last name',
  image: 'Image URL',
};

/**
 * A restore held for its chosen time, as the versions list says it: when it goes (in this
 * computer's zone, named) and where it waits, with what can be done there. `rollout` is the
 * Outbox's rollout it waits in, once the outbox has been published (undefined before).
 */
export function heldRestoreText(
  itemId: number,
  rollout: Pick<RolloutSummary, 'state' | 'sendAt'> | undefined,
  timeZone = localTimeZone(),
): string {
  const where =
    'it waits in the Outbox under “Held and scheduled”, where “Send now” sends it at once and “Cancel” drops it.';
  if (!rollout || rollout.state === 'scheduled') {
    const when = rollout?.sendAt ? ` for ${zonedTime(rollout.sendAt, timeZone)}` : '';
    return `Restore #${itemId} scheduled${when}: ${where}`;
  }
  if (rollout.state === 'released') {
    return `Restore #${itemId} was released from its schedule: it is sent like any change.`;
  }
  if (rollout.state === 'cancelled') return `Restore #${itemId} was cancelled: nothing was sent.`;
  return `Restore #${itemId}: its time passed while the app was not running; ${where}`;
}
