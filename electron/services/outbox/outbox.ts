// The outbox as the rest of main sees it: submissions go in (stored durably before anything
// is sent), the sender drains it, the user can retry, cancel and decide, and every change is
// published to the renderer as a snapshot (coalesced, so a fast drain is not an event storm).
import { updateInsteadFields } from '../../../shared/outbox.rules.ts';
import type { SetupSubmission, UpdateSubmission } from '../../../shared/card.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import type {
  OutboxCounts,
  OutboxDecisionInput,
  OutboxItem,
  OutboxSnapshot,
  OutboxStatus,
  SubmittedFields,
} from '../../../shared/outbox.schema.ts';
import { AppFailure } from '../failure.ts';
import type { CardRecord } from '../card-history/card-record.ts';
import type { RolloutSummary } from '../../../shared/rollout.schema.ts';
import type { Log } from '../log/logger.ts';
import type { LinqClient, LinqConnection } from '../linq-client.ts';
import type { UploadStoredPhoto } from '../photos/photo-uploader.ts';
import type { Database } from '../store.ts';
import { createCoalescer } from '../coalesce.ts';
import { loggingAttempts } from './attempt-log.ts';
import { createConnectivity, type Connectivity } from './connectivity.ts';
import {
  createOutboxStore,
  publicItem,
  type OutboxRecord,
  type OutboxStore,
  type RolloutGate,
  type Submission,
} from './outbox-store.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './send-policy.ts';
import { createSender, DEFAULT_NOT_ACTIVE, type NotActivePolicy } from './sender.ts';
import { LINQ_WRITE_BUDGET, type WriteBudget } from './write-budget.ts';

export interface OutboxOptions {
  db: Database;
  /** The card history, which gets a timeline entry for every step of every item. */
  cardRecord: CardRecord;
  linq: LinqClient;
  connection: () => Promise<LinqConnection>;
  keyRejected: (apiKey: string, error: AppError) => Promise<void>;
  now: () => Date;
  requestTimeoutMs: number;
  concurrency?: number;
  backoff?: BackoffOptions;
  /** Linq's write budget per number; tests shorten the window. */
  writeBudget?: WriteBudget;
  notActive?: NotActivePolicy;
  probeDelays?: { firstMs: number; maxMs: number };
  /** Called (at most every PUBLISH_EVERY_MS) when the outbox changed. */
  publish: (snapshot: OutboxSnapshot) => void;
  uploadPhoto?: UploadStoredPhoto;
  /** Photo upload progress (called often: the receiver decides how much of it to pass on). */
  progress?: (itemId: number, sentBytes: number, totalBytes: number) => void;
  reportBug: (error: unknown) => void;
  /** Where failed and in-doubt attempts, and reachability changes, are written for support. */
  log: Log;
  /** The rollouts the snapshot carries (rollouts/rollouts.ts); none without. */
  rollouts?: () => RolloutSummary[];
}

export interface Outbox {
  submitSetup(submission: SetupSubmission): OutboxItem;
  submitUpdate(submission: UpdateSubmission): OutboxItem;
  /**
   * Many submissions (a bulk import) in one transaction, each stored exactly as submitSetup
   * or submitUpdate would store it; `alongside` writes the caller's own records in that same
   * transaction. All are stored or none; the ids come back in order.
   */
  submitAll(
    submissions: readonly CardSubmission[],
    alongside?: (records: readonly OutboxRecord[]) => void,
  ): OutboxRecord[];
  /** One item as the window sees it; null when there is none with that id. */
  item(id: number): OutboxItem | null;
  retry(id: number): OutboxItem;
  cancel(id: number): OutboxItem;
  decide(input: OutboxDecisionInput): OutboxItem;
  snapshot(): OutboxSnapshot;
  status(): OutboxStatus;
  /** Probes Linq now (the user asked, or the OS reported a network change or a wake-up). */
  checkConnection(): Promise<OutboxStatus>;
  /** The key was set or verified: a paused outbox resumes. */
  keyChanged(): void;
  /** Another Linq call (checking the key, reading a card) tells whether Linq can be reached. */
  observed(outcome: 'answered' | 'unreachable', reason?: AppError): void;
  /** Called each time Linq becomes reachable (at start-up, and after an outage). */
  onReachable(listener: () => void): void;
  /** Reconciles what a crash interrupted, then starts sending. */
  start(): void;
  /**
   * Quitting: no new request, probe or timer from now on, nothing published, and no reachable
   * listener called. Resolves when the requests in flight have recorded their outcomes.
   */
  stop(): Promise<void>;
  /** The database closes before stop() resolved: see Sender.abandon. Returns how many. */
  abandon(): number;
  /**
   * Lets a rollout's held items go (all, or only `onlyId`: its first line), in one commit with
   * `alongside` (the rollout's own state). Returns the ids released.
   */
  releaseHeld(rolloutId: number, onlyId?: number, alongside?: () => void): number[];
  /** Cancels every held item of a rollout, in one commit with `alongside`. Returns how many. */
  cancelHeld(rolloutId: number, alongside?: () => void): number;
  /** A page of a rollout's items, in submission order. */
  rolloutItems(
    rolloutId: number,
    offset: number,
    limit: number,
  ): { total: number; items: OutboxItem[] };
  /** Something the snapshot shows changed outside the outbox (a rollout's state): publish. */
  refreshed(): void;
}

const PUBLISH_EVERY_MS = 150;
const SNAPSHOT_OPEN_CAP = 200;
const SNAPSHOT_RECENT = 30;

/** The store's methods that only read: every other one counts as a write (see countingWrites). */
const STORE_READS: ReadonlySet<string> = new Set([
  'get',
  'due',
  'earliestDueMs',
  'hasLaterForNumber',
  'carriesOthers',
  'writeLoad',
  'counts',
  'snapshot',
  'gatedIds',
  'rolloutItems',
]);

/**
 * The store, calling `wrote` after every call of a method that is not a known read (whether it
 * succeeded or not): a method added later counts as a write until it is listed above, so a
 * snapshot built from an older state of the outbox can never be handed out.
 */
export function countingWrites(store: OutboxStore, wrote: () => void): OutboxStore {
  const counted: Record<string, unknown> = { ...store };
  for (const [name, member] of Object.entries(store)) {
    if (STORE_READS.has(name) || typeof member !== 'function') continue;
    const method = member as (...args: unknown[]) => unknown;
    counted[name] = (...args: unknown[]) => {
      try {
        return method(...args);
      } finally {
        wrote();
      }
    };
  }
  return counted as unknown as OutboxStore;
}

function refuse(detail: string): AppFailure {
  return AppFailure.of('INVALID_INPUT', { message: detail, detail });
}

/** A setup or an update, as the form (or an import) submits it. */
export type CardSubmission = (
  ({ action: 'setup' } & SetupSubmission) | ({ action: 'update' } & UpdateSubmission)
) & {
  /** Enqueued under a rollout (held back, or its first line): see rollouts/rollouts.ts. */
  rollout?: RolloutGate;
};

function setupFields(submission: SetupSubmission): SubmittedFields {
  return {
    firstName: submission.firstName,
    ...(submission.lastName !== undefined ? { lastName: submission.lastName } : {}),
    ...(submission.imageUrl !== undefined ? { imageUrl: submission.imageUrl } : {}),
    ...(submission.photo !== undefined ? { photo: submission.photo } : {}),
  };
}

export function createOutbox(options: OutboxOptions): Outbox {
  /** Bumped after every write to the outbox through the store. */
  let writes = 0;
  const store = countingWrites(
    loggingAttempts(createOutboxStore(options.db, options.cardRecord, options.now), options.log),
    () => writes++,
  );
  // Changes when another connection (another instance) commits to the file.
  const dataVersion = options.db.prepare('PRAGMA data_version');
  /**
   * The outbox's part of the snapshot and its counts, as of `version`: the renderer gets a
   * snapshot several times a second while the outbox drains (and the bench asks every 5 ms),
   * and reading and converting its 230 rows took about 2 ms of main's thread each time.
   */
  let cache: {
    version: string;
    counts: OutboxCounts;
    listed?: { items: OutboxItem[]; moreOpen: number; rollouts?: RolloutSummary[] };
  } | null = null;

  // The card of each number as Linq last confirmed it, kept by the card history.
  const confirmedNamesOf = options.db.prepare(
    'SELECT first_name, last_name FROM cards WHERE phone_number = ? AND confirmed_at IS NOT NULL',
  );

  /** An update not done yet, with the names of the card it changes (see OutboxItem). */
  function withConfirmedNames(item: OutboxItem): OutboxItem {
    if (item.action !== 'update' || item.state === 'done') return item;
    const row = confirmedNamesOf.get(item.phoneNumber) as
      { first_name: string | null; last_name: string | null } | undefined;
    return {
      ...item,
      confirmedNames: row ? { firstName: row.first_name, lastName: row.last_name } : null,
    };
  }

  function cached(): NonNullable<typeof cache> {
    const version = `${writes}:${(dataVersion.get() as { data_version: number }).data_version}`;
    if (cache?.version !== version) cache = { version, counts: store.counts() };
    return cache;
  }
  const reachableListeners: (() => void)[] = [];
  let wasReachable = false;
  let stopped = false;
  // The first change is published at once, the rest at most every 150 ms.
  const changed = createCoalescer(PUBLISH_EVERY_MS, publishNow);

  function publishNow(): void {
    if (stopped) return; // the window is going, and the database may be closing
    try {
      options.publish(snapshot());
    } catch (error) {
      options.reportBug(error);
    }
  }

  const connectivity: Connectivity = createConnectivity({
    probe: async () => {
      let target: LinqConnection;
      try {
        target = await options.connection();
      } catch {
        return null; // no usable key: the probe cannot tell anything
      }
      try {
        await options.linq.probe(target);
        return true;
      } catch (error) {
        // Any answer from Linq, even a refusal, shows that the network works. So does a
        // probe the rate gate held back: only a 429 from Linq shuts it.
        if (!(error instanceof AppFailure)) return false;
        if (error.appError.code === 'RATE_LIMITED') return true;
        return error.delivery === 'answered' || error.appError;
      }
    },
    ...(options.probeDelays
      ? { firstProbeMs: options.probeDelays.firstMs, maxProbeMs: options.probeDelays.maxMs }
      : {}),
    onChange() {
      changed();
      sender.wake();
      const reachable = connectivity.state === 'reachable';
      options.log.info('Connection to Linq changed', { connection: connectivity.state });
      if (reachable && !wasReachable) for (const listener of reachableListeners) listener();
      wasReachable = reachable;
    },
    reportBug: options.reportBug,
  });

  const sender = createSender({
    store,
    linq: options.linq,
    connectivity,
    connection: options.connection,
    keyRejected: options.keyRejected,
    requestTimeoutMs: options.requestTimeoutMs,
    concurrency: options.concurrency ?? 4,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    budget: options.writeBudget ?? LINQ_WRITE_BUDGET,
    notActive: options.notActive ?? DEFAULT_NOT_ACTIVE,
    changed,
    reportBug: options.reportBug,
    ...(options.uploadPhoto ? { uploadPhoto: options.uploadPhoto } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });

  function status(): OutboxStatus {
    // While Linq is unreachable nothing is sent before the next probe succeeds.
    const next =
      connectivity.state === 'unreachable' ? connectivity.nextProbeAtMs : sender.nextWakeMs();
    return {
      connection: connectivity.state,
      unreachableReason: connectivity.reason,
      pausedBy: sender.pausedBy,
      counts: { ...cached().counts },
      nextAttemptAt: next === null ? null : new Date(next).toISOString(),
    };
  }

  function snapshot(): OutboxSnapshot {
    const now = cached();
    if (!now.listed) {
      const { items, moreOpen } = store.snapshot(SNAPSHOT_OPEN_CAP, SNAPSHOT_RECENT);
      now.listed = {
        items: items.map((item) => withConfirmedNames(publicItem(item))),
        moreOpen,
        ...(options.rollouts ? { rollouts: options.rollouts() } : {}),
      };
    }
    // Fresh arrays: the items themselves are never changed by anyone (they are parsed into
    // new objects on their way out), but the list must not be shared.
    const { rollouts } = now.listed;
    return {
      status: status(),
      items: [...now.listed.items],
      moreOpen: now.listed.moreOpen,
      ...(rollouts ? { rollouts: [...rollouts] } : {}),
    };
  }

  function existing(id: number): OutboxRecord {
    const item = store.get(id);
    if (!item) throw AppFailure.of('INVALID_INPUT', { detail: `No outbox item ${id}.` });
    return item;
  }

  /** After any change made here: tell the renderer, and let the sender look for work. */
  function after(record: OutboxRecord): OutboxItem {
    changed();
    sender.wake();
    return publicItem(record);
  }

  /** What the store keeps of a submission: the one place a form or an import becomes an item. */
  function toStored(card: CardSubmission): Submission {
    const replaces = card.replaces !== undefined ? { replaces: card.replaces } : {};
    const rollout = card.rollout ? { rollout: card.rollout } : {};
    if (card.action === 'setup') {
      return {
        action: 'setup',
        phoneNumber: card.phoneNumber,
        fields: setupFields(card),
        ...replaces,
        ...rollout,
      };
    }
    const {
      action: _action,
      phoneNumber,
      replaces: _replaces,
      schedule: _schedule,
      rollout: _rollout,
      ...fields
    } = card;
    return { action: 'update', phoneNumber, fields, ...replaces, ...rollout };
  }

  return {
    submitSetup(submission) {
      return after(store.enqueue(toStored({ action: 'setup', ...submission })));
    },

    submitUpdate(submission) {
      return after(store.enqueue(toStored({ action: 'update', ...submission })));
    },

    submitAll(submissions, alongside) {
      const records = store.enqueueAll(submissions.map(toStored), alongside);
      changed();
      sender.wake();
      return records;
    },

    item(id) {
      const record = store.get(id);
      return record ? publicItem(record) : null;
    },

    retry(id) {
      const item = existing(id);
      if (sender.isBusy(id) || item.state === 'sending') return publicItem(item);
      const now = Date.now();
      if (item.state === 'in-doubt') {
        // Never before the request's timeout: Linq may still be applying the first attempt.
        const checkAt = Math.max(now, (item.attemptStartedMs ?? 0) + options.requestTimeoutMs);
        void connectivity.checkNow();
        return after(
          store.transition(id, { to: 'in-doubt', error: item.lastError, nextAttemptMs: checkAt }),
        );
      }
      if (item.state !== 'waiting' && item.state !== 'failed') {
        throw refuse('Only waiting or failed items can be retried; decide on this one first.');
      }
      if (item.gated) {
        throw refuse(
          `This change is held with rollout #${item.rolloutId}: use Send the rest or Send now there.`,
        );
      }
      // Sent now, an old change would land after (and over) a newer one for the number.
      if (item.state === 'failed' && store.hasLaterForNumber(id)) {
        throw refuse(
          'A newer change for this number was submitted after this one. Edit this card and submit it again if it is still wanted.',
        );
      }
      if (item.combinedInto !== null) return publicItem(item); // it goes with its request
      if (connectivity.state === 'unreachable') void connectivity.checkNow();
      // Never sooner than Linq's limits allow: a retry cannot shorten a 4004 hold or the
      // budget, and the item says when its next try is allowed.
      const allowed = sender.writeAllowedAtMs(item.phoneNumber);
      const moved = store.transition(id, {
        to: 'waiting',
        error: item.lastError,
        nextAttemptMs: Math.max(now, allowed.atMs),
      });
      if (allowed.atMs > now) store.defer(id, allowed.atMs, allowed.reason);
      return after(store.get(id) ?? moved);
    },

    cancel(id) {
      const item = existing(id);
      if (item.state === 'done' || item.state === 'cancelled') return publicItem(item);
      // A request out now, or a read-back under way, must end before the item can be closed.
      if (item.state === 'sending' || (item.state === 'in-doubt' && sender.isBusy(id))) {
        throw refuse('This card is being sent right now; wait for the answer, then decide.');
      }
      if (item.combinedInto !== null) {
        const carrier = existing(item.combinedInto);
        if (carrier.state !== 'waiting' || sender.isBusy(carrier.id)) {
          throw refuse(
            `This change is being sent right now together with #${carrier.id}; wait for the answer.`,
          );
        }
        // Not left yet: the request is taken apart, and the rest goes without this change.
        store.uncombine(carrier.id);
      }
      const cancelled = store.transition(id, { to: 'cancelled' });
      store.reapplyConfirmedIfNotActive(item.phoneNumber, id);
      return after(cancelled);
    },

    decide({ id, decision }) {
      const item = existing(id);
      if (item.state !== 'needs-decision' || !item.decision) {
        throw refuse('This item is not waiting for a decision.');
      }
      const serverCard = item.decision.serverCard;
      const now = Date.now();
      const note = (detail: string) => ({ kind: 'decision' as const, detail });
      if (decision === 'keep-server') {
        return after(
          store.transition(
            id,
            { to: 'cancelled', serverCard },
            {},
            note('Kept the card at Linq as it was'),
          ),
        );
      }
      if (decision === 'send-again') {
        // Within Linq's limits: a card left not active may have put its line on hold.
        const allowed = sender.writeAllowedAtMs(item.phoneNumber);
        const moved = store.transition(
          id,
          { to: 'waiting', error: null, nextAttemptMs: Math.max(now, allowed.atMs) },
          { notActiveTries: 0 },
          note('Send the submission again'),
        );
        if (allowed.atMs > now) store.defer(id, allowed.atMs, allowed.reason);
        return after(store.get(id) ?? moved);
      }
      if (item.action !== 'setup') throw refuse('Only a setup can become an update.');
      // A photo not uploaded yet stays in the fields: it becomes the image when it is sent.
      const fields = updateInsteadFields(item, serverCard);
      if (!fields && serverCard) {
        // The card already says exactly this: nothing to send.
        return after(
          store.transition(
            id,
            { to: 'done', card: serverCard, confirmedBy: 'read-back' },
            {},
            note('The card at Linq already had these details'),
          ),
        );
      }
      return after(
        store.transition(
          id,
          { to: 'waiting', error: null, nextAttemptMs: now },
          { action: 'update', fields: fields ?? {} },
          note('Update the existing card instead'),
        ),
      );
    },

    snapshot,
    status,

    async checkConnection() {
      await connectivity.checkNow();
      sender.wake();
      return status();
    },

    keyChanged() {
      sender.resume();
      if (connectivity.state === 'unreachable') void connectivity.checkNow();
    },

    onReachable(listener) {
      reachableListeners.push(listener);
    },

    observed(outcome, reason) {
      if (outcome === 'answered') connectivity.answered();
      else connectivity.failed(reason);
    },

    start() {
      const interrupted = store.recoverInterrupted(options.requestTimeoutMs);
      if (interrupted > 0) {
        options.log.warn('Requests cut short by the last exit are in doubt', { interrupted });
        changed();
      }
      // Say whether Linq can be reached from the start, not only after the first card.
      void connectivity.checkNow();
      sender.wake();
    },

    async stop() {
      stopped = true;
      connectivity.stop();
      changed.cancel();
      await sender.stop();
    },

    abandon: () => sender.abandon(),

    releaseHeld(rolloutId, onlyId, alongside) {
      let released: number[] = [];
      store.inOneCommit(() => {
        released = store.ungate(rolloutId, onlyId);
        alongside?.();
      });
      changed();
      sender.wake();
      return released;
    },

    cancelHeld(rolloutId, alongside) {
      const held = store.gatedIds(rolloutId);
      store.inOneCommit(() => {
        const numbers = new Map<string, number>();
        for (const id of held) {
          const item = store.transition(
            id,
            { to: 'cancelled' },
            {},
            { kind: 'cancelled', detail: `Cancelled with the rest of rollout #${rolloutId}` },
          );
          numbers.set(item.phoneNumber, id);
        }
        // As a cancel from the Outbox does: a line Linq left not active gets its card back.
        for (const [phoneNumber, id] of numbers) store.reapplyConfirmedIfNotActive(phoneNumber, id);
        alongside?.();
      });
      changed();
      sender.wake();
      return held.length;
    },

    rolloutItems(rolloutId, offset, limit) {
      const page = store.rolloutItems(rolloutId, offset, limit);
      return {
        total: page.total,
        items: page.items.map((item) => withConfirmedNames(publicItem(item))),
      };
    },

    refreshed() {
      writes++;
      changed();
    },
  };
}
