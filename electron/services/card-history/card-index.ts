// The search behind the history view, in memory: 100,000 cards are a few megabytes of search
// text, and a linear pass over them takes a few milliseconds, where SQLite's LIKE needed two
// full scans (the page and the count) of 10+ ms each. Kept in change order, newest first, and
// updated as rows are written; the rows themselves are then read from SQLite by number.
import type { CardFilter } from '../../../shared/card-history.schema.ts';
import type { IndexEntry } from './card-record.ts';
import { matcherFor } from './search-text.ts';

export interface CardIndex {
  search(
    query: string,
    status: CardFilter,
    offset: number,
    limit: number,
  ): {
    total: number;
    phoneNumbers: string[];
  };
  /** Every match, in order (for the export). */
  all(query: string, status: CardFilter): string[];
  update(entry: IndexEntry): void;
  readonly size: number;
}

/** Changes kept aside before they are folded into the ordered list. */
const FOLD_AFTER = 1_000;

/** An entry as the index holds it: `live` is cleared when a later version replaces it. */
interface Slot {
  entry: IndexEntry;
  live: boolean;
}

export function createCardIndex(initial: Iterable<IndexEntry>): CardIndex {
  // `ordered` is newest change first; `recent` holds later changes, newest last, so that an
  // update costs O(1) (a bulk import or a first sync writes thousands of rows at once) and a
  // search reads `recent` backwards, then `ordered`, skipping slots a later one replaced.
  // Plain loops over plain slots: this runs over 100,000 rows on every keystroke.
  let ordered: Slot[] = [];
  let recent: Slot[] = [];
  const byNumber = new Map<string, Slot>();
  for (const entry of initial) {
    const slot = { entry, live: true };
    ordered.push(slot);
    byNumber.set(entry.phoneNumber, slot);
  }
  ordered.sort((a, b) => b.entry.changedAtMs - a.entry.changedAtMs);

  /** Calls `visit` with every live entry, newest first, until it returns false. */
  function each(visit: (entry: IndexEntry) => boolean): void {
    for (let i = recent.length - 1; i >= 0; i--) {
      const slot = recent[i]!;
      if (slot.live && !visit(slot.entry)) return;
    }
    for (let i = 0; i < ordered.length; i++) {
      const slot = ordered[i]!;
      if (slot.live && !visit(slot.entry)) return;
    }
  }

  function fold(): void {
    const next: Slot[] = [];
    for (let i = recent.length - 1; i >= 0; i--) if (recent[i]!.live) next.push(recent[i]!);
    for (const slot of ordered) if (slot.live) next.push(slot);
    ordered = next;
    recent = [];
  }

  function matches(query: string, status: CardFilter): (entry: IndexEntry) => boolean {
    const text = matcherFor(query);
    if (text === null) return status === 'all' ? () => true : (entry) => entry.status === status;
    return status === 'all'
      ? (entry) => text(entry.searchText)
      : (entry) => entry.status === status && text(entry.searchText);
  }

  return {
    search(query, status, offset, limit) {
      const test = matches(query, status);
      const phoneNumbers: string[] = [];
      let total = 0;
      each((entry) => {
        if (!test(entry)) return true;
        if (total >= offset && phoneNumbers.length < limit) phoneNumbers.push(entry.phoneNumber);
        total++;
        return true;
      });
      return { total, phoneNumbers };
    },
    all(query, status) {
      const test = matches(query, status);
      const found: string[] = [];
      each((entry) => {
        if (test(entry)) found.push(entry.phoneNumber);
        return true;
      });
      return found;
    },
    update(entry) {
      const previous = byNumber.get(entry.phoneNumber);
      if (previous) previous.live = false;
      const slot = { entry, live: true };
      byNumber.set(entry.phoneNumber, slot);
      // Changes are made "now", so they arrive newest last; an older one (a migrated row's
      // own time) is put in its place at once.
      const newest = recent.at(-1) ?? ordered[0];
      recent.push(slot);
      if (newest && entry.changedAtMs < newest.entry.changedAtMs) {
        fold();
        ordered.sort((a, b) => b.entry.changedAtMs - a.entry.changedAtMs);
      } else if (recent.length >= FOLD_AFTER) {
        fold();
      }
    },
    get size() {
      return byNumber.size;
    },
  };
}
