// Drains the outbox: at most one request in flight per phone number, in submission order,
// and at most `concurrency` across numbers. Every attempt is recorded before its request
// leaves and its outcome after; what happens next is decided by send-policy.ts, and items
// whose outcome is unknown are read back (read-back.ts) before anything is sent again.
import type { Card } from '../../../shared/card.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import { AppFailure } from '../failure.ts';
import { toAppFailure, type LinqClient, type LinqConnection } from '../linq-client.ts';
import type { Connectivity } from './connectivity.ts';
import type { AttemptOutcome, OutboxRecord, OutboxStore, Transition } from './outbox-store.ts';
import { holdAfterLimitMs, nextWriteAtMs, type WriteBudget } from './write-budget.ts';
import { appError } from '../../../shared/errors.schema.ts';
import { createOutcomeQueue } from './outcome-queue.ts';
import { readBackVerdict } from './read-back.ts';
import { isLongLived } from '../photos/attachment-upload.ts';
import type { UploadStoredPhoto } from '../photos/photo-uploader.ts';
import {
  afterPhotoFailure,
  afterReadFailure,
  afterWriteFailure,
  asWriteFailure,
  isKeyProblem,
  retryDelayMs,
  type BackoffOptions,
} from './send-policy.ts';

export interface SenderOptions {
  store: OutboxStore;
  linq: LinqClient;
  connectivity: Connectivity;
  /** The key and base URL; throws an AppFailure when the key cannot be had. */
  connection: () => Promise<LinqConnection>;
  /** Linq refused the key: record it against the key (the settings screen shows it). */
  keyRejected: (apiKey: string, error: AppError) => Promise<void>;
  /** Per-request timeout: an in-doubt item is read back only once it has passed. */
  requestTimeoutMs: number;
  concurrency: number;
  backoff: BackoffOptions;
  /** Linq's contact-card write budget per number (3 per 10 minutes). */
  budget: WriteBudget;
  /**
   * A card Linq stored but did not make active is read again after `checkAfterMs` and applied
   * again (within the budget) up to `maxTries` times before the user is asked.
   */
  notActive: NotActivePolicy;
  random?: () => number;
  /** Turns an item's stored photo into an image URL before its card is sent. */
  uploadPhoto?: UploadStoredPhoto;
  /** Upload progress of an item's photo. */
  progress?: (itemId: number, sentBytes: number, totalBytes: number) => void;
  /** Something about the outbox changed (an item, the pause, the connection). */
  changed: () => void;
  reportBug: (error: unknown) => void;
}

export interface NotActivePolicy {
  checkAfterMs: number;
  maxTries: number;
}

export const DEFAULT_NOT_ACTIVE: NotActivePolicy = { checkAfterMs: 2 * 60_000, maxTries: 3 };

/** A 429 on a write holds every send this long at most; longer waits are the number's own. */
const ACCOUNT_HOLD_CAP_MS = 30_000;

export interface Sender {
  readonly pausedBy: AppError | null;
  /** When the next write for the number may leave under Linq's limits (now, if at once). */
  writeAllowedAtMs(phoneNumber: string): { atMs: number; reason: 'write-budget' | 'line-hold' };
  /** When the next scheduled attempt or rate-limit hold ends. */
  nextWakeMs(): number | null;
  /** Looks for work now (after an enqueue, a decision, reconnecting). */
  wake(): void;
  /** The key was replaced or verified: sending may resume. */
  resume(): void;
  /** Whether the item has a request in flight right now. */
  isBusy(id: number): boolean;
  /**
   * Stops starting new work: no timer, no request, not even the next request of an attempt
   * under way (the card after its photo, the read after a 409). Resolves when the requests in
   * flight have ended and their outcomes are recorded.
   */
  stop(): Promise<void>;
  /**
   * The database is about to close with requests still in flight (the wait for them ran out):
   * their outcomes, when they come, are dropped without a word. Their items stay 'sending' in
   * the file, which the next start reads as in doubt and reads back. Returns how many.
   */
  abandon(): number;
}

export function createSender(options: SenderOptions): Sender {
  const { store, linq, connectivity } = options;
  const random = options.random ?? Math.random;
  const inFlight = new Map<number, Promise<void>>();
  /**
   * Items in flight whose answer has come and whose outcome is about to be recorded: their
   * request slot is free, so the next request may leave first (see send()).
   */
  const answered = new Set<number>();
  // Outcomes of answered requests, written with the next attempt's start (see outcome-queue.ts).
  const outcomes = createOutcomeQueue((work) => store.inOneCommit(work));
  /** Read-back failures per item, for its backoff (reads do not count as send attempts). */
  const readFailures = new Map<number, number>();
  let pausedBy: AppError | null = null;
  let holdUntilMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerAtMs = Infinity;
  let stopped = false;
  let abandoned = false;

  function schedule(atMs: number): void {
    if (atMs >= timerAtMs) return;
    clearTimeout(timer);
    timerAtMs = atMs;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAtMs = Infinity;
        pump();
      },
      Math.max(0, atMs - Date.now()),
    );
  }

  function pump(): void {
    if (stopped || pausedBy || connectivity.state === 'unreachable') return;
    const now = Date.now();
    if (now < holdUntilMs) return schedule(holdUntilMs);
    let free = options.concurrency - (inFlight.size - answered.size);
    // Items that Linq's limits keep back are given their time (durably) and the next due
    // items looked for, so a held number never takes a slot another number could use.
    for (let round = 0; free > 0 && round < 8; round++) {
      const due = store.due(now, free, new Set(inFlight.keys()));
      let deferred = 0;
      for (const item of due) {
        if (item.state === 'waiting' && deferForLimits(item, now)) deferred++;
        else start(item);
      }
      free = options.concurrency - (inFlight.size - answered.size);
      if (deferred === 0) break;
      options.changed();
      // Still room after the last round: look again at once rather than wait for a deferral.
      if (round === 7 && free > 0) schedule(now);
    }
    const next = store.earliestDueMs(now);
    if (next !== null) schedule(next);
  }

  function writeAllowedAtMs(phoneNumber: string, now = Date.now()) {
    const span = options.budget.windowMs + options.budget.marginMs;
    const load = store.writeLoad(phoneNumber, now, span, options.requestTimeoutMs);
    const atMs = nextWriteAtMs(load.countedAtMs, load.holdUntilMs, now, options.budget);
    const reason = load.holdUntilMs >= atMs ? ('line-hold' as const) : ('write-budget' as const);
    return { atMs, reason };
  }

  /** Whether the item must wait for the number's budget or hold; if so, it is rescheduled. */
  function deferForLimits(item: OutboxRecord, now: number): boolean {
    const allowed = writeAllowedAtMs(item.phoneNumber, now);
    if (allowed.atMs <= now) return false;
    store.defer(item.id, allowed.atMs, allowed.reason);
    return true;
  }

  /** Whether the card request must wait for its photo to be uploaded first. */
  function needsUpload(fields: OutboxRecord['fields']): boolean {
    const known = fields.imageUrl;
    // A short-lived (presigned) download URL may have expired since: upload again.
    return (
      fields.photo !== undefined &&
      options.uploadPhoto !== undefined &&
      !(known !== undefined && isLongLived(known))
    );
  }

  /**
   * The number's card as Linq has it now, for the user's comparison in a decision. Stopping:
   * no new request, not even this read; the decision then shows no card from Linq, as when
   * the read fails.
   */
  function cardForDecision(target: LinqConnection, phoneNumber: string): Promise<Card | null> {
    if (stopped) return Promise.resolve(null);
    return linq.getCard(target, phoneNumber).catch(() => null);
  }

  function start(item: OutboxRecord): void {
    const work = run(item)
      .catch((error: unknown) => {
        if (abandoned) return; // it failed on the closed database: see abandon()
        options.reportBug(error);
        // Never leave it 'sending' (blocking its number, refusing cancel) until a restart.
        try {
          store.recoverItem(item.id, options.requestTimeoutMs);
        } catch (again) {
          options.reportBug(again);
        }
      })
      .finally(() => {
        answered.delete(item.id);
        inFlight.delete(item.id);
        options.changed();
        pump();
      });
    inFlight.set(item.id, work);
  }

  async function run(item: OutboxRecord): Promise<void> {
    let target: LinqConnection;
    try {
      target = await options.connection();
    } catch (error) {
      if (error instanceof AppFailure && isKeyProblem(error.appError)) return pause(error.appError);
      throw error;
    }
    // Stopped while the key was read: nothing was recorded or sent for this item yet.
    if (stopped) return;
    if (item.state === 'in-doubt') await readBack(item, target);
    else await send(item, target);
  }

  /**
   * Linq (or the keychain) refused the key this request used. The pause comes first, so
   * nothing else goes out with that key; then, if the key was replaced while the request was
   * out, sending resumes at once with the new one.
   */
  async function pauseFor(error: AppError, target: LinqConnection): Promise<void> {
    pause(error);
    try {
      if (error.code === 'KEY_REJECTED') await options.keyRejected(target.apiKey, error);
      const current = await options.connection();
      if (current.apiKey !== target.apiKey && pausedBy === error) {
        pausedBy = null;
        options.changed();
        pump();
      }
    } catch (problem) {
      // The keychain cannot be read now: stay paused (with the first reason) until the key is
      // set or verified again, which resumes sending.
      if (!(problem instanceof AppFailure)) options.reportBug(problem);
    }
  }

  function pause(error: AppError): void {
    if (!pausedBy) clearTimeout(timer);
    timer = undefined;
    timerAtMs = Infinity;
    pausedBy = error;
    options.changed();
  }

  function write(item: OutboxRecord, target: LinqConnection): Promise<Card> {
    const phoneNumber = item.phoneNumber;
    const { firstName, lastName, imageUrl } = item.fields;
    if (item.action === 'setup' || item.sendsInFull) {
      return linq.createCard(target, {
        phoneNumber,
        firstName: firstName ?? '',
        ...(lastName ? { lastName } : {}),
        ...(imageUrl ? { imageUrl } : {}),
      });
    }
    return linq.updateCard(target, {
      phoneNumber,
      ...(firstName !== undefined ? { firstName } : {}),
      ...(lastName !== undefined ? { lastName } : {}),
      ...(imageUrl !== undefined ? { imageUrl } : {}),
    });
  }

  /** Uploads the item's photo if it has one not uploaded yet; null when that failed. */
  async function withPhoto(
    item: OutboxRecord,
    target: LinqConnection,
    attemptId: number,
  ): Promise<OutboxRecord | null> {
    const photo = item.fields.photo;
    if (!photo || !options.uploadPhoto || !needsUpload(item.fields)) return item;
    try {
      const url = await options.uploadPhoto(photo, target, ({ sentBytes, totalBytes }) =>
        options.progress?.(item.id, sentBytes, totalBytes),
      );
      return store.recordImageUrl(item.id, url, attemptId, Date.now());
    } catch (error) {
      const failure = toAppFailure(error);
      const step = afterPhotoFailure(failure.appError, failure.delivery);
      const now = Date.now();
      // A refusal here is about the photo, whatever Linq's words: the form marks the photo.
      const err: AppError =
        step.kind === 'fail' ? { ...failure.appError, field: 'photo' } : failure.appError;
      if (step.kind === 'pause') {
        store.finishAttempt(attemptId, 'photo-key-refused', err, item.id, {
          to: 'waiting',
          error: err,
          nextAttemptMs: now,
        });
        await pauseFor(err, target);
      } else if (step.kind === 'fail') {
        // A photo of one of the changes combined into this request: each goes on its own.
        const next: Transition = store.carriesOthers(item.id)
          ? { to: 'split', error: err }
          : { to: 'failed', error: err };
        store.finishAttempt(attemptId, 'photo-refused', err, item.id, next);
        if (next.to === 'failed') store.reapplyConfirmedIfNotActive(item.phoneNumber, item.id);
      } else {
        const unreachable = step.kind === 'retry' && step.unreachable;
        const delay = unreachable
          ? 0
          : retryDelayMs(item.attempts + 1, options.backoff, random, err.retryAfterSeconds);
        store.finishAttempt(attemptId, 'photo-not-uploaded', err, item.id, {
          to: 'waiting',
          error: err,
          nextAttemptMs: now + delay,
        });
        if (unreachable) connectivity.failed(err);
      }
      return null;
    }
  }

  async function send(waiting: OutboxRecord, target: LinqConnection): Promise<void> {
    const startedMs = Date.now();
    // The write is recorded against the budget here, before it leaves, unless a photo has to
    // go up first (then when its address is recorded, just before the card request).
    let begun: ReturnType<OutboxStore['beginSend']>;
    try {
      begun = store.beginSend(
        waiting.id,
        startedMs,
        (fields) => !needsUpload(fields),
        outcomes.writeNow,
      );
    } catch (error) {
      outcomes.rolledBack(error);
      throw error;
    }
    outcomes.committed();
    if (begun === null) return; // cancelled while the key was being read
    const { attemptId, item } = begun;
    options.changed();
    const sendable = await withPhoto(item, target, attemptId);
    if (!sendable) return;
    if (stopped) {
      // The photo went up while the app was stopping: the card waits for the next start, with
      // the uploaded image (recorded above), rather than go out as a new request now.
      store.finishAttempt(
        attemptId,
        'not-sent',
        null,
        item.id,
        { to: 'waiting', error: item.lastError, nextAttemptMs: Date.now() },
        'not-sent',
      );
      return;
    }
    let card: Card;
    try {
      card = await write(sendable, target);
    } catch (error) {
      return sendFailed(sendable, target, attemptId, startedMs, toAppFailure(error));
    }
    // Linq answered: the request slot is free at once, and this outcome is written with the
    // start of the next attempt (or on its own on the next turn), so a drain waits for one
    // commit per request, not two. Until then the item stays 'sending' in the file (a crash
    // now means a read-back, never a second send) and still holds back its number.
    connectivity.answered();
    answered.add(item.id);
    const recorded = outcomes.record(() => {
      if (!card.isActive) notActiveYet(sendable, attemptId, card, null);
      else
        store.finishAttempt(attemptId, 'applied', null, item.id, {
          to: 'done',
          card,
          confirmedBy: 'answer',
        });
    });
    pump();
    await recorded;
  }

  /**
   * Linq stored the card but did not make it active (its answer said so, or a 2022/4004 left
   * it so): read it again later and apply it again while Linq does not show it active, within
   * the budget, and ask the user after `maxTries`.
   */
  function notActiveYet(
    item: OutboxRecord,
    attemptId: number,
    card: Card | null,
    cause: AppError | null,
  ): void {
    const now = Date.now();
    const error = cause ?? appError('CARD_NOT_ACTIVE');
    if (item.notActiveTries + 1 >= options.notActive.maxTries) {
      store.finishAttempt(attemptId, 'not-active', error, item.id, {
        to: 'needs-decision',
        error,
        decision: { reason: 'not-active', serverCard: card },
        lineNotActive: true,
      });
      return;
    }
    store.finishAttempt(attemptId, 'not-active', error, item.id, {
      to: 'in-doubt',
      error,
      nextAttemptMs: now + options.notActive.checkAfterMs,
      notActiveTry: true,
      lineNotActive: true,
    });
  }

  async function sendFailed(
    item: OutboxRecord,
    target: LinqConnection,
    attemptId: number,
    startedMs: number,
    failure: AppFailure,
  ): Promise<void> {
    const error = asWriteFailure(failure.appError);
    const step = afterWriteFailure(error, failure.delivery, item.action);
    const now = Date.now();
    // A write that certainly never reached Linq does not count against the number's budget.
    const cardWrite = failure.delivery === 'not-sent' ? 'not-sent' : 'reached';
    // The outcome is recorded first; only then may reachability changes wake anyone up.
    const finish = (outcome: AttemptOutcome, next: Transition) => {
      store.finishAttempt(attemptId, outcome, error, item.id, next, cardWrite);
      if (failure.delivery === 'answered') connectivity.answered();
      else if ('unreachable' in step && step.unreachable) connectivity.failed(error);
    };
    if (item.sendsInFull && error.code === 'CARD_EXISTS') {
      // Sent in full as a POST because the card was left not active, and Linq says it is
      // active after all: the change goes again as the update it is (nothing was changed).
      finish('card-exists', { to: 'waiting', error, nextAttemptMs: now, lineNotActive: false });
      return;
    }
    switch (step.kind) {
      case 'retry': {
        const delay = step.unreachable
          ? 0 // the reachability probe does the waiting; send as soon as Linq answers again
          : retryDelayMs(item.attempts + 1, options.backoff, random, error.retryAfterSeconds);
        if (step.rateLimited && error.retryAfterSeconds !== undefined) {
          // A 429 on a card write is most likely the number's budget (spent from elsewhere):
          // the number waits the whole Retry-After, durably; every other send only briefly,
          // in case it was the account's limit.
          const waitMs = Math.ceil(error.retryAfterSeconds * 1000);
          holdUntilMs = Math.max(holdUntilMs, now + Math.min(waitMs, ACCOUNT_HOLD_CAP_MS));
          finish('not-applied', {
            to: 'waiting',
            error,
            nextAttemptMs: now + delay,
            holdLineUntilMs: now + waitMs,
          });
          return;
        }
        finish('not-applied', { to: 'waiting', error, nextAttemptMs: now + delay });
        return;
      }
      case 'hold': {
        // Not in doubt (Linq says it did not complete) and the card is left not active. No
        // write for the number before the hold is over: Retry now, a restart or reconnecting
        // cannot shorten it, since every send asks the recorded hold first.
        const untilMs = now + holdAfterLimitMs(options.budget, error.retryAfterSeconds);
        const tries = item.notActiveTries + 1;
        if (tries >= options.notActive.maxTries) {
          // The hold is written first: a crash during the read below must not lose it.
          store.holdLine(item.phoneNumber, untilMs);
          // (A read is no write: the hold allows it.)
          const serverCard = await cardForDecision(target, item.phoneNumber);
          finish('line-held', {
            to: 'needs-decision',
            error,
            decision: { reason: 'not-active', serverCard },
            holdLineUntilMs: untilMs,
            lineNotActive: true,
          });
          return;
        }
        finish('line-held', {
          to: 'waiting',
          error,
          nextAttemptMs: untilMs,
          holdLineUntilMs: untilMs,
          notActiveTry: true,
          lineNotActive: true,
        });
        return;
      }
      case 'check': {
        const nextAttemptMs = step.waitForTimeout
          ? Math.max(now, startedMs + options.requestTimeoutMs)
          : now + retryDelayMs(item.attempts + 1, options.backoff, random);
        finish('unknown', { to: 'in-doubt', error, nextAttemptMs });
        return;
      }
      case 'pause':
        finish('key-refused', { to: 'waiting', error, nextAttemptMs: now });
        await pauseFor(error, target);
        return;
      case 'decide': {
        const serverCard = await cardForDecision(target, item.phoneNumber);
        finish('card-exists', {
          to: 'needs-decision',
          error,
          decision: { reason: 'card-exists', serverCard },
        });
        return;
      }
      case 'fail':
        // One of the combined changes may be the one Linq refuses: find it by sending each on
        // its own rather than stop them all with it.
        if (store.carriesOthers(item.id)) finish('refused-combined', { to: 'split', error });
        else {
          finish('refused', { to: 'failed', error });
          store.reapplyConfirmedIfNotActive(item.phoneNumber, item.id);
        }
        return;
    }
  }

  async function readBack(item: OutboxRecord, target: LinqConnection): Promise<void> {
    const attemptId = store.beginReadBack(item.id, Date.now());
    if (attemptId === null) return;
    let serverCard: Card | null;
    try {
      serverCard = await linq.getCard(target, item.phoneNumber);
    } catch (error) {
      const failure = toAppFailure(error);
      const step = afterReadFailure(failure.appError, failure.delivery);
      const now = Date.now();
      if (step.kind === 'pause') {
        store.finishAttempt(attemptId, 'key-refused', failure.appError, item.id, {
          to: 'in-doubt',
          error: item.lastError,
          nextAttemptMs: now,
        });
        return pauseFor(failure.appError, target);
      }
      // A 429 (header or body, or the account's read gate still closed) is no failure of the
      // read: not counted, Linq is not unreachable, and the next read waits the whole time.
      const rateLimited = failure.appError.code === 'RATE_LIMITED';
      const failures = (readFailures.get(item.id) ?? 0) + (rateLimited ? 0 : 1);
      readFailures.set(item.id, failures);
      store.finishAttempt(attemptId, 'unreadable', failure.appError, item.id, {
        to: 'in-doubt',
        error: item.lastError,
        nextAttemptMs:
          now +
          retryDelayMs(
            Math.max(1, failures),
            options.backoff,
            random,
            failure.appError.retryAfterSeconds,
          ),
      });
      if (failure.delivery === 'answered' || rateLimited) connectivity.answered();
      else connectivity.failed(failure.appError);
      return;
    }
    connectivity.answered();
    readFailures.delete(item.id);
    const verdict = readBackVerdict(item, serverCard);
    if (verdict === 'applied' && serverCard && !serverCard.isActive) {
      return notActiveYet(item, attemptId, serverCard, null);
    }
    if (verdict === 'applied' && serverCard) {
      store.finishAttempt(attemptId, 'applied', null, item.id, {
        to: 'done',
        card: serverCard,
        confirmedBy: 'read-back',
      });
    } else if (verdict === 'not-applied' && item.lastError?.code === 'SETUP_INCOMPLETE') {
      // 500/2022 "did not complete": calling again is Linq's remedy, a bounded number of times
      // like any card Linq leaves not active (the budget paces the calls).
      if (item.notActiveTries + 1 >= options.notActive.maxTries) {
        store.finishAttempt(attemptId, 'not-active', item.lastError, item.id, {
          to: 'needs-decision',
          error: item.lastError,
          decision: { reason: 'not-active', serverCard },
        });
      } else {
        store.finishAttempt(attemptId, 'not-applied', null, item.id, {
          to: 'waiting',
          error: item.lastError,
          nextAttemptMs: Date.now(),
          notActiveTry: true,
        });
      }
    } else if (verdict === 'left-not-active') {
      // What the lost answer would have led to (see 'hold' in sendFailed): no write before
      // Linq's hold is over, then the change in full, as a POST (PATCH needs an active card).
      const untilMs = Date.now() + holdAfterLimitMs(options.budget);
      store.finishAttempt(attemptId, 'not-applied', null, item.id, {
        to: 'waiting',
        error: appError('CARD_NOT_ACTIVE'),
        nextAttemptMs: untilMs,
        holdLineUntilMs: untilMs,
        notActiveTry: true,
        lineNotActive: true,
      });
    } else if (verdict === 'not-applied') {
      store.finishAttempt(attemptId, 'not-applied', null, item.id, {
        to: 'waiting',
        error: item.lastError,
        nextAttemptMs: Date.now(),
      });
    } else {
      store.finishAttempt(attemptId, 'differs', null, item.id, {
        to: 'needs-decision',
        error: null,
        decision: { reason: 'differs-from-server', serverCard },
      });
    }
  }

  return {
    get pausedBy() {
      return pausedBy;
    },
    writeAllowedAtMs: (phoneNumber) => writeAllowedAtMs(phoneNumber),
    nextWakeMs() {
      const now = Date.now();
      const next = store.earliestDueMs(now);
      const held = holdUntilMs > now ? holdUntilMs : null;
      if (next === null || held === null) return next ?? held;
      return Math.min(next, held);
    },
    wake: pump,
    resume() {
      if (!pausedBy) return pump();
      pausedBy = null;
      options.changed();
      pump();
    },
    isBusy: (id) => inFlight.has(id),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      timerAtMs = Infinity;
      await Promise.allSettled([...inFlight.values()]);
    },
    abandon() {
      abandoned = true;
      return inFlight.size;
    },
  };
}
