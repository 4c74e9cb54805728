// Which photos Linq already has: SHA-256 to the download_url of its attachment, so that the
// same photo (one logo on every line, a card sent again) is uploaded once. The app backs
// this with its database; tests use an in-memory one (test/support/memory-uploaded-photos.ts).

export interface UploadedPhotos {
  get(sha256: string): string | null;
  record(sha256: string, downloadUrl: string): void;
}
