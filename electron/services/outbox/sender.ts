// Drains the outbox: at most one request in flight per phone number, in submission order,
// and at most `concurrency` across numbers. Every attempt is recorded before its request
// leaves and its outcome after; what happens next is decided by send-policy.ts, and items
// whose outcome is unknown are read back (read-back.ts) before anything is sent again.
import type { Card } from '../../../shared/card.ts';
import type { AppError } from '../../../shared/errors.ts';
import { AppFailure } from '../failure.ts';
import { toAppFailure, type LinqClient, type LinqConnection } from '../linq-client.ts';
import type { Connectivity } from './connectivity.ts';
import type { OutboxRecord, OutboxStore, Transition } from './outbox-store.ts';
import { readBackVerdict } from './read-back.ts';
import { isLongLived } from '../photos/attachment-upload.ts';
import type { UploadStoredPhoto } from '../photos/photo-uploader.ts';
import {
  afterPhotoFailure,
  afterReadFailure,
  afterWriteFailure,
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
  random?: () => number;
  /** Turns an item's stored photo into an image URL before its card is sent. */
  uploadPhoto?: UploadStoredPhoto;
  /** Upload progress of an item's photo. */
  progress?: (itemId: number, sentBytes: number, totalBytes: number) => void;
  /** Something about the outbox changed (an item, the pause, the connection). */
  changed: () => void;
  reportBug: (error: unknown) => void;
}

export interface Sender {
  readonly pausedBy: AppError | null;
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
    const free = options.concurrency - inFlight.size;
    if (free > 0) {
      for (const item of store.due(now, free, new Set(inFlight.keys()))) start(item);
    }
    const next = store.earliestDueMs(now);
    if (next !== null) schedule(next);
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
    if (item.action === 'setup') {
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
    const known = item.fields.imageUrl;
    // A short-lived (presigned) download URL may have expired since: upload again.
    if (!photo || !options.uploadPhoto || (known !== undefined && isLongLived(known))) return item;
    try {
      const url = await options.uploadPhoto(photo, target, ({ sentBytes, totalBytes }) =>
        options.progress?.(item.id, sentBytes, totalBytes),
      );
      return store.recordImageUrl(item.id, url);
    } catch (error) {
      const failure = toAppFailure(error);
      const step = afterPhotoFailure(failure.appError, failure.delivery);
      const now = Date.now();
      const err = failure.appError;
      if (step.kind === 'pause') {
        store.finishAttempt(attemptId, 'photo-key-refused', err, item.id, {
          to: 'waiting',
          error: err,
          nextAttemptMs: now,
        });
        await pauseFor(err, target);
      } else if (step.kind === 'fail') {
        store.finishAttempt(attemptId, 'photo-refused', err, item.id, { to: 'failed', error: err });
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

  async function send(item: OutboxRecord, target: LinqConnection): Promise<void> {
    const startedMs = Date.now();
    const attemptId = store.beginAttempt(item.id, 'send', startedMs);
    if (attemptId === null) return; // cancelled while the key was being read
    options.changed();
    const sendable = await withPhoto(item, target, attemptId);
    if (!sendable) return;
    if (stopped) {
      // The photo went up while the app was stopping: the card waits for the next start, with
      // the uploaded image (recorded above), rather than go out as a new request now.
      store.finishAttempt(attemptId, 'not-sent', null, item.id, {
        to: 'waiting',
        error: item.lastError,
        nextAttemptMs: Date.now(),
      });
      return;
    }
    let card: Card;
    try {
      card = await write(sendable, target);
    } catch (error) {
      return sendFailed(sendable, target, attemptId, startedMs, toAppFailure(error));
    }
    connectivity.answered();
    store.finishAttempt(attemptId, 'applied', null, item.id, {
      to: 'done',
      card,
      confirmedBy: 'answer',
    });
  }

  async function sendFailed(
    item: OutboxRecord,
    target: LinqConnection,
    attemptId: number,
    startedMs: number,
    failure: AppFailure,
  ): Promise<void> {
    const error = failure.appError;
    const step = afterWriteFailure(error, failure.delivery, item.action);
    const now = Date.now();
    // The outcome is recorded first; only then may reachability changes wake anyone up.
    const finish = (outcome: string, next: Transition) => {
      store.finishAttempt(attemptId, outcome, error, item.id, next);
      if (failure.delivery === 'answered') connectivity.answered();
      else if ('unreachable' in step && step.unreachable) connectivity.failed(error);
    };
    switch (step.kind) {
      case 'retry': {
        const delay = step.unreachable
          ? 0 // the reachability probe does the waiting; send as soon as Linq answers again
          : retryDelayMs(item.attempts + 1, options.backoff, random, error.retryAfterSeconds);
        // A 429 is about the account, not this number: hold every send until it has passed.
        if (step.rateLimited && error.retryAfterSeconds !== undefined) {
          holdUntilMs = Math.max(holdUntilMs, now + Math.ceil(error.retryAfterSeconds * 1000));
        }
        finish('not-applied', { to: 'waiting', error, nextAttemptMs: now + delay });
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
        // Stopping: no new request, not even this read; the decision then shows no card from
        // Linq, as when the read fails.
        const serverCard = stopped
          ? null
          : await linq.getCard(target, item.phoneNumber).catch(() => null);
        finish('card-exists', {
          to: 'needs-decision',
          error,
          decision: { reason: 'card-exists', serverCard },
        });
        return;
      }
      case 'fail':
        finish('refused', { to: 'failed', error });
        return;
    }
  }

  async function readBack(item: OutboxRecord, target: LinqConnection): Promise<void> {
    const attemptId = store.beginAttempt(item.id, 'read-back', Date.now());
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
      const failures = (readFailures.get(item.id) ?? 0) + 1;
      readFailures.set(item.id, failures);
      store.finishAttempt(attemptId, 'unreadable', failure.appError, item.id, {
        to: 'in-doubt',
        error: item.lastError,
        nextAttemptMs: now + retryDelayMs(failures, options.backoff, random),
      });
      if (failure.delivery === 'answered') connectivity.answered();
      else connectivity.failed(failure.appError);
      return;
    }
    connectivity.answered();
    readFailures.delete(item.id);
    const verdict = readBackVerdict(item, serverCard);
    if (verdict === 'applied' && serverCard) {
      store.finishAttempt(attemptId, 'applied', null, item.id, {
        to: 'done',
        card: serverCard,
        confirmedBy: 'read-back',
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
