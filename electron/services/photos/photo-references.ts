// Which stored photos something still names, so the photo store never collects one of them:
// every outbox item (waiting, sending, in doubt, needing a decision, failed and retryable, or
// done: its own fields, the fields it had before changes were combined into it, and the
// fields it sends in full), and every card (the photo it shows, and the one still pending for
// it). An import's rows are outbox items once imported; an import still being prepared in the
// window names its photos nowhere yet, and is covered by the store's grace period.
import type { Database } from '../store.ts';

const NAMED = `
  SELECT photo_sha256 AS sha256 FROM cards WHERE photo_sha256 IS NOT NULL
  -- Every version's photo, for good: an earlier card can be sent again with its photo.
  UNION SELECT photo_sha256 FROM card_versions WHERE photo_sha256 IS NOT NULL
  UNION SELECT json_extract(pending_json, '$.photo.sha256') FROM cards
    WHERE pending_json IS NOT NULL
  UNION SELECT json_extract(fields_json, '$.photo.sha256') FROM outbox
  UNION SELECT json_extract(own_fields_json, '$.photo.sha256') FROM outbox
    WHERE own_fields_json IS NOT NULL
  UNION SELECT json_extract(partial_fields_json, '$.photo.sha256') FROM outbox
    WHERE partial_fields_json IS NOT NULL`;

export function createPhotoReferences(db: Database): () => ReadonlySet<string> {
  const query = db.prepare(NAMED);
  return () => {
    const named = new Set<string>();
    for (const row of query.all() as { sha256: unknown }[]) {
      if (typeof row.sha256 === 'string') named.add(row.sha256);
    }
    return named;
  };
}
