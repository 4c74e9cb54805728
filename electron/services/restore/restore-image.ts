// How a restored version's image goes back to Linq. Its old address is sent again only when the
// address itself still serves an image (checked over the network: this computer's own copy
// says nothing about the address). Otherwise the photo this app sent for it is uploaded again
// from the photo store (restore.ts forgets its cached upload address, which may be as dead).
// With neither, the restore must say so before anything is sent.
import type { PhotoRef } from '../../../shared/card.schema.ts';
import type { PhotoStore } from '../photos/photo-store.ts';

export type ImageProbe = (url: string) => Promise<'serves' | 'gone' | 'unreachable'>;

export interface RestoreImageDeps {
  probe: ImageProbe;
  photos: Pick<PhotoStore, 'keep' | 'find'>;
}

export type ImageToSend =
  | { way: 'old-address' | 'unchecked'; imageUrl: string }
  | { way: 're-upload'; photo: PhotoRef }
  | { way: 'unavailable' };

export async function restoreImage(
  deps: RestoreImageDeps,
  image: { imageUrl: string; photoSha256: string | null },
): Promise<ImageToSend> {
  const served = await deps.probe(image.imageUrl);
  if (served === 'serves') return { way: 'old-address', imageUrl: image.imageUrl };
  // keep: the outbox item is about to name it, so collection must not take it in between.
  const sha256 = image.photoSha256;
  const stored = sha256 && (await deps.photos.keep(sha256)) ? await deps.photos.find(sha256) : null;
  if (stored) {
    return { way: 're-upload', photo: { sha256: stored.sha256, contentType: stored.contentType } };
  }
  // Not reachable now, and nothing else to send: the address goes as it is, and a dead one
  // fails at Linq with its reason, like any image address a user typed.
  if (served === 'unreachable') return { way: 'unchecked', imageUrl: image.imageUrl };
  return { way: 'unavailable' };
}
