// The outbox's way to turn a stored photo into an image URL: read it from the photo store,
// upload it through Linq's attachments unless this account already has it (remembered in
// SQLite per account, since another account's download URL is of no use), and never upload
// the same photo twice at once (one logo sent to several lines in parallel).
import { createHash } from 'node:crypto';
import type { PhotoRef } from '../../../shared/card.schema.ts';
import { AppFailure } from '../failure.ts';
import type { LinqConnection } from '../linq-client.ts';
import type { FetchLike } from '../net/fetch.ts';
import type { Database } from '../store.ts';
import { uploadPhoto, type UploadProgress } from './attachment-upload.ts';
import type { PhotoStore } from './photo-store.ts';
import type { UploadedPhotos } from './uploaded-photos.ts';

export type UploadStoredPhoto = (
  photo: PhotoRef,
  connection: LinqConnection,
  onProgress: (progress: UploadProgress) => void,
) => Promise<string>;

/** Which Linq account a key belongs to, without keeping the key: a short hash of it and the URL. */
function accountOf(connection: LinqConnection): string {
  return createHash('sha256')
    .update(`${connection.baseUrl}\n${connection.apiKey}`)
    .digest('hex')
    .slice(0, 32);
}

function uploadedPhotosFor(db: Database, account: string, now: () => Date): UploadedPhotos {
  const select = db.prepare(
    'SELECT download_url FROM uploaded_photos WHERE sha256 = ? AND account = ?',
  );
  const insert = db.prepare(
    `INSERT INTO uploaded_photos (sha256, account, download_url, uploaded_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (sha256, account) DO UPDATE SET download_url = excluded.download_url`,
  );
  return {
    get: (sha256) =>
      (select.get(sha256, account) as { download_url: string } | undefined)?.download_url ?? null,
    record: (sha256, url) => void insert.run(sha256, account, url, now().toISOString()),
  };
}

export function createPhotoUploader(options: {
  db: Database;
  photos: PhotoStore;
  now: () => Date;
  timeoutMs: number;
  fetch: FetchLike;
}): UploadStoredPhoto {
  const underWay = new Map<string, Promise<string>>();

  async function upload(
    photo: PhotoRef,
    connection: LinqConnection,
    onProgress: (progress: UploadProgress) => void,
  ): Promise<string> {
    const stored = await options.photos.read(photo.sha256);
    if (!stored) {
      throw AppFailure.of('INVALID_INPUT', {
        message:
          'The photo for this card is no longer on this computer. Edit the card and choose the photo again.',
        detail: `Photo ${photo.sha256.slice(0, 12)}… is missing from the photo store.`,
      });
    }
    const account = accountOf(connection);
    return uploadPhoto(
      connection,
      { sha256: stored.sha256, contentType: stored.contentType, bytes: stored.bytes },
      {
        uploaded: uploadedPhotosFor(options.db, account, options.now),
        fetch: options.fetch,
        onProgress,
        timeoutMs: options.timeoutMs,
      },
    );
  }

  return (photo, connection, onProgress) => {
    const key = `${accountOf(connection)}:${photo.sha256}`;
    const running = underWay.get(key);
    if (running) return running;
    const started = upload(photo, connection, onProgress).finally(() => underWay.delete(key));
    underWay.set(key, started);
    return started;
  };
}
