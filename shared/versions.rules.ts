// Restoring an earlier version of a card sends only what differs from the card Linq shows now,
// as an import's update does (import-patch.ts): a PATCH that re-sent unchanged fields would
// have Linq copy the same image again, and a version that matches the card sends nothing.
// Plain code, so the restore dialog and main (which decides again before it enqueues) agree.

/** A card's content as far as restoring goes: the names, its image address, and our photo. */
export interface RestorableCard {
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  /** The photo this app sent for that image (its bytes are in the photo store), if it did. */
  photoSha256: string | null;
}

export interface RestoreChanges {
  firstName?: string;
  /** '' clears the last name: the version had none, the card has one now. */
  lastName?: string;
  /** The version's image goes back: main decides whether by its address or its stored photo. */
  image?: { imageUrl: string; photoSha256: string | null };
  /**
   * The version had no image and the card has one now: Linq cannot remove a card's image (a
   * PATCH has no way to), so the image stays as it is.
   */
  imageStays?: true;
}

const text = (value: string | null) => value ?? '';

/**
 * The fields of `version` that differ from `current`, the card Linq shows now (null: no card
 * is known to compare with, so everything the version has is sent). Empty when the version is
 * what Linq shows now.
 */
export function restoreFields(
  version: RestorableCard,
  current: RestorableCard | null,
): RestoreChanges {
  const changes: RestoreChanges = {};
  // A card always has a first name: a version without one (never confirmed so) cannot clear it.
  if (
    text(version.firstName) !== '' &&
    text(version.firstName) !== text(current?.firstName ?? null)
  ) {
    changes.firstName = text(version.firstName);
  }
  // Unknown now (something for the number is still pending): the version's last name goes
  // too, '' included, so whatever the pending change sets, the card ends as the version was.
  if (!current || text(version.lastName) !== text(current.lastName)) {
    changes.lastName = text(version.lastName);
  }
  const samePhoto =
    version.photoSha256 !== null && version.photoSha256 === (current?.photoSha256 ?? null);
  if (version.imageUrl) {
    if (version.imageUrl !== (current?.imageUrl ?? null) && !samePhoto) {
      changes.image = { imageUrl: version.imageUrl, photoSha256: version.photoSha256 };
    }
  } else if (current?.imageUrl) {
    changes.imageStays = true;
  }
  return changes;
}

/** Whether restoring sends anything at all. */
export function restoreSendsSomething(changes: RestoreChanges): boolean {
  return (
    changes.firstName !== undefined || changes.lastName !== undefined || changes.image !== undefined
  );
}

/** What the dialog and the refusal say when the version is the card Linq shows now. */
export const SAME_AS_NOW_NOTE = 'This version is what Linq shows now: there is nothing to restore.';

/** What restoring the names only says when the gone photo was the one difference. */
export const ONLY_GONE_PHOTO_DIFFERS_NOTE =
  'Only the photo of this version differs from the card Linq shows now, and it is no longer available: there is nothing else to restore.';

/** What the dialog and the refusal say when neither the image address nor the photo remains. */
export const IMAGE_UNAVAILABLE_NOTE =
  'The photo of this version is no longer available: its address no longer serves an image and this computer no longer has the photo. Restore the names only?';
