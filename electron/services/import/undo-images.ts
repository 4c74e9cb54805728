// The images an undo puts back, decided before anything is enqueued by the one rule a restore
// follows (restore-image.ts): the old address while it still serves an image (probed over the
// network, never from a cache), else this computer's stored photo uploaded anew, else the
// address as it is when its host cannot be reached now (Linq then says whether it works), else
// nothing: that card goes back with its names only, and its summary row says so.
//
// An undo may put back hundreds of cards. Each distinct image is probed once (one logo on forty
// lines is one request), and only a few at a time, so a slow host holds the start for a few
// timeouts, not hundreds. The plan the confirmation shows does not probe (see undo.ts).
import { mapLimited } from '../map-limited.ts';
import { restoreImage, type ImageToSend, type RestoreImageDeps } from '../restore/restore-image.ts';

export interface UndoImage {
  imageUrl: string;
  photoSha256: string | null;
}

/** Probes under way at once. */
const PROBES_AT_ONCE = 4;

export const imageKey = (image: UndoImage) => `${image.photoSha256 ?? ''} ${image.imageUrl}`;

export async function decideUndoImages(
  deps: RestoreImageDeps,
  images: readonly UndoImage[],
): Promise<Map<string, ImageToSend>> {
  const unique = [...new Map(images.map((image) => [imageKey(image), image])).values()];
  const decided = await mapLimited(unique, PROBES_AT_ONCE, (image) => restoreImage(deps, image));
  return new Map(unique.map((image, index) => [imageKey(image), decided[index]!]));
}

/**
 * An image not decided before the undo was enqueued (the card changed while the addresses were
 * probed): its address goes as it is, as an address that could not be checked does.
 */
export const undecidedImage = (image: UndoImage): ImageToSend => ({
  way: 'unchecked',
  imageUrl: image.imageUrl,
});
