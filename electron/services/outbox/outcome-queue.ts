// Outcomes of answered requests, written together with the start of the next attempt. Every
// commit is fsynced (synchronous=FULL) and node:sqlite blocks the thread while it syncs, so a
// drain that wrote each outcome and each start on its own waited for two syncs per request.
// The next attempt's start must still be committed before its request leaves; an outcome may
// come a moment later (until then its item is 'sending' in the file: a crash means a read-back,
// never a second send). So an outcome waits for the next start's commit, or for the event
// loop's next turn, whichever comes first.

export interface OutcomeQueue {
  /** Queues `work` (one outcome's writes); resolves once it ran, rejects if it failed. */
  record(work: () => void): Promise<void>;
  /** Runs what is queued now, inside the caller's transaction (each settles on its own). */
  writeNow(): void;
}

interface Queued {
  work: () => void;
  settle: (error?: unknown) => void;
}

/** `inOneCommit` runs its argument in one transaction of the database. */
export function createOutcomeQueue(inOneCommit: (work: () => void) => void): OutcomeQueue {
  const queued: Queued[] = [];
  let flushQueued = false;

  function writeNow(): void {
    for (const { work, settle } of queued.splice(0)) {
      try {
        work();
        settle();
      } catch (error) {
        settle(error);
      }
    }
  }

  function flush(): void {
    flushQueued = false;
    if (queued.length === 0) return;
    try {
      inOneCommit(writeNow);
    } catch (error) {
      // The transaction could not even begin (the database is closed or failing): every
      // outcome waiting fails with it, and its item, still 'sending' in the file, is read back
      // at the next start. (One whose commit failed after it ran stays so too.)
      for (const { settle } of queued.splice(0)) settle(error);
    }
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
  };
}
