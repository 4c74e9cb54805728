// One row per phone number with its current card, and a timeline of events per number. The
// outbox calls in here inside its own transactions (through the history service), so the
// history never disagrees with the queue; a sync with Linq merges in its own transaction.
import type { Card } from '../../../shared/card.schema.ts';
import { CARD_STATUSES, type CardStatus } from '../../../shared/card-history.rules.ts';
import type { CardEvent, CardRow } from '../../../shared/card-history.schema.ts';
import { AppErrorSchema, type AppError } from '../../../shared/errors.schema.ts';
import type { SubmittedFields } from '../../../shared/outbox.schema.ts';
import { afterCommit, inTransaction, type Database } from '../store.ts';
import { createCardVersions, type CardVersions, type VersionCause } from './card-versions.ts';
import { searchTextOf } from './search-text.ts';
import { cardContent } from './card-content.ts';

export type CardEventKind = CardEvent['kind'];

/** What the search index needs to know of a row. */
export interface IndexEntry {
  phoneNumber: string;
  searchText: string;
  changedAtMs: number;
  status: CardStatus;
}

export interface SyncCounts {
  seen: number;
  added: number;
  updated: number;
}

export interface CardRecord {
  /** Records an event of an outbox item and brings its number's row up to date. */
  outboxEvent(
    outboxId: number,
    kind: CardEventKind | null,
    extra?: {
      card?: Card | null;
      confirmedBy?: 'own-call' | 'read-back';
      error?: AppError | null;
      detail?: string | null;
      /** false: only the timeline entry (the row does not change, e.g. an attempt ended). */
      refreshRow?: boolean;
    },
  ): void;
  /**
   * Merges Linq's cards: adds unknown numbers, refreshes known ones, never deletes. Rows this
   * app confirmed after `fetchedSince` (the list was being fetched meanwhile) are newer than
   * the list and are left alone.
   */
  mergeFromLinq(cards: readonly Card[], fetchedSince: string): SyncCounts;
  rows(phoneNumbers: readonly string[]): CardRow[];
  get(phoneNumber: string): CardRow | null;
  events(phoneNumber: string, limit: number): CardEvent[];
  /** Every row's index entry, newest change first, read a row at a time. */
  indexEntries(): Iterable<IndexEntry>;
  /** Called with every row written, once its transaction has committed. */
  onRowChanged(listener: (entry: IndexEntry) => void): void;
  /** Every card Linq confirmed per number (recorded here, as each row is written). */
  versions: Pick<CardVersions, 'list' | 'forNumbers' | 'get' | 'markRestore' | 'restoreByRequest'>;
}

interface CardRowData {
  phone_number: string;
  first_name: string | null;
  last_name: string | null;
  image_url: string | null;
  photo_sha256: string | null;
  is_active: number | null;
  status: CardStatus;
  pending_json: string | null;
  confirmed_by: CardRow['confirmedBy'];
  confirmed_at: string | null;
  origin: CardRow['origin'];
  changed_at: string;
  search_text: string;
  /** The number's latest version (the card as confirmed); null before Linq confirmed one. */
  version_id: number | null;
}

function fromRow(row: CardRowData): CardRow {
  return {
    phoneNumber: row.phone_number,
    ...cardContent(row),
    status: row.status,
    pending: row.pending_json ? (JSON.parse(row.pending_json) as SubmittedFields) : null,
    confirmedBy: row.confirmed_by,
    confirmedAt: row.confirmed_at,
    origin: row.origin,
    changedAt: row.changed_at,
  };
}

/** One shared string per status: 100,000 rows must not carry 100,000 copies of 'active'. */
const STATUS_STRINGS = new Map<string, CardStatus>(CARD_STATUSES.map((status) => [status, status]));

function indexEntry(row: CardRowData): IndexEntry {
  return {
    phoneNumber: row.phone_number,
    searchText: row.search_text,
    changedAtMs: Date.parse(row.changed_at),
    status: STATUS_STRINGS.get(row.status) ?? row.status,
  };
}

const OPEN = `('waiting', 'sending', 'in-doubt', 'needs-decision')`;

export function createCardRecord(db: Database, now: () => Date): CardRecord {
  const listeners: ((entry: IndexEntry) => void)[] = [];
  const versions = createCardVersions(db);
  const itemOf = db.prepare(
    'SELECT phone_number, action, state, fields_json FROM outbox WHERE id = ?',
  );
  const byNumber = db.prepare('SELECT * FROM cards WHERE phone_number = ?');
  const newestOpen = db.prepare(
    `SELECT state, fields_json FROM outbox WHERE phone_number = ? AND state IN ${OPEN}
     ORDER BY id DESC`,
  );
  const latestFinished = db.prepare(
    `SELECT state FROM outbox WHERE phone_number = ? AND state IN ('done', 'failed', 'cancelled')
     ORDER BY updated_at DESC, id DESC LIMIT 1`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO card_events (phone_number, at, kind, outbox_id, detail, error_json)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const upsert = db.prepare(
    `INSERT INTO cards (phone_number, first_name, last_name, image_url, photo_sha256, is_active,
       status, pending_json, confirmed_by, confirmed_at, origin, changed_at, search_text,
       version_id)
     VALUES (:phone_number, :first_name, :last_name, :image_url, :photo_sha256, :is_active,
       :status, :pending_json, :confirmed_by, :confirmed_at, :origin, :changed_at, :search_text,
       :version_id)
     ON CONFLICT (phone_number) DO UPDATE SET first_name = excluded.first_name,
       last_name = excluded.last_name, image_url = excluded.image_url,
       photo_sha256 = excluded.photo_sha256, is_active = excluded.is_active,
       status = excluded.status, pending_json = excluded.pending_json,
       confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at,
       origin = excluded.origin, changed_at = excluded.changed_at,
       search_text = excluded.search_text, version_id = excluded.version_id`,
  );
  const eventsOf = db.prepare(
    'SELECT * FROM card_events WHERE phone_number = ? ORDER BY id DESC LIMIT ?',
  );
  const all = db.prepare(
    'SELECT phone_number, search_text, changed_at, status FROM cards ORDER BY changed_at DESC',
  );
  const unindexed = db.prepare(`SELECT * FROM cards WHERE search_text = ''`);
  const reconfirm = db.prepare(
    `UPDATE cards SET confirmed_by = 'sync', confirmed_at = ? WHERE phone_number = ?`,
  );

  // Rows carried over by the migration have no search text yet (it needs Unicode folding),
  // and their state and pending fields come from the outbox: bring them up to date once.
  const migrated = unindexed.all() as unknown as CardRowData[];
  if (migrated.length > 0) {
    inTransaction(db, () => {
      for (const row of migrated) write(row, row.changed_at);
    });
  }

  /** The row's status and pending overlay from the outbox, and its search text. */
  function write(row: CardRowData, changedAt: string = now().toISOString()): void {
    const open = newestOpen.all(row.phone_number) as { state: string; fields_json: string }[];
    const finished = latestFinished.get(row.phone_number) as { state: string } | undefined;
    let status: CardStatus;
    if (open.some((item) => item.state === 'needs-decision')) status = 'needs-decision';
    else if (open.length > 0) status = 'waiting';
    else if (finished?.state === 'failed') status = 'failed';
    else if (row.is_active !== null) status = row.is_active === 1 ? 'active' : 'inactive';
    else status = finished?.state === 'cancelled' ? 'cancelled' : row.status;
    const pending = open[0] ? (JSON.parse(open[0].fields_json) as SubmittedFields) : null;
    const next: CardRowData = {
      ...row,
      status,
      pending_json: pending ? JSON.stringify(pending) : null,
      changed_at: changedAt,
      search_text: searchTextOf({
        phoneNumber: row.phone_number,
        names: [row.first_name, row.last_name, pending?.firstName, pending?.lastName],
      }),
    };
    upsert.run({ ...next } as unknown as Record<string, string | number | null>);
    const entry = indexEntry(next);
    // One callback per listener: the store guards each, so one that throws does not keep
    // the others (the history's index, the line picker) from hearing of the change.
    for (const listener of listeners) afterCommit(db, () => listener(entry));
  }

  function existing(phoneNumber: string): CardRowData | null {
    return (byNumber.get(phoneNumber) as CardRowData | undefined) ?? null;
  }

  function blank(phoneNumber: string, origin: CardRow['origin']): CardRowData {
    return {
      phone_number: phoneNumber,
      first_name: null,
      last_name: null,
      image_url: null,
      photo_sha256: null,
      is_active: null,
      status: 'waiting',
      pending_json: null,
      confirmed_by: null,
      confirmed_at: null,
      origin,
      changed_at: now().toISOString(),
      search_text: '',
      version_id: null,
    };
  }

  /** Appends the row's confirmed card as a version (when it is new) and links the row to it. */
  function recordVersion(row: CardRowData, cause: Omit<VersionCause, 'confirmedAt'>): void {
    row.version_id = versions.record(
      {
        phoneNumber: row.phone_number,
        firstName: row.first_name,
        lastName: row.last_name,
        imageUrl: row.image_url,
        photoSha256: row.photo_sha256,
        isActive: row.is_active === null ? null : row.is_active === 1,
      },
      { ...cause, confirmedAt: row.confirmed_at ?? now().toISOString() },
    );
  }

  function confirmed(
    row: CardRowData,
    card: Card,
    by: NonNullable<CardRow['confirmedBy']>,
  ): CardRowData {
    return {
      ...row,
      first_name: card.firstName,
      last_name: card.lastName,
      image_url: card.imageUrl,
      is_active: card.isActive ? 1 : 0,
      confirmed_by: by,
      confirmed_at: now().toISOString(),
    };
  }

  return {
    outboxEvent(outboxId, kind, extra = {}) {
      const item = itemOf.get(outboxId) as
        { phone_number: string; action: string; state: string; fields_json: string } | undefined;
      if (!item) return;
      const at = now().toISOString();
      if (kind) {
        insertEvent.run(
          item.phone_number,
          at,
          kind,
          outboxId,
          extra.detail ?? null,
          extra.error ? JSON.stringify(extra.error) : null,
        );
      }
      if (extra.refreshRow === false) return;
      let row = existing(item.phone_number) ?? blank(item.phone_number, 'this-computer');
      if (extra.card) {
        const fields = JSON.parse(item.fields_json) as SubmittedFields;
        const before = row;
        row = confirmed(row, extra.card, extra.confirmedBy ?? 'own-call');
        if (item.state === 'done') {
          const restored = versions.restoreOf(outboxId);
          if (fields.photo) row.photo_sha256 = fields.photo.sha256;
          else if (restored && fields.imageUrl === restored.imageUrl) {
            // The restored version's own address sent again: still the photo this app sent.
            row.photo_sha256 = restored.photoSha256;
          } else if (fields.imageUrl !== undefined) row.photo_sha256 = null;
          const importId = versions.importOf(outboxId);
          recordVersion(row, {
            confirmedBy: row.confirmed_by ?? 'own-call',
            madeBy: restored
              ? 'restore'
              : importId === null
                ? 'submission'
                : versions.makerOf(importId),
            outboxId,
            importId,
            restoredFrom: restored?.id ?? null,
          });
        } else {
          // Linq's card kept over this item (a decision): not what the item sent, so it shows
          // this computer's photo only if Linq still has the image the card had before.
          row.photo_sha256 = before.image_url === row.image_url ? before.photo_sha256 : null;
          recordVersion(row, {
            confirmedBy: 'read-back',
            madeBy: 'seen-at-linq',
            outboxId: null,
            importId: null,
          });
        }
      }
      write(row);
    },

    mergeFromLinq(cards, fetchedSince) {
      const counts: SyncCounts = { seen: cards.length, added: 0, updated: 0 };
      const at = now().toISOString();
      const same = (a: string | null, b: string | null) => (a ?? '') === (b ?? '');
      for (const card of cards) {
        const known = existing(card.phoneNumber);
        const newer =
          known?.confirmed_at && known.confirmed_by !== 'sync' && known.confirmed_at > fetchedSince;
        if (newer) continue;
        const row = confirmed(known ?? blank(card.phoneNumber, 'elsewhere'), card, 'sync');
        const imageChanged = !same(known?.image_url ?? null, row.image_url);
        // A photo from this computer is only the card's photo while Linq still has its image.
        if (imageChanged) row.photo_sha256 = null;
        const changed =
          !known ||
          !same(known.first_name, row.first_name) ||
          !same(known.last_name, row.last_name) ||
          imageChanged ||
          known.is_active !== row.is_active;
        if (!known) counts.added++;
        else if (changed) counts.updated++;
        if (changed) {
          const detail = known ? 'Changed at Linq since it was last seen here' : 'Found at Linq';
          insertEvent.run(card.phoneNumber, at, 'synced', null, detail, null);
          recordVersion(row, {
            confirmedBy: 'sync',
            madeBy: 'seen-at-linq',
            outboxId: null,
            importId: null,
          });
          write(row);
        } else {
          reconfirm.run(at, card.phoneNumber); // seen as it was: only "confirmed when" moves
        }
      }
      return counts;
    },

    rows(phoneNumbers) {
      return phoneNumbers
        .map((phoneNumber) => existing(phoneNumber))
        .filter((row): row is CardRowData => row !== null)
        .map(fromRow);
    },

    get(phoneNumber) {
      const row = existing(phoneNumber);
      return row ? fromRow(row) : null;
    },

    events(phoneNumber, limit) {
      const rows = eventsOf.all(phoneNumber, limit) as {
        id: number;
        at: string;
        kind: CardEventKind;
        outbox_id: number | null;
        detail: string | null;
        error_json: string | null;
      }[];
      return rows.map((row) => {
        const error = row.error_json
          ? AppErrorSchema.safeParse(JSON.parse(row.error_json) as unknown)
          : null;
        return {
          id: row.id,
          at: row.at,
          kind: row.kind,
          outboxId: row.outbox_id,
          detail: row.detail,
          error: error?.success ? error.data : null,
        };
      });
    },

    *indexEntries() {
      // Streamed: 100,000 rows read with all() would sit in memory twice while the index
      // is built, and the process would keep that peak.
      for (const row of all.iterate()) yield indexEntry(row as unknown as CardRowData);
    },

    onRowChanged(listener) {
      listeners.push(listener);
    },

    versions,
  };
}
