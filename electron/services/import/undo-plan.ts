// What undoing an import would do, row by row, read in one pass from SQLite: every card the
// import changed goes back to the version Linq had confirmed just before it (kept with the row
// at enqueue), unless the card changed again since (then it is left alone unless the user
// includes it). Cards the import set up stay: Linq has no DELETE. Rows still waiting in the
// outbox are cancelled instead of sent and sent back. Synchronous, so the plan the undo
// enqueues is the plan of that moment.
import type { PhotoRef } from '../../../shared/card.schema.ts';
import type { CardVersionMaker } from '../../../shared/card-history.schema.ts';
import type { ChangedSinceRow } from '../../../shared/undo.schema.ts';
import {
  restoreFields,
  restoreSendsSomething,
  type RestorableCard,
} from '../../../shared/versions.rules.ts';
import type { CardSubmission } from '../outbox/outbox.ts';
import type { ImageToSend } from '../restore/restore-image.ts';
import type { Database } from '../store.ts';

export interface VersionContent extends RestorableCard {
  id: number;
  importId: number | null;
  madeBy: CardVersionMaker;
}

interface RowFacts {
  line: number;
  phoneNumber: string;
  firstName: string;
  lastName: string;
}

/** What the undo does with one row of the import. */
export type UndoStep =
  | (RowFacts & { step: 'restore'; before: VersionContent; now: VersionContent | null })
  | (RowFacts & {
      step: 'changed-since';
      before: VersionContent;
      now: VersionContent | null;
      by: ChangedSinceRow['by'];
    })
  | (RowFacts & { step: 'cancel'; outboxId: number })
  | (RowFacts & { step: 'blocking' })
  | (RowFacts & { step: 'skip'; why: SkipWhy });

export type SkipWhy = 'unchanged' | 'set-up' | 'no-earlier-version' | 'same-as-now';

/** The words the undo's summary (and its CSV) gives each row it leaves. */
export const SKIP_DETAIL: Record<SkipWhy | 'changed-since' | 'cancel', string> = {
  unchanged: 'The import did not change this card: nothing to undo.',
  'set-up': 'Set up by the import: Linq has no way to delete a card, so it stays.',
  'no-earlier-version': 'No version from before the import on this computer: left as it is.',
  'same-as-now': 'Already as it was before the import.',
  'changed-since': 'Changed again since the import: left alone.',
  cancel: 'Not sent yet: cancelled by the undo, nothing was sent.',
};

/** Why a card's earlier photo could not go back (the undo's summary row, and its CSV). */
const PHOTO_GONE =
  'its old image address no longer shows an image and this computer has no copy of the photo';

/** A card that went back with its names only. */
export const NAMES_ONLY_DETAIL = `The names went back; the photo could not: ${PHOTO_GONE}.`;

/** A card whose earlier photo was all that differed, and could not go back. */
export const PHOTO_GONE_DETAIL = `Only the photo differed, and it could not go back: ${PHOTO_GONE}. Left as it is.`;

interface PlanRow {
  line: number;
  phone_number: string;
  first_name: string;
  last_name: string;
  outbox_id: number | null;
  before_version_id: number | null;
  state: string | null;
  item_action: 'setup' | 'update' | null;
  latest_id: number | null;
  open_elsewhere: number;
  /** The state of the request the row rides in, when it was combined into another item. */
  carrier_state: string | null;
  /**
   * 1 when a change that is not this import's rode in the row's request (a staff edit made
   * while the row waited): the version Linq confirmed carries it, so it is a change since.
   */
  carried_other: number;
}

interface VersionRow {
  id: number;
  first_name: string | null;
  last_name: string | null;
  image_url: string | null;
  photo_sha256: string | null;
  import_id: number | null;
  made_by: CardVersionMaker;
}

/** Outbox states of a change not final yet (a held change is a waiting one). */
export const OPEN = `('waiting', 'sending', 'in-doubt', 'needs-decision')`;

function changedBy(now: VersionContent | null, openElsewhere: boolean): ChangedSinceRow['by'] {
  if (openElsewhere) return 'pending';
  if (now?.madeBy === 'submission') return 'submission';
  if (now?.madeBy === 'import' || now?.madeBy === 'undo' || now?.madeBy === 'restore') {
    return 'import';
  }
  return 'linq';
}

/**
 * The update that puts `before` back over `now`: the fields restoreFields picks (the one rule
 * a single restore follows too: only what differs, all of it when `now` is unknown because
 * something for the number is still pending; nothing PATCH cannot do). The image goes as
 * undo-images.ts decided: the old address, the stored photo (the outbox uploads it), or nothing
 * when neither remains (the names only); undecided (null), its address as it was. Null:
 * nothing to send.
 */
export function restoreSubmission(
  phoneNumber: string,
  before: RestorableCard,
  now: RestorableCard | null,
  image: ImageToSend | null,
): CardSubmission | null {
  const changes = restoreFields(before, now);
  const fields = {
    ...(changes.firstName !== undefined ? { firstName: changes.firstName } : {}),
    ...(changes.lastName !== undefined ? { lastName: changes.lastName } : {}),
    ...(changes.image ? imageFields(changes.image.imageUrl, image) : {}),
  };
  if (Object.keys(fields).length === 0) return null;
  return { action: 'update', phoneNumber, ...fields };
}

function imageFields(
  imageUrl: string,
  image: ImageToSend | null,
): { photo: PhotoRef } | { imageUrl: string } | Record<string, never> {
  if (image === null) return { imageUrl };
  if (image.way === 're-upload') return { photo: image.photo };
  if (image.way === 'unavailable') return {};
  return { imageUrl: image.imageUrl };
}

export interface UndoPlanner {
  /** Every row of the import, in file order, with what the undo does with it. */
  steps(importId: number, include: ReadonlySet<number>): UndoStep[];
}

/** A card version's content by its id (null: none, or no id). */
export function createVersionReader(db: Database): (id: number | null) => VersionContent | null {
  const version = db.prepare(
    `SELECT id, first_name, last_name, image_url, photo_sha256, import_id, made_by
     FROM card_versions WHERE id = ?`,
  );
  return (id) => {
    if (id === null) return null;
    const row = version.get(id) as VersionRow | undefined;
    if (!row) return null;
    return {
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      imageUrl: row.image_url,
      photoSha256: row.photo_sha256,
      importId: row.import_id,
      madeBy: row.made_by,
    };
  };
}

export function createUndoPlanner(db: Database): UndoPlanner {
  // cards.version_id is the number's latest version; an open item for the number other than
  // the row's own is a change on its way that the undo must not silently overwrite.
  const rows = db.prepare(
    `SELECT r.line, r.phone_number, r.first_name, r.last_name, r.outbox_id,
            r.before_version_id, o.state, o.action AS item_action, c.version_id AS latest_id,
            EXISTS (SELECT 1 FROM outbox x WHERE x.phone_number = r.phone_number
                    AND x.id IS NOT r.outbox_id AND x.state IN ${OPEN}) AS open_elsewhere,
            carrier.state AS carrier_state,
            EXISTS (SELECT 1 FROM outbox f WHERE f.combined_into = r.outbox_id
                    AND NOT EXISTS (SELECT 1 FROM import_rows own
                                    WHERE own.import_id = r.import_id
                                      AND own.outbox_id = f.id)) AS carried_other
     FROM import_rows r LEFT JOIN outbox o ON o.id = r.outbox_id
       LEFT JOIN outbox carrier ON carrier.id = o.combined_into
       LEFT JOIN cards c ON c.phone_number = r.phone_number
     WHERE r.import_id = ? ORDER BY r.line, r.id`,
  );
  const versionOf = createVersionReader(db);

  function step(importId: number, row: PlanRow, include: ReadonlySet<number>): UndoStep {
    const facts: RowFacts = {
      line: row.line,
      phoneNumber: row.phone_number,
      firstName: row.first_name,
      lastName: row.last_name,
    };
    const skip = (why: SkipWhy): UndoStep => ({ ...facts, step: 'skip', why });
    if (row.outbox_id === null) return skip('unchanged');
    // A waiting row riding in a request that is out right now cannot be cancelled on its own.
    const carrierOut =
      row.carrier_state === 'sending' ||
      row.carrier_state === 'in-doubt' ||
      row.carrier_state === 'needs-decision';
    if (row.state === 'waiting' && carrierOut) return { ...facts, step: 'blocking' };
    if (row.state === 'waiting') return { ...facts, step: 'cancel', outboxId: row.outbox_id };
    if (row.state === 'sending' || row.state === 'in-doubt' || row.state === 'needs-decision') {
      return { ...facts, step: 'blocking' };
    }
    if (row.state !== 'done') return skip('unchanged'); // failed or cancelled: never applied
    if (row.item_action === 'setup') return skip('set-up');
    const before = versionOf(row.before_version_id);
    if (!before) return skip('no-earlier-version');
    const openElsewhere = row.open_elsewhere === 1;
    if (row.latest_id === before.id && !openElsewhere) return skip('same-as-now');
    const now = versionOf(row.latest_id);
    const carriedOther = row.carried_other === 1;
    if (openElsewhere || carriedOther || now?.importId !== importId) {
      const by = carriedOther && !openElsewhere ? 'submission' : changedBy(now, openElsewhere);
      if (!include.has(row.line)) return { ...facts, step: 'changed-since', before, now, by };
    }
    const base = openElsewhere ? null : now;
    if (!restoreSendsSomething(restoreFields(before, base))) return skip('same-as-now');
    return { ...facts, step: 'restore', before, now: base };
  }

  return {
    steps(importId, include) {
      return (rows.all(importId) as unknown as PlanRow[]).map((row) =>
        step(importId, row, include),
      );
    },
  };
}

/** A card's names as one line of text ("Acme Pharmacy"). */
export const fullName = (first: string | null, last: string | null) =>
  [first, last].filter(Boolean).join(' ');
