// The outbox table and its card-history entries, written together: every function that
// changes an item does so in one transaction with its timeline entry (outbox-timeline.ts) and,
// for attempts, with the attempt's own row. Nothing about a submission lives only in memory.
import type { Card } from '../../../shared/card.schema.ts';
import { AppErrorSchema, type AppError } from '../../../shared/errors.schema.ts';
import {
  OutboxDecisionSchema,
  type OutboxCounts,
  type OutboxDecision,
  type OutboxItem,
  type SubmittedFields,
} from '../../../shared/outbox.schema.ts';
import { CardSchema } from '../../../shared/card.schema.ts';
import type { OutboxState } from '../../../shared/outbox.rules.ts';
import type { CardEventKind, CardRecord } from '../card-history/card-record.ts';
import { inTransaction, type Database } from '../store.ts';
import { combineWaiting, overlay, reapplyInFull } from './combine.ts';
import { createOutboxTimeline } from './outbox-timeline.ts';
import { createWriteLedger, type WriteLoad } from './write-ledger.ts';

/** An item with the scheduling facts the sender needs (not shown to the renderer). */
export interface OutboxRecord extends OutboxItem {
  nextAttemptMs: number | null;
  /** When the last send attempt started: an in-doubt item is read back after its timeout. */
  attemptStartedMs: number | null;
  /** How often Linq stored this card without making it active (bounded before asking). */
  notActiveTries: number;
  /** Linq refused a request this item was combined into: it goes on its own from now on. */
  sendAlone: boolean;
  /** An update of a card Linq left not active: sent as a setup (POST) with every field. */
  sendsInFull: boolean;
  /** Held back by its rollout (one line first, or a schedule): never sent until released. */
  gated: boolean;
}

/** The rollout an item is enqueued under, and whether it is held back from the start. */
export interface RolloutGate {
  rolloutId: number;
  gated: boolean;
}

export interface Submission {
  action: OutboxItem['action'];
  phoneNumber: string;
  fields: SubmittedFields;
  /** A failed item this one replaces (the user edited it): it is closed as cancelled. */
  replaces?: number;
  rollout?: RolloutGate;
}

/** Where an item goes next, and what is recorded with it. */
export type Transition =
  | { to: 'done'; card: Card; confirmedBy: 'answer' | 'read-back' }
  | {
      to: 'waiting' | 'in-doubt';
      error: AppError | null;
      nextAttemptMs: number;
      /** Linq put the number's writes on hold (503/4004): no write for it before this. */
      holdLineUntilMs?: number;
      /** Linq stored the card but did not make it active: one more try counted. */
      notActiveTry?: boolean;
      /**
       * true: Linq left the number's card not active (an is_active false answer, 503/4004):
       * until a write is answered with the card active, its updates go as POSTs in full.
       * false: Linq shows the card active after all.
       */
      lineNotActive?: boolean;
    }
  | {
      to: 'needs-decision';
      error: AppError | null;
      decision: OutboxDecision;
      holdLineUntilMs?: number;
      lineNotActive?: boolean;
    }
  | { to: 'failed'; error: AppError }
  /**
   * Linq refused a combined request: every item in it goes again on its own (the carrier
   * with its own values first), so one bad change cannot stop the others with it.
   */
  | { to: 'split'; error: AppError }
  /** `serverCard`: the user kept the card at Linq; it is recorded as confirmed. */
  | { to: 'cancelled'; serverCard?: Card | null };

export type AttemptKind = 'send' | 'read-back';

/** What a move may change besides the state (a decision turns a setup into an update, …). */
export interface ItemChanges {
  action?: OutboxItem['action'];
  fields?: SubmittedFields;
  /** 0: the user asked for another round of tries at a card Linq keeps not active. */
  notActiveTries?: 0;
}

/** A send that has begun: the item as it goes out (combined with what joined it). */
export interface BegunSend {
  attemptId: number;
  item: OutboxRecord;
  /** Items that joined this request now (see combine.ts). */
  joined: number[];
}

/** Whether a card write that was recorded before it left may have reached Linq. */
export type CardWriteOutcome = 'reached' | 'not-sent';

/** A timeline entry for the number, recorded with the move. */
export interface TimelineNote {
  kind: CardEventKind;
  detail: string | null;
}

/** How each attempt outcome reads in the timeline; its keys are the outcomes there are. */
const ATTEMPT_WORDS = {
  applied: 'Sent; Linq applied it',
  'not-applied': 'Not applied; it will be sent again',
  unknown: 'No answer; the card will be read back before anything is sent again',
  'key-refused': 'Linq refused the API key; sending paused',
  'card-exists': 'Linq: the number already has a card',
  refused: 'Refused by Linq',
  differs: 'Read back: Linq shows something else',
  unreadable: 'The card could not be read back; trying again later',
  'photo-not-uploaded': 'The photo could not be uploaded; it will be tried again',
  'photo-refused': 'Linq refused the photo',
  'photo-key-refused': 'Linq refused the API key while uploading the photo',
  'not-sent': 'Not sent: the app was closing; it will be sent at the next start',
  'refused-combined': 'Linq refused the combined request; each change is sent on its own',
  'line-held': 'Linq held back changes to this line (503/4004); nothing was changed',
  'not-active': 'Linq stored the card but has not made it active yet; it will be checked again',
} as const satisfies Record<string, string>;

/** How a send, photo upload or read-back attempt ended (stored in outbox_attempts.outcome). */
export type AttemptOutcome = keyof typeof ATTEMPT_WORDS;

interface OutboxRow {
  id: number;
  created_at: string;
  updated_at: string;
  action: OutboxItem['action'];
  phone_number: string;
  fields_json: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number | null;
  attempt_started_at: number | null;
  last_error_json: string | null;
  decision_json: string | null;
  card_json: string | null;
  confirmed_by: OutboxItem['confirmedBy'];
  combined_into: number | null;
  waiting_for: OutboxItem['waitingFor'];
  not_active_tries: number;
  own_fields_json: string | null;
  send_alone: number;
  sends_in_full: number;
  partial_fields_json: string | null;
  rollout_id: number | null;
  gated: number;
}

/** States that hold back later items for the same number (order is kept per number). */
const BLOCKING = `('waiting', 'sending', 'in-doubt', 'needs-decision')`;
const FINISHED: readonly OutboxState[] = ['done', 'cancelled'];

function parsed<T>(
  json: string | null,
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
): T | null {
  if (!json) return null;
  try {
    const result = schema.safeParse(JSON.parse(json));
    return result.success ? (result.data as T) : null;
  } catch {
    return null;
  }
}

function fromRow(row: OutboxRow): OutboxRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    action: row.action,
    phoneNumber: row.phone_number,
    fields: JSON.parse(row.fields_json) as SubmittedFields,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt:
      row.next_attempt_at === null ? null : new Date(row.next_attempt_at).toISOString(),
    lastError: parsed<AppError>(row.last_error_json, AppErrorSchema),
    decision: parsed<OutboxDecision>(row.decision_json, OutboxDecisionSchema),
    card: parsed<Card>(row.card_json, CardSchema),
    confirmedBy: row.confirmed_by,
    combinedInto: row.combined_into,
    waitingFor: row.waiting_for,
    nextAttemptMs: row.next_attempt_at,
    attemptStartedMs: row.attempt_started_at,
    notActiveTries: row.not_active_tries,
    sendAlone: row.send_alone === 1,
    sendsInFull: row.sends_in_full === 1,
    gated: row.gated === 1,
    ...(row.rollout_id !== null ? { rolloutId: row.rollout_id, held: row.gated === 1 } : {}),
  };
}

/** The renderer's copy: the contract's strict schema refuses the scheduling internals. */
export function publicItem(record: OutboxRecord): OutboxItem {
  const {
    nextAttemptMs: _next,
    attemptStartedMs: _started,
    notActiveTries: _tries,
    sendAlone: _alone,
    sendsInFull: _inFull,
    gated: _gated,
    ...item
  } = record;
  return item;
}

export interface OutboxStore {
  enqueue(submission: Submission): OutboxRecord;
  /**
   * Several submissions in one transaction (a bulk import): all are stored or none.
   * `alongside` runs in the same transaction with the stored items (the import's own records):
   * if it throws, nothing is stored.
   */
  enqueueAll(
    submissions: readonly Submission[],
    alongside?: (records: readonly OutboxRecord[]) => void,
  ): OutboxRecord[];
  get(id: number): OutboxRecord | null;
  /**
   * Items that may be worked on now: due, not excluded, and first in line for their number.
   * In-doubt items come first: their numbers are held until they are resolved.
   */
  due(nowMs: number, limit: number, exclude: ReadonlySet<number>): OutboxRecord[];
  /** The earliest attempt scheduled after `afterMs` (due items are found by `due`). */
  earliestDueMs(afterMs: number): number | null;
  /**
   * Begins a send, before its request leaves, in one transaction: the items waiting right
   * behind it for its number join it (combine.ts), it is marked sending, the attempt is
   * recorded and, when `writesCardNow` says the card request is next (no photo to upload
   * first), so is that write against the number's budget. Null when the item is no longer
   * waiting (cancelled meanwhile).
   */
  beginSend(
    id: number,
    nowMs: number,
    writesCardNow: (fields: SubmittedFields) => boolean,
    /** Written first, in the same commit: outcomes of answered requests not recorded yet. */
    alongside?: () => void,
  ): BegunSend | null;
  /** Runs `work` in one transaction (one commit for several outcomes). */
  inOneCommit(work: () => void): void;
  /** Records that a read-back starts; null when the item is no longer in doubt. */
  beginReadBack(id: number, nowMs: number): number | null;
  /**
   * Records how an attempt ended and where its item goes, in one transaction. A card write
   * recorded for the attempt counts against the budget from now on, or is struck off when
   * `cardWrite` is 'not-sent' (it certainly never reached Linq).
   */
  finishAttempt(
    attemptId: number,
    outcome: AttemptOutcome,
    error: AppError | null,
    id: number,
    next: Transition,
    cardWrite?: CardWriteOutcome,
  ): OutboxRecord;
  /**
   * When the number's recorded card writes count from (their answer, or for one not answered
   * yet its start plus the request timeout) within the last `spanMs`, and its hold.
   */
  writeLoad(phoneNumber: string, nowMs: number, spanMs: number, timeoutMs: number): WriteLoad;
  /**
   * Takes a request that has not left apart again (a change combined into it is cancelled):
   * the head sends its own values, the others go on their own and may combine anew.
   */
  uncombine(carrierId: number): void;
  /**
   * After a change to the number ended unsent (refused, cancelled) while Linq holds its card
   * not active (a 4004 or an is_active false answer on the way): unless another change for
   * the number is open, the card Linq last confirmed is applied again, as a new item (shown as
   * such, within the budget), so the line is not left without an active card. Returns it.
   */
  reapplyConfirmedIfNotActive(phoneNumber: string, after: number): OutboxRecord | null;
  /** Holds the number's writes until `untilMs`, at once (before anything else is asked). */
  holdLine(phoneNumber: string, untilMs: number): void;
  /** A waiting item that Linq's limits keep back: due at `untilMs`, with the reason. */
  defer(id: number, untilMs: number, reason: NonNullable<OutboxItem['waitingFor']>): void;
  /** Moves an item without an attempt (user decisions, retry now, cancel). */
  transition(
    id: number,
    next: Transition,
    changes?: ItemChanges,
    note?: TimelineNote,
  ): OutboxRecord;
  /**
   * The item's photo was uploaded: it is sent (and read back) with this image URL from now on,
   * and its card write, which leaves next, is recorded against the budget.
   */
  recordImageUrl(id: number, imageUrl: string, attemptId: number, nowMs: number): OutboxRecord;
  /** Whether anything was submitted for the item's number after it (and not cancelled). */
  hasLaterForNumber(id: number): boolean;
  /** Whether other items were combined into this one's request and wait for its outcome. */
  carriesOthers(id: number): boolean;
  /** An attempt that ended in a bug: the item, if still sending, is in doubt (never stuck). */
  recoverItem(id: number, timeoutMs: number): void;
  /** After a crash: items caught sending are in doubt, to be read back once their timeout has passed. */
  recoverInterrupted(timeoutMs: number): number;
  counts(): OutboxCounts;
  /**
   * Lets a rollout's held items go (all of them, or only `onlyId`, its first line): they are
   * due at once, in their turn per number. Returns the ids released.
   */
  ungate(rolloutId: number, onlyId?: number): number[];
  /** The rollout's items still held back, in submission order. */
  gatedIds(rolloutId: number): number[];
  /** A page of a rollout's items in submission order, with their total. */
  rolloutItems(
    rolloutId: number,
    offset: number,
    limit: number,
  ): { total: number; items: OutboxRecord[] };
  /** Unfinished items (up to `cap`, oldest first) and the most recently changed ones. */
  snapshot(cap: number, recent: number): { items: OutboxRecord[]; moreOpen: number };
}

export function createOutboxStore(db: Database, cards: CardRecord, now: () => Date): OutboxStore {
  const timeline = createOutboxTimeline(cards);
  const insert = db.prepare(
    `INSERT INTO outbox (created_at, updated_at, action, phone_number, fields_json, state,
       next_attempt_at, rollout_id, gated)
     VALUES (?, ?, ?, ?, ?, 'waiting', ?, ?, ?) RETURNING *`,
  );
  const byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
  // An item waits for every earlier unfinished item of its number (order), and for any item
  // of its number with a request out or in doubt, earlier or not (one request per number).
  // (Two items in doubt for one number go earlier first, so they cannot block each other.)
  const notBlocked = (outOfTurn: string) => `NOT EXISTS (SELECT 1 FROM outbox p
       WHERE p.phone_number = o.phone_number AND p.id <> o.id
         AND ((p.id < o.id AND p.state IN ${BLOCKING}) OR p.state IN ${outOfTurn}))`;
  // Items combined into another's request are sent (and end) with it.
  const dueInDoubt = db.prepare(
    `SELECT * FROM outbox o WHERE o.state = 'in-doubt' AND COALESCE(o.next_attempt_at, 0) <= ?
       AND ${notBlocked(`('sending')`)}
     ORDER BY o.id LIMIT ?`,
  );
  // Walks the waiting items that are not held back by a rollout, in submission order, and
  // stops after `limit` matches: held items (maybe thousands) are never read here. They still
  // block later items of their number (notBlocked), so per-number order is kept.
  const dueWaiting = db.prepare(
    `SELECT * FROM outbox o INDEXED BY outbox_waiting_ungated
     WHERE o.state = 'waiting' AND o.gated = 0 AND COALESCE(o.next_attempt_at, 0) <= ?
       AND o.combined_into IS NULL AND ${notBlocked(`('sending', 'in-doubt')`)}
     ORDER BY o.id LIMIT ?`,
  );
  const openForNumber = db.prepare(
    `SELECT COUNT(*) AS n FROM outbox WHERE phone_number = ?
       AND state IN ('waiting', 'sending', 'in-doubt', 'needs-decision')`,
  );
  const laterForNumber = db.prepare(
    `SELECT COUNT(*) AS n FROM outbox WHERE phone_number = ? AND id > ? AND state <> 'cancelled'`,
  );
  const interruptedOne = db.prepare(
    `UPDATE outbox SET state = 'in-doubt', next_attempt_at = COALESCE(attempt_started_at, 0) + ?
     WHERE id = ? AND state = 'sending'`,
  );
  const earliest = db.prepare(
    `SELECT MIN(next_attempt_at) AS at FROM outbox
     WHERE state IN ('waiting', 'in-doubt') AND next_attempt_at > ? AND combined_into IS NULL`,
  );
  const startSend = db.prepare(
    `UPDATE outbox SET state = 'sending', attempts = attempts + 1, attempt_started_at = ?,
       next_attempt_at = NULL, waiting_for = NULL, updated_at = ?
     WHERE id = ? AND state = 'waiting' AND combined_into IS NULL RETURNING *`,
  );
  const laterOpen = db.prepare(
    `SELECT * FROM outbox WHERE phone_number = ? AND id > ?
       AND state IN ('waiting', 'sending', 'in-doubt', 'needs-decision') ORDER BY id`,
  );
  const confirmedCard = db.prepare(
    `SELECT phone_number, first_name, last_name, image_url, is_active FROM cards
     WHERE phone_number = ? AND confirmed_by IS NOT NULL`,
  );
  const joinTo = db.prepare(
    `UPDATE outbox SET combined_into = ?, next_attempt_at = NULL, waiting_for = NULL,
       updated_at = ? WHERE id = ?`,
  );
  const followers = db.prepare(
    `SELECT id FROM outbox WHERE combined_into = ? AND state = 'waiting' ORDER BY id`,
  );
  const ledger = createWriteLedger(db);
  // The change's own (partial) fields are kept while it goes in full, and come back after.
  const startInFull = db.prepare(
    `UPDATE outbox SET sends_in_full = 1, partial_fields_json = COALESCE(partial_fields_json,
       fields_json), fields_json = ?, updated_at = ? WHERE id = ?`,
  );
  const setPartial = db.prepare(`UPDATE outbox SET partial_fields_json = ? WHERE id = ?`);
  const endInFull = db.prepare(
    `UPDATE outbox SET sends_in_full = 0, fields_json = COALESCE(partial_fields_json, fields_json),
       partial_fields_json = NULL, updated_at = ? WHERE id = ?`,
  );
  const deferOne = db.prepare(
    `UPDATE outbox SET next_attempt_at = ?, waiting_for = ?, updated_at = ?
     WHERE id = ? AND state = 'waiting' AND combined_into IS NULL`,
  );
  const resetNotActive = db.prepare(`UPDATE outbox SET not_active_tries = 0 WHERE id = ?`);
  const keepOwnFields = db.prepare(
    `UPDATE outbox SET own_fields_json = fields_json WHERE id = ? AND own_fields_json IS NULL`,
  );
  const splitCarrier = db.prepare(
    `UPDATE outbox SET state = 'waiting', fields_json = COALESCE(own_fields_json, fields_json),
       send_alone = 1, next_attempt_at = ?, last_error_json = ?, waiting_for = NULL,
       updated_at = ? WHERE id = ? RETURNING *`,
  );
  const releaseFollowers = db.prepare(
    `UPDATE outbox SET combined_into = NULL, send_alone = ?, next_attempt_at = ?, updated_at = ?
     WHERE combined_into = ? AND state = 'waiting' RETURNING id`,
  );
  // The head of a request that is taken apart again before it left: its own values back.
  const restoreOwnFields = db.prepare(
    `UPDATE outbox SET fields_json = COALESCE(own_fields_json, fields_json),
       own_fields_json = NULL, updated_at = ? WHERE id = ? AND state = 'waiting'`,
  );
  const countNotActive = db.prepare(
    `UPDATE outbox SET not_active_tries = not_active_tries + 1 WHERE id = ?`,
  );
  const isInDoubt = db.prepare(`SELECT 1 AS yes FROM outbox WHERE id = ? AND state = 'in-doubt'`);
  const insertAttempt = db.prepare(
    `INSERT INTO outbox_attempts (outbox_id, kind, started_at) VALUES (?, ?, ?)`,
  );
  const endAttempt = db.prepare(
    `UPDATE outbox_attempts SET finished_at = ?, outcome = ?, error_json = ? WHERE id = ?`,
  );
  const update = db.prepare(
    `UPDATE outbox SET state = ?, updated_at = ?, next_attempt_at = ?, last_error_json = ?,
       decision_json = ?, card_json = ?, confirmed_by = ?, action = ?, fields_json = ?,
       waiting_for = ?,
       -- ?1 is the new state: only a waiting item stays held (held means waiting, unsent).
       gated = CASE WHEN ?1 = 'waiting' THEN gated ELSE 0 END
     WHERE id = ? RETURNING *`,
  );
  const setFields = db.prepare(
    `UPDATE outbox SET fields_json = ?, updated_at = ? WHERE id = ? RETURNING *`,
  );
  const markReplaced = db.prepare(
    `UPDATE outbox SET state = 'cancelled', replaced_by = ?, updated_at = ?, next_attempt_at = NULL
     WHERE id = ? AND state IN ('failed', 'needs-decision')`,
  );
  // An imported row follows its card through edits: the summary shows how the edit ended.
  const followReplacement = db.prepare('UPDATE import_rows SET outbox_id = ? WHERE outbox_id = ?');
  const interrupted = db.prepare(
    `UPDATE outbox SET state = 'in-doubt', next_attempt_at = COALESCE(attempt_started_at, 0) + ?
     WHERE state = 'sending' RETURNING id`,
  );
  // Held items are counted and listed with their rollout (OutboxSnapshot.rollouts), not here:
  // a thousand held cards must not crowd the work under way out of the snapshot.
  const stateCounts = db.prepare(
    `SELECT state, COUNT(*) AS n FROM outbox
     WHERE state IN ('waiting', 'sending', 'in-doubt', 'needs-decision', 'failed') AND gated = 0
     GROUP BY state`,
  );
  const openFirst = db.prepare(
    // The partial index holds exactly the open items in id order (without statistics SQLite
    // would rather sort every open row).
    `SELECT * FROM outbox INDEXED BY outbox_open_by_id
     WHERE state IN ('waiting', 'sending', 'in-doubt', 'needs-decision', 'failed') AND gated = 0
     ORDER BY id LIMIT ?`,
  );
  const recentlyChanged = db.prepare(
    'SELECT * FROM outbox WHERE gated = 0 ORDER BY updated_at DESC LIMIT ?',
  );
  const ungateAll = db.prepare(
    `UPDATE outbox SET gated = 0, next_attempt_at = NULL, updated_at = ?
     WHERE rollout_id = ? AND gated = 1 AND state = 'waiting' RETURNING id`,
  );
  const ungateOne = db.prepare(
    `UPDATE outbox SET gated = 0, next_attempt_at = NULL, updated_at = ?
     WHERE rollout_id = ? AND gated = 1 AND state = 'waiting' AND id = ? RETURNING id`,
  );
  const gatedOf = db.prepare(
    `SELECT id FROM outbox WHERE rollout_id = ? AND gated = 1 AND state = 'waiting' ORDER BY id`,
  );
  const rolloutPage = db.prepare(
    `SELECT * FROM outbox WHERE rollout_id = ? ORDER BY id LIMIT ? OFFSET ?`,
  );
  const rolloutTotal = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE rollout_id = ?`);

  const stamp = () => now().toISOString();

  function must(id: number): OutboxRecord {
    const row = byId.get(id) as OutboxRow | undefined;
    if (!row) throw new Error(`No outbox item ${id}`);
    return fromRow(row);
  }

  function insertOne(submission: Submission): OutboxRecord {
    const at = stamp();
    const held = submission.rollout?.gated === true;
    const row = insert.get(
      at,
      at,
      submission.action,
      submission.phoneNumber,
      JSON.stringify(submission.fields),
      // A held item has no attempt time: it is due when released, whatever the clock says.
      held ? null : now().getTime(),
      submission.rollout?.rolloutId ?? null,
      held ? 1 : 0,
    ) as unknown as OutboxRow;
    timeline.recordSubmission(
      row.id,
      submission.action,
      held ? submission.rollout?.rolloutId : undefined,
    );
    if (submission.replaces !== undefined) {
      const replaced = markReplaced.run(row.id, at, submission.replaces);
      if (replaced.changes > 0) {
        release(
          submission.replaces,
          false,
          `#${submission.replaces} was edited: this change goes on its own`,
        );
        followReplacement.run(row.id, submission.replaces);
        timeline.recordOutcome(submission.replaces, {
          event: { kind: 'cancelled', detail: 'Replaced by an edited submission' },
        });
      }
    }
    return fromRow(row);
  }

  /** The timeline entry a move records, unless the caller gives one. */
  function eventFor(next: Transition, action: OutboxItem['action']): TimelineNote | null {
    switch (next.to) {
      case 'done':
        return {
          kind: action === 'setup' ? 'set-up' : 'updated',
          detail: next.confirmedBy === 'read-back' ? 'Confirmed by reading the card back' : null,
        };
      case 'failed':
        return { kind: 'failed', detail: null };
      case 'needs-decision':
        return {
          kind: 'needs-decision',
          detail:
            next.decision.reason === 'card-exists'
              ? 'The number already had a card'
              : next.decision.reason === 'not-active'
                ? 'Linq kept the card not active after several tries'
                : 'Linq showed something else than was sent',
        };
      case 'cancelled':
        return { kind: 'cancelled', detail: null };
      default:
        return null;
    }
  }

  function apply(
    id: number,
    next: Transition,
    changes: ItemChanges = {},
    note?: TimelineNote,
  ): OutboxRecord {
    const current = must(id);
    if (next.to === 'split') return split(current, next.error);
    const error = 'error' in next ? next.error : null;
    const holdUntil = 'holdLineUntilMs' in next ? next.holdLineUntilMs : undefined;
    if (holdUntil !== undefined) ledger.hold(current.phoneNumber, holdUntil);
    if ('lineNotActive' in next && next.lineNotActive !== undefined) {
      ledger.setNotActive(current.phoneNumber, next.lineNotActive);
    }
    if (next.to === 'done' && next.card.isActive) ledger.setNotActive(current.phoneNumber, false);
    if ('notActiveTry' in next && next.notActiveTry) countNotActive.run(id);
    if (changes.notActiveTries === 0) resetNotActive.run(id);
    const row = update.get(
      next.to,
      stamp(),
      'nextAttemptMs' in next ? next.nextAttemptMs : null,
      error ? JSON.stringify(error) : null,
      next.to === 'needs-decision' ? JSON.stringify(next.decision) : null,
      next.to === 'done' ? JSON.stringify(next.card) : null,
      next.to === 'done' ? next.confirmedBy : null,
      changes.action ?? current.action,
      JSON.stringify(changes.fields ?? current.fields),
      holdUntil !== undefined && next.to === 'waiting' ? 'line-hold' : null,
      id,
    ) as unknown as OutboxRow;
    const kept = next.to === 'cancelled' ? (next.serverCard ?? null) : null;
    timeline.recordOutcome(id, {
      card: next.to === 'done' ? next.card : kept,
      confirmedBy: next.to === 'done' ? next.confirmedBy : kept ? 'read-back' : undefined,
      error,
      event: note ?? eventFor(next, current.action),
    });
    followCarrier(id, next);
    return fromRow(row);
  }

  function split(carrier: OutboxRecord, error: AppError): OutboxRecord {
    const at = stamp();
    const nowMs = now().getTime();
    const row = splitCarrier.get(
      nowMs,
      JSON.stringify(error),
      at,
      carrier.id,
    ) as unknown as OutboxRow;
    const detail = 'Linq refused the combined request: each change now goes on its own';
    timeline.recordOutcome(carrier.id, { error, event: { kind: 'combined', detail } });
    release(carrier.id, true, detail);
    return fromRow(row);
  }

  /**
   * The changes combined into `carrierId`'s request go on their own again (`alone`: never
   * combined again), each with a timeline entry saying why.
   */
  function release(carrierId: number, alone: boolean, detail: string): void {
    const at = stamp();
    const freed = releaseFollowers.all(
      alone ? 1 : 0,
      now().getTime(),
      at,
      carrierId,
    ) as unknown as {
      id: number;
    }[];
    for (const { id } of freed) timeline.recordEvent(id, { kind: 'combined', detail });
  }

  /**
   * Items combined into this one's request end as it ends when it was sent; when it was
   * cancelled, or refused for good, they are not lost with it: they go on their own.
   */
  function followCarrier(id: number, next: Transition): void {
    if (next.to === 'failed' || next.to === 'cancelled') {
      const why = next.to === 'cancelled' ? 'was cancelled' : 'was refused';
      release(id, false, `#${id}, which this change was combined with, ${why}: it goes on its own`);
      return;
    }
    if (next.to !== 'done') return;
    const joined = followers.all(id) as unknown as { id: number }[];
    for (const { id: follower } of joined) {
      const base = eventFor(next, must(follower).action);
      apply(
        follower,
        next,
        {},
        base ? { ...base, detail: `Sent combined into #${id}` } : undefined,
      );
    }
  }

  /** Takes a waiting request apart again: the head's own values, the others on their own. */
  function uncombine(carrierId: number): void {
    restoreOwnFields.run(stamp(), carrierId);
    release(carrierId, false, `Taken out of #${carrierId}'s request: it goes on its own`);
  }

  /** The items behind `head` that join its request now (see combine.ts), recorded. */
  function combineInto(head: OutboxRecord): { item: OutboxRecord; joined: number[] } {
    const later = (laterOpen.all(head.phoneNumber, head.id) as unknown as OutboxRow[]).map(fromRow);
    // The common case (nothing behind it) asks for no confirmed card.
    if (later.length === 0) return { item: head, joined: [] };
    const combined = combineWaiting(head, later, confirmedOf(head.phoneNumber));
    if (!combined) return { item: head, joined: [] };
    const at = stamp();
    keepOwnFields.run(head.id);
    for (const id of combined.joined) {
      joinTo.run(head.id, at, id);
      timeline.recordEvent(id, {
        kind: 'combined',
        detail: `Combined into #${head.id}: sent as one request`,
      });
    }
    const row = setFields.get(JSON.stringify(combined.fields), at, head.id) as unknown as OutboxRow;
    // Sent in full meanwhile: what joined belongs to its own values too, which come back
    // once the card is active again.
    if (row.partial_fields_json !== null) {
      const joined = later.filter((item) => combined.joined.includes(item.id));
      const partial = joined.reduce(
        (fields, item) => overlay(fields, item.fields),
        JSON.parse(row.partial_fields_json) as SubmittedFields,
      );
      setPartial.run(JSON.stringify(partial), head.id);
    }
    const ids = combined.joined.map((id) => `#${id}`).join(', ');
    timeline.recordEvent(head.id, {
      kind: 'combined',
      detail: `Sends ${ids} with it as one request`,
    });
    return { item: fromRow(row), joined: combined.joined };
  }

  /**
   * PATCH needs an active card: while Linq holds the number's card not active, an update goes
   * as a POST with every field (see reapplyInFull), decided afresh at every attempt. (It stays
   * an update: that is what the user asked for, and what History and an import report.)
   */
  function inFullIfNotActive(item: OutboxRecord): void {
    if (!ledger.isNotActive(item.phoneNumber)) {
      if (item.sendsInFull) endInFull.run(stamp(), item.id);
      return;
    }
    const inFull = reapplyInFull(item, confirmedOf(item.phoneNumber));
    if (inFull) startInFull.run(JSON.stringify(inFull), stamp(), item.id);
  }

  function confirmedOf(phoneNumber: string): Card | null {
    const row = confirmedCard.get(phoneNumber) as
      | {
          phone_number: string;
          first_name: string | null;
          last_name: string | null;
          image_url: string | null;
          is_active: number | null;
        }
      | undefined;
    if (!row || row.first_name === null) return null;
    return {
      phoneNumber: row.phone_number,
      firstName: row.first_name,
      lastName: row.last_name,
      imageUrl: row.image_url,
      isActive: row.is_active === 1,
    };
  }

  return {
    enqueue: (submission) => inTransaction(db, () => insertOne(submission)),
    enqueueAll: (submissions, alongside) =>
      inTransaction(db, () => {
        const records = submissions.map(insertOne);
        alongside?.(records);
        return records;
      }),
    get(id) {
      const row = byId.get(id) as OutboxRow | undefined;
      return row ? fromRow(row) : null;
    },
    due(nowMs, limit, exclude) {
      const pick = (rows: OutboxRow[]) => rows.map(fromRow).filter((r) => !exclude.has(r.id));
      const inDoubt = pick(dueInDoubt.all(nowMs, limit + exclude.size) as unknown as OutboxRow[]);
      if (inDoubt.length >= limit) return inDoubt.slice(0, limit);
      const waiting = pick(dueWaiting.all(nowMs, limit + exclude.size) as unknown as OutboxRow[]);
      return [...inDoubt, ...waiting].slice(0, limit);
    },
    earliestDueMs(afterMs) {
      return (earliest.get(afterMs) as { at: number | null }).at;
    },
    inOneCommit: (work) => inTransaction(db, work),
    beginSend(id, nowMs, writesCardNow, alongside) {
      return inTransaction(db, () => {
        alongside?.();
        const waiting = byId.get(id) as OutboxRow | undefined;
        if (!waiting || waiting.state !== 'waiting' || waiting.combined_into !== null) return null;
        const { item: combined, joined } = combineInto(fromRow(waiting));
        inFullIfNotActive(combined);
        const row = startSend.get(nowMs, stamp(), id) as OutboxRow | undefined;
        if (!row) return null;
        const item = fromRow(row);
        const attemptId = Number(insertAttempt.run(id, 'send', stamp()).lastInsertRowid);
        if (writesCardNow(item.fields)) ledger.wrote(attemptId, item.phoneNumber, nowMs);
        return { attemptId, item, joined };
      });
    },
    beginReadBack(id) {
      return inTransaction(db, () => {
        if (!isInDoubt.get(id)) return null;
        return Number(insertAttempt.run(id, 'read-back', stamp()).lastInsertRowid);
      });
    },
    finishAttempt(attemptId, outcome, error, id, next, cardWrite = 'reached') {
      return inTransaction(db, () => {
        ledger.ended(attemptId, cardWrite, now().getTime());
        endAttempt.run(stamp(), outcome, error ? JSON.stringify(error) : null, attemptId);
        timeline.recordAttempt(id, ATTEMPT_WORDS[outcome], error);
        return apply(id, next);
      });
    },
    transition: (id, next, changes, note) =>
      inTransaction(db, () => apply(id, next, changes, note)),
    carriesOthers(id) {
      return followers.all(id).length > 0;
    },
    hasLaterForNumber(id) {
      const item = must(id);
      return (laterForNumber.get(item.phoneNumber, id) as { n: number }).n > 0;
    },
    recoverItem(id, timeoutMs) {
      inTransaction(db, () => interruptedOne.run(timeoutMs, id));
    },
    recordImageUrl(id, imageUrl, attemptId, nowMs) {
      return inTransaction(db, () => {
        const fields = { ...must(id).fields, imageUrl };
        const row = setFields.get(JSON.stringify(fields), stamp(), id) as unknown as OutboxRow;
        ledger.wrote(attemptId, row.phone_number, nowMs);
        return fromRow(row);
      });
    },
    writeLoad: (phoneNumber, nowMs, spanMs, timeoutMs) =>
      ledger.load(phoneNumber, nowMs, spanMs, timeoutMs),
    uncombine: (carrierId) => inTransaction(db, () => uncombine(carrierId)),
    reapplyConfirmedIfNotActive: (phoneNumber, after) =>
      inTransaction(db, () => {
        if (!ledger.isNotActive(phoneNumber)) return null;
        if ((openForNumber.get(phoneNumber) as { n: number }).n > 0) return null;
        const card = confirmedOf(phoneNumber);
        if (!card) return null;
        const again = insertOne({
          action: 'update',
          phoneNumber,
          fields: {
            firstName: card.firstName,
            ...(card.lastName ? { lastName: card.lastName } : {}),
            ...(card.imageUrl ? { imageUrl: card.imageUrl } : {}),
          },
        });
        timeline.recordEvent(again.id, {
          kind: 'queued',
          detail: `#${after} was not sent and Linq had left the card not active: the card Linq last confirmed is applied again`,
        });
        return again;
      }),
    holdLine: (phoneNumber, untilMs) => inTransaction(db, () => ledger.hold(phoneNumber, untilMs)),
    defer(id, untilMs, reason) {
      deferOne.run(untilMs, reason, stamp(), id);
    },
    recoverInterrupted(timeoutMs) {
      return inTransaction(db, () => {
        const ids = interrupted.all(timeoutMs) as unknown as { id: number }[];
        return ids.length;
      });
    },
    counts: countOpen,
    ungate(rolloutId, onlyId) {
      return inTransaction(db, () => {
        const at = stamp();
        const freed = (onlyId === undefined
          ? ungateAll.all(at, rolloutId)
          : ungateOne.all(at, rolloutId, onlyId)) as unknown as { id: number }[];
        for (const { id } of freed) {
          timeline.recordEvent(id, { kind: 'queued', detail: `Released by rollout #${rolloutId}` });
        }
        return freed.map(({ id }) => id);
      });
    },
    gatedIds: (rolloutId) =>
      (gatedOf.all(rolloutId) as unknown as { id: number }[]).map(({ id }) => id),
    rolloutItems(rolloutId, offset, limit) {
      const rows = rolloutPage.all(rolloutId, limit, offset) as unknown as OutboxRow[];
      const { n } = rolloutTotal.get(rolloutId) as { n: number };
      return { total: n, items: rows.map(fromRow) };
    },
    snapshot(cap, recent) {
      const open = (openFirst.all(cap) as unknown as OutboxRow[]).map(fromRow);
      const seen = new Set(open.map((item) => item.id));
      const latest = (recentlyChanged.all(recent) as unknown as OutboxRow[])
        .map(fromRow)
        .filter((item) => !seen.has(item.id));
      const counts = countOpen();
      const openTotal =
        counts.waiting + counts.sending + counts.inDoubt + counts.needsDecision + counts.failed;
      const openLatest = latest.filter((item) => !FINISHED.includes(item.state)).length;
      return {
        items: [...open, ...latest],
        moreOpen: Math.max(0, openTotal - open.length - openLatest),
      };
    },
  };

  function countOpen(): OutboxCounts {
    const counts: OutboxCounts = {
      waiting: 0,
      sending: 0,
      inDoubt: 0,
      needsDecision: 0,
      failed: 0,
    };
    for (const row of stateCounts.all() as unknown as { state: OutboxState; n: number }[]) {
      if (row.state === 'waiting') counts.waiting = row.n;
      else if (row.state === 'sending') counts.sending = row.n;
      else if (row.state === 'in-doubt') counts.inDoubt = row.n;
      else if (row.state === 'needs-decision') counts.needsDecision = row.n;
      else if (row.state === 'failed') counts.failed = row.n;
    }
    return counts;
  }
}
