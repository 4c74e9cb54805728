// Every card Linq confirmed for a number, appended in order: the versions History lists and an
// earlier card can be sent again from. Written only by the card record, inside the transaction
// that writes the number's cards row, so a version and the row never disagree.
import type { CardVersion, CardVersionMaker } from '../../../shared/card-history.schema.ts';
import type { Database } from '../store.ts';
import { cardContent } from './card-content.ts';

/** The card as Linq confirmed it, and the photo this app sent for it (if it did). */
export interface VersionContent {
  phoneNumber: string;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  photoSha256: string | null;
  isActive: boolean | null;
}

export interface VersionCause {
  confirmedBy: 'own-call' | 'read-back' | 'sync';
  confirmedAt: string;
  madeBy: CardVersionMaker;
  outboxId: number | null;
  importId: number | null;
  /** The version a restore sent again. */
  restoredFrom?: number | null;
}

export interface CardVersions {
  /**
   * Appends a version when the content differs from the number's latest one (a re-confirmation
   * of the same card, an active flag that flipped, or a change combined into another's request
   * adds none). Returns the number's latest version id afterwards.
   */
  record(content: VersionContent, cause: VersionCause): number;
  /** The import whose row the outbox item is, if it is one. */
  importOf(outboxId: number): number | null;
  /**
   * Marks the outbox item as the restore of a version (inside the enqueue's transaction), made
   * for the window's request `requestId` (null: a restore recorded before request ids).
   */
  markRestore(outboxId: number, versionId: number, requestId: string | null): void;
  /** The restore made for `requestId`, if one was: its outbox item and the version it sends. */
  restoreByRequest(requestId: string): { outboxId: number; versionId: number } | null;
  /** The version the outbox item restores, if it is a restore. */
  restoreOf(outboxId: number): CardVersion | null;
  /** One version by id. */
  get(id: number): CardVersion | null;
  /** What a version an import-like job confirmed was made by: a file import or an undo. */
  makerOf(importId: number): CardVersionMaker;
  /** Newest first: `limit` versions from `offset`, and how many there are in all. */
  list(
    phoneNumber: string,
    offset: number,
    limit: number,
  ): { total: number; versions: CardVersion[] };
  /** Every version of these numbers, oldest first per number (the audit export). */
  forNumbers(phoneNumbers: readonly string[]): CardVersion[];
}

interface VersionRow {
  id: number;
  phone_number: string;
  first_name: string | null;
  last_name: string | null;
  image_url: string | null;
  photo_sha256: string | null;
  is_active: number | null;
  confirmed_at: string;
  confirmed_by: CardVersion['confirmedBy'];
  made_by: CardVersionMaker;
  outbox_id: number | null;
  import_id: number | null;
  import_name: string | null;
  restored_from: number | null;
  current: number;
}

/** null and '' are the same name to Linq: a cleared last name is no new card. */
const sameText = (a: string | null, b: string | null) => (a ?? '') === (b ?? '');

export function sameContent(
  a: Pick<VersionContent, 'firstName' | 'lastName' | 'imageUrl' | 'photoSha256'>,
  b: Pick<VersionContent, 'firstName' | 'lastName' | 'imageUrl' | 'photoSha256'>,
): boolean {
  return (
    sameText(a.firstName, b.firstName) &&
    sameText(a.lastName, b.lastName) &&
    sameText(a.imageUrl, b.imageUrl) &&
    (a.photoSha256 ?? null) === (b.photoSha256 ?? null)
  );
}

function fromRow(row: VersionRow): CardVersion {
  return {
    id: row.id,
    phoneNumber: row.phone_number,
    ...cardContent(row),
    confirmedAt: row.confirmed_at,
    confirmedBy: row.confirmed_by,
    madeBy: row.made_by,
    outboxId: row.outbox_id,
    importId: row.import_id,
    importName: row.import_name,
    restoredFrom: row.restored_from,
    current: row.current === 1,
  };
}

const SELECT = `
  SELECT v.*, i.file_name AS import_name,
         (v.id = (SELECT MAX(id) FROM card_versions WHERE phone_number = v.phone_number)) AS current
  FROM card_versions v LEFT JOIN imports i ON i.id = v.import_id`;

export function createCardVersions(db: Database): CardVersions {
  const latest = db.prepare(
    `SELECT id, first_name, last_name, image_url, photo_sha256 FROM card_versions
     WHERE phone_number = ? ORDER BY id DESC LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO card_versions (phone_number, first_name, last_name, image_url, photo_sha256,
       is_active, confirmed_at, confirmed_by, made_by, outbox_id, import_id, restored_from)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const importOf = db.prepare(
    'SELECT import_id FROM import_rows WHERE outbox_id = ? ORDER BY id LIMIT 1',
  );
  const insertRestore = db.prepare(
    'INSERT INTO restores (outbox_id, version_id, request_id) VALUES (?, ?, ?)',
  );
  const restoreOfRequest = db.prepare(
    'SELECT outbox_id, version_id FROM restores WHERE request_id = ?',
  );
  const restoreOf = db.prepare(
    `${SELECT} WHERE v.id = (SELECT version_id FROM restores WHERE outbox_id = ?)`,
  );
  const byId = db.prepare(`${SELECT} WHERE v.id = ?`);
  const kindOf = db.prepare('SELECT kind FROM imports WHERE id = ?');
  const page = db.prepare(`${SELECT} WHERE v.phone_number = ? ORDER BY v.id DESC LIMIT ? OFFSET ?`);
  const count = db.prepare('SELECT COUNT(*) AS n FROM card_versions WHERE phone_number = ?');
  const ofNumber = db.prepare(`${SELECT} WHERE v.phone_number = ? ORDER BY v.id`);

  return {
    record(content, cause) {
      const last = latest.get(content.phoneNumber) as
        | {
            id: number;
            first_name: string | null;
            last_name: string | null;
            image_url: string | null;
            photo_sha256: string | null;
          }
        | undefined;
      if (
        last &&
        sameContent(content, {
          firstName: last.first_name,
          lastName: last.last_name,
          imageUrl: last.image_url,
          photoSha256: last.photo_sha256,
        })
      ) {
        return last.id;
      }
      const { id } = insert.get(
        content.phoneNumber,
        content.firstName,
        content.lastName,
        content.imageUrl,
        content.photoSha256,
        content.isActive === null ? null : content.isActive ? 1 : 0,
        cause.confirmedAt,
        cause.confirmedBy,
        cause.madeBy,
        cause.outboxId,
        cause.importId,
        cause.restoredFrom ?? null,
      ) as { id: number };
      return id;
    },

    importOf(outboxId) {
      return (importOf.get(outboxId) as { import_id: number } | undefined)?.import_id ?? null;
    },

    markRestore(outboxId, versionId, requestId) {
      insertRestore.run(outboxId, versionId, requestId);
    },

    restoreByRequest(requestId) {
      const row = restoreOfRequest.get(requestId) as
        { outbox_id: number; version_id: number } | undefined;
      return row ? { outboxId: row.outbox_id, versionId: row.version_id } : null;
    },

    restoreOf(outboxId) {
      const row = restoreOf.get(outboxId) as VersionRow | undefined;
      return row ? fromRow(row) : null;
    },

    get(id) {
      const row = byId.get(id) as VersionRow | undefined;
      return row ? fromRow(row) : null;
    },

    makerOf(importId) {
      const kind = (kindOf.get(importId) as { kind: string } | undefined)?.kind;
      return kind === 'undo' || kind === 'restore' ? kind : 'import';
    },

    list(phoneNumber, offset, limit) {
      const total = (count.get(phoneNumber) as { n: number }).n;
      const rows = page.all(phoneNumber, limit, offset) as unknown as VersionRow[];
      return { total, versions: rows.map(fromRow) };
    },

    forNumbers(phoneNumbers) {
      return phoneNumbers.flatMap((phoneNumber) =>
        (ofNumber.all(phoneNumber) as unknown as VersionRow[]).map(fromRow),
      );
    },
  };
}
