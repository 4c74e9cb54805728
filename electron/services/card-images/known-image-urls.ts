// Which image URLs the app already knows: those of a card (as Linq confirmed it, or a change
// still pending), of a submission in the outbox, of the card Linq answered with, and of a
// photo this app uploaded. Main fetches card images only from these, so a
// page that asks for an address of its own making (with data in it) gets nothing fetched.
// A read-only look at tables other modules own; the exact URL is compared, as stored.
import type { Database } from '../store.ts';

export function createKnownImageUrls(db: Database): (url: string) => boolean {
  const known = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM cards WHERE image_url = :url)
         OR EXISTS (SELECT 1 FROM card_versions WHERE image_url = :url) -- earlier cards
         OR EXISTS (SELECT 1 FROM uploaded_photos WHERE download_url = :url)
         OR EXISTS (SELECT 1 FROM cards
                    WHERE pending_json IS NOT NULL
                      AND json_extract(pending_json, '$.imageUrl') = :url)
         OR EXISTS (SELECT 1 FROM outbox
                    WHERE json_extract(fields_json, '$.imageUrl') = :url
                       OR json_extract(card_json, '$.imageUrl') = :url) AS known`,
  );
  return (url) => (known.get({ url }) as { known: number }).known === 1;
}

/** The photo store's hash of the photo this computer uploaded to `url`, if it did. */
export function createUploadedPhotoLookup(db: Database): (url: string) => string | null {
  const find = db.prepare('SELECT sha256 FROM uploaded_photos WHERE download_url = ? LIMIT 1');
  return (url) => (find.get(url) as { sha256: string } | undefined)?.sha256 ?? null;
}
