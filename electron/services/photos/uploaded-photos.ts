// Which photos Linq already has: SHA-256 to the download_url of its attachment, so that the
// same photo (one logo on every line, a card sent again) is uploaded once. The app backs
// this with its database; tests use the in-memory one.

export interface UploadedPhotos {
  get(sha256: string): string | null;
  record(sha256: string, downloadUrl: string): void;
}

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
