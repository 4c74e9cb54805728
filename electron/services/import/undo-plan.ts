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

const OPEN = `('waiting', 'sending', 'in-doubt', 'needs-decision')`;

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
 * something for the number is still pending; nothing PATCH cannot do). A stored photo is sent
 * as the photo (the outbox uploads it), else the image address as it was. Null: nothing differs.
 */
export function restoreSubmission(
  phoneNumber: string,
  before: RestorableCard,
  now: RestorableCard | null,
  photo: PhotoRef | null,
): CardSubmission | null {
  const changes = restoreFields(before, now);
  if (!restoreSendsSomething(changes)) return null;
  return {
    action: 'update',
    phoneNumber,
    ...(changes.firstName !== undefined ? { firstName: changes.firstName } : {}),
    ...(changes.lastName !== undefined ? { lastName: changes.lastName } : {}),
    ...(changes.image ? (photo ? { photo } : { imageUrl: changes.image.imageUrl }) : {}),
  };
}

/** The diff only needs a photo's SHA-256: the plan presumes a stored photo is still there. */
const presumedPhoto = (sha256: string | null): PhotoRef | null =>
  sha256 ? { sha256, contentType: 'image/jpeg' } : null;

export interface UndoPlanner {
  /** Every row of the import, in file order, with what the undo does with it. */
  steps(importId: number, include: ReadonlySet<number>): UndoStep[];
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
  const version = db.prepare(
    `SELECT id, first_name, last_name, image_url, photo_sha256, import_id, made_by
     FROM card_versions WHERE id = ?`,
  );

  function versionOf(id: number | null): VersionContent | null {
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
  }

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
    if (!restoreSubmission(facts.phoneNumber, before, base, presumedPhoto(before.photoSha256))) {
      return skip('same-as-now');
    }
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
