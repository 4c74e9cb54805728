// The two photo requests of the contract. A photo crosses IPC once, as base64, and is checked
// again here: its bytes must be the image type they claim (from their first bytes, as the
// renderer checked) and hash to the name they are stored under (the photo store checks that).
import type { PhotoRef } from '../../../shared/card.ts';
import type { PhotoBytes } from '../../../shared/contract.ts';
import { SNIFF_BYTES, handlingOf, sniffFormat } from '../../../shared/image/sniff.ts';
import { AppFailure } from '../failure.ts';
import type { PhotoStore } from './photo-store.ts';

export async function storePhoto(photos: PhotoStore, photo: PhotoBytes): Promise<PhotoRef> {
  const bytes = Buffer.from(photo.base64, 'base64');
  const handling = handlingOf(sniffFormat(bytes.subarray(0, SNIFF_BYTES)));
  if (handling.kind !== 'accepted' || handling.contentType !== photo.contentType) {
    throw AppFailure.of('INVALID_INPUT', {
      message: 'The photo’s bytes are not the image type they claim to be. Choose the photo again.',
      detail: `Declared ${photo.contentType}.`,
    });
  }
  const stored = await photos.save(bytes, photo.contentType, photo.sha256);
  return { sha256: stored.sha256, contentType: stored.contentType };
}

export async function readPhoto(photos: PhotoStore, sha256: string): Promise<PhotoBytes | null> {
  const stored = await photos.read(sha256);
  if (!stored) return null;
  return {
    sha256: stored.sha256,
    contentType: stored.contentType,
    base64: stored.bytes.toString('base64'),
  };
}
