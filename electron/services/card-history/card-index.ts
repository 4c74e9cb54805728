// The search behind the history view, in memory: 100,000 cards are a few megabytes of search
// text, and a linear pass over them takes a few milliseconds, where SQLite's LIKE needed two
// full scans (the page and the count) of 10+ ms each. Kept in change order, newest first, and
// updated as rows are written; the rows themselves are then read from SQLite by number.
import type { CardFilter } from '../../../shared/card-history.ts';
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

export function createCardIndex(initial: Iterable<IndexEntry>): CardIndex {
  // Newest change first (the rows come that way); a change moves its row to the front.
  const entries: IndexEntry[] = [];
  const byNumber = new Map<string, IndexEntry>();
  for (const entry of initial) {
    entries.push(entry);
    byNumber.set(entry.phoneNumber, entry);
  }
  entries.sort((a, b) => b.changedAtMs - a.changedAtMs);

  function matches(query: string, status: CardFilter): (entry: IndexEntry) => boolean {
    const text = matcherFor(query);
    return (entry) =>
      (status === 'all' || entry.status === status) && (text === null || text(entry.searchText));
  }

  return {
    search(query, status, offset, limit) {
      const test = matches(query, status);
      const phoneNumbers: string[] = [];
      let total = 0;
      for (const entry of entries) {
        if (!test(entry)) continue;
        if (total >= offset && phoneNumbers.length < limit) phoneNumbers.push(entry.phoneNumber);
        total++;
      }
      return { total, phoneNumbers };
    },
    all(query, status) {
      const test = matches(query, status);
      return entries.filter(test).map((entry) => entry.phoneNumber);
    },
    update(entry) {
      const previous = byNumber.get(entry.phoneNumber);
      if (previous) entries.splice(entries.indexOf(previous), 1);
      byNumber.set(entry.phoneNumber, entry);
      // Almost always the newest: find its place from the front.
      let at = 0;
      while (at < entries.length && entries[at]!.changedAtMs > entry.changedAtMs) at++;
      entries.splice(at, 0, entry);
    },
    get size() {
      return entries.length;
    },
  };
}
