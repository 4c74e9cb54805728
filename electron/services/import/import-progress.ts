// Follows imports through the outbox: each time the outbox publishes a change, the imports it
// may concern (unfinished ones, and any whose items changed since the last look: a failed row
// retried or edited reopens a finished import) are counted again, and each whose counts moved
// is published. Coalesced to a few updates a second; a 10,000-row drain is not 10,000 events.
import type { ImportProgress } from '../../../shared/import.schema.ts';
import { createCoalescer } from '../coalesce.ts';
import { isFinished, type ImportStore } from './import-store.ts';

export interface ImportProgressOptions {
  store: ImportStore;
  now: () => Date;
  emit: (progress: ImportProgress) => void;
  reportBug: (error: unknown) => void;
}

export interface ImportProgressTracker {
  /** Something in the outbox (or a new import) changed: look again soon. */
  changed(): void;
  close(): void;
}

/** At most four updates a second. */
const EVERY_MS = 250;

export function createImportProgress(options: ImportProgressOptions): ImportProgressTracker {
  const { store } = options;
  // Items cannot change while the app is closed, so only unfinished imports need a first look.
  let lastLook = options.now().toISOString();
  const published = new Map<number, string>();
  let closed = false;

  function look(): void {
    if (closed) return; // the database is closing
    const since = lastLook;
    lastLook = options.now().toISOString();
    for (const id of store.activeIds(since)) {
      const measured = store.measure(id);
      if (!measured) continue;
      const { progress, lastChange } = measured;
      // Finished when its last row reached a final state: a row reopened and final again
      // between two looks (an edit that went through at once) moves the time on too.
      const finishedAt = isFinished(progress.counts) ? (lastChange ?? lastLook) : null;
      if (finishedAt !== progress.finishedAt) {
        progress.finishedAt = finishedAt;
        store.setFinished(id, finishedAt);
      }
      const text = JSON.stringify(progress);
      if (published.get(id) === text) continue;
      published.set(id, text);
      options.emit(progress);
    }
  }

  const changed = createCoalescer(EVERY_MS, () => {
    try {
      look();
    } catch (error) {
      options.reportBug(error);
    }
  });
  changed();

  return {
    changed,
    close() {
      closed = true;
      changed.cancel();
    },
  };
}
