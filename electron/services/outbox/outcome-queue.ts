// Outcomes of answered requests, written together with the start of the next attempt. Every
// commit is fsynced (synchronous=FULL) and node:sqlite blocks the thread while it syncs, so a
// drain that wrote each outcome and each start on its own waited for two syncs per request.
// The next attempt's start must still be committed before its request leaves; an outcome may
// come a moment later (until then its item is 'sending' in the file: a crash means a read-back,
// never a second send). So an outcome waits for the next start's commit, or for the event
// loop's next turn, whichever comes first. Each outcome settles only once its commit is known:
// resolved when it committed, rejected (so the sender recovers its item) when it did not.

export interface OutcomeQueue {
  /** Queues `work` (one outcome's writes); settles once its transaction has ended. */
  record(work: () => void): Promise<void>;
  /** Runs what is queued now, inside the caller's transaction; then committed() or rolledBack(). */
  writeNow(): void;
  /** The caller's transaction committed: what writeNow ran is settled. */
  committed(): void;
  /** The caller's transaction was rolled back: what writeNow ran fails with it. */
  rolledBack(error: unknown): void;
}

interface Queued {
  work: () => void;
  settle: (error?: unknown) => void;
}

/** `inOneCommit` runs its argument in one transaction of the database. */
export function createOutcomeQueue(inOneCommit: (work: () => void) => void): OutcomeQueue {
  const queued: Queued[] = [];
  /** Written in a transaction not ended yet, with how each went. */
  let written: { settle: Queued['settle']; error?: unknown }[] = [];
  let flushQueued = false;

  function writeNow(): void {
    for (const { work, settle } of queued.splice(0)) {
      try {
        work();
        written.push({ settle });
      } catch (error) {
        written.push({ settle, error: error ?? new Error('outcome failed') });
      }
    }
  }

  function committed(): void {
    const done = written;
    written = [];
    for (const { settle, error } of done) settle(error);
  }

  function rolledBack(error: unknown): void {
    const undone = written;
    written = [];
    for (const { settle } of undone) settle(error ?? new Error('rolled back'));
  }

  function flush(): void {
    flushQueued = false;
    if (queued.length === 0) return;
    try {
      inOneCommit(writeNow);
    } catch (error) {
      // Rolled back, or the transaction could not even begin (the database is closed or
      // failing): every outcome in it fails, and its item, still 'sending' in the file, is
      // recovered by the sender (or read back at the next start).
      rolledBack(error);
      for (const { settle } of queued.splice(0)) settle(error ?? new Error('not written'));
      return;
    }
    committed();
  }

  return {
    record(work) {
      return new Promise((resolve, reject) => {
        queued.push({
          work,
          settle: (error) =>
            error === undefined
              ? resolve()
              : reject(error instanceof Error ? error : new Error(String(error))),
        });
        if (!flushQueued) {
          flushQueued = true;
          setImmediate(flush);
        }
      });
    },
    writeNow,
    committed,
    rolledBack,
  };
}
