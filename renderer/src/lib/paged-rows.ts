// Rows of a long list fetched a page at a time, for a virtualised view: only the pages around
// what is on screen are asked for and kept, so 100,000 rows never cross IPC or sit in memory
// at once. A new query starts a new generation; answers to an older one are dropped, so a
// slow page of the previous search can never show up in the results of the current one.

export interface PageCacheOptions<T> {
  pageSize: number;
  fetchPage(offset: number, limit: number): Promise<T[]>;
  /** Called after a page arrived (or was dropped after failing): time to re-render. */
  onChange(): void;
  /**
   * Called when a page could not be fetched, after its onChange; the page is asked for again
   * on the next `ensure`.
   */
  onError?(error: unknown): void;
  /** Pages kept before the least recently wanted is dropped; default 20. */
  maxPages?: number;
}

export interface PageCache<T> {
  /** The row, or undefined while its page is loading (or not yet asked for). */
  get(index: number): T | undefined;
  /** Asks for the pages covering rows first..last (inclusive) that are not there or coming. */
  ensure(first: number, last: number): void;
  /**
   * Drops everything, for a new query: rows read as undefined until fetched again. The pages
   * of the last `ensure` are asked for again at once (the view's range may well not change),
   * so point `fetchPage` at the new query before calling this.
   */
  reset(): void;
  /**
   * For the same query with changed data: keeps showing the rows it has while the pages of
   * the last `ensure` are fetched again (the others when next wanted), and drops answers to
   * requests made before this call.
   */
  refresh(): void;
}

export function createPageCache<T>(options: PageCacheOptions<T>): PageCache<T> {
  const { pageSize, fetchPage, onChange, onError } = options;
  const maxPages = Math.max(1, options.maxPages ?? 20);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be >= 1');

  // Map order is recency: a page is moved to the end whenever it is wanted, so the first key
  // is the least recently wanted one.
  let pages = new Map<number, T[]>();
  let stale = new Set<number>();
  let loading = new Set<number>();
  let generation = 0;
  // The pages of the latest `ensure`: never evicted, even when they outnumber maxPages.
  let wantedFirst = 0;
  let wantedLast = -1;

  function evict(): void {
    for (const page of pages.keys()) {
      if (pages.size <= maxPages) return;
      if (page < wantedFirst || page > wantedLast) {
        pages.delete(page);
        stale.delete(page);
      }
    }
  }

  function load(page: number): void {
    const asked = generation;
    loading.add(page);
    // Through a promise so that a fetchPage that throws instead of rejecting is handled alike.
    new Promise<T[]>((resolve) => resolve(fetchPage(page * pageSize, pageSize))).then(
      (rows) => {
        if (asked !== generation) return;
        loading.delete(page);
        stale.delete(page);
        pages.delete(page);
        pages.set(page, rows);
        evict();
        onChange();
      },
      (error: unknown) => {
        if (asked !== generation) return;
        loading.delete(page);
        // In this order: a view clears its error when rows change, so the error comes last
        // and stays until a page is read (History's and Import's lists did lose it).
        onChange();
        onError?.(error);
      },
    );
  }

  function ensurePages(): void {
    for (let page = wantedFirst; page <= wantedLast; page++) {
      const rows = pages.get(page);
      if (rows) {
        pages.delete(page);
        pages.set(page, rows);
      }
      if ((!rows || stale.has(page)) && !loading.has(page)) load(page);
    }
  }

  return {
    get(index) {
      if (index < 0) return undefined;
      return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
    },

    ensure(first, last) {
      if (last < first) return;
      wantedFirst = Math.floor(Math.max(0, first) / pageSize);
      wantedLast = Math.floor(Math.max(0, last) / pageSize);
      ensurePages();
    },

    reset() {
      generation++;
      pages = new Map();
      stale = new Set();
      loading = new Set();
      ensurePages();
    },

    refresh() {
      generation++;
      stale = new Set(pages.keys());
      loading = new Set();
      ensurePages();
    },
  };
}
