// The uploaded-photo register in memory, for tests that upload without a database.
import type { UploadedPhotos } from '../../electron/services/photos/uploaded-photos.ts';

export function createMemoryUploadedPhotos(): UploadedPhotos & { readonly size: number } {
  const urls = new Map<string, string>();
  return {
    get: (sha256) => urls.get(sha256) ?? null,
    record: (sha256, downloadUrl) => void urls.set(sha256, downloadUrl),
    get size() {
      return urls.size;
    },
  };
}
