// The page cache behind the history list: each page asked for once, a bounded number kept, and
// never a row of an older query shown in a newer one.
import { describe, expect, it } from 'vitest';
import { createPageCache } from '../../../../renderer/src/lib/paged-rows.ts';

interface Request {
  offset: number;
  limit: number;
  answer(rows: string[]): void;
  fail(error: unknown): void;
}

/** A fetchPage whose answers the test gives by hand, in any order. */
function manualFetcher() {
  const requests: Request[] = [];
  const fetchPage = (offset: number, limit: number) =>
    new Promise<string[]>((resolve, reject) => {
      requests.push({ offset, limit, answer: resolve, fail: reject });
    });
  return { requests, fetchPage };
}

const rowsOf = (offset: number, limit: number, tag = 'row') =>
  Array.from({ length: limit }, (_, i) => `${tag} ${offset + i}`);

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(maxPages?: number) {
  const fetcher = manualFetcher();
  let changes = 0;
  const errors: unknown[] = [];
  const cache = createPageCache<string>({
    pageSize: 10,
    fetchPage: fetcher.fetchPage,
    onChange: () => changes++,
    onError: (error) => errors.push(error),
    ...(maxPages === undefined ? {} : { maxPages }),
  });
  return { cache, requests: fetcher.requests, changes: () => changes, errors };
}

describe('createPageCache', () => {
  it('reads undefined while a page loads, then its rows', async () => {
    const { cache, requests, changes } = setup();
    cache.ensure(12, 15);
    expect(cache.get(12)).toBeUndefined();
    expect(requests.map((r) => [r.offset, r.limit])).toEqual([[10, 10]]);
    requests[0]!.answer(rowsOf(10, 10));
    await settle();
    expect(cache.get(12)).toBe('row 12');
    expect(cache.get(19)).toBe('row 19');
    expect(cache.get(20)).toBeUndefined();
    expect(cache.get(-1)).toBeUndefined();
    expect(changes()).toBe(1);
  });

  it('asks for each page once, however often and in whatever overlap it is wanted', async () => {
    const { cache, requests } = setup();
    cache.ensure(0, 25);
    cache.ensure(5, 29);
    cache.ensure(20, 20);
    expect(requests.map((r) => r.offset)).toEqual([0, 10, 20]);
    for (const request of requests) request.answer(rowsOf(request.offset, request.limit));
    await settle();
    cache.ensure(0, 29);
    expect(requests).toHaveLength(3);
  });

  it('keeps at most maxPages pages, dropping the least recently wanted', async () => {
    const { cache, requests } = setup(3);
    for (const page of [0, 1, 2]) {
      cache.ensure(page * 10, page * 10 + 9);
      requests.at(-1)!.answer(rowsOf(page * 10, 10));
      await settle();
    }
    cache.ensure(0, 9); // page 0 wanted again: page 1 is now the least recent
    cache.ensure(30, 39);
    requests.at(-1)!.answer(rowsOf(30, 10));
    await settle();
    expect(cache.get(0)).toBe('row 0');
    expect(cache.get(10)).toBeUndefined();
    expect(cache.get(20)).toBe('row 20');
    expect(cache.get(30)).toBe('row 30');
    cache.ensure(10, 19);
    expect(requests.at(-1)!.offset).toBe(10);
  });

  it('never drops the pages currently wanted, even when they outnumber maxPages', async () => {
    const { cache, requests } = setup(2);
    cache.ensure(0, 39);
    for (const request of requests) request.answer(rowsOf(request.offset, request.limit));
    await settle();
    expect([0, 10, 20, 30].map((i) => cache.get(i))).toEqual([
      'row 0',
      'row 10',
      'row 20',
      'row 30',
    ]);
  });

  it('after reset, drops the late answers of the older query and fetches the wanted pages again', async () => {
    const { cache, requests, changes } = setup();
    cache.ensure(0, 9);
    const old = requests[0]!;
    cache.reset();
    expect(cache.get(0)).toBeUndefined();
    expect(requests).toHaveLength(2);
    requests[1]!.answer(rowsOf(0, 10, 'new'));
    await settle();
    old.answer(rowsOf(0, 10, 'old'));
    await settle();
    expect(cache.get(0)).toBe('new 0');
    expect(changes()).toBe(1);
  });

  it('after reset, forgets the rows it had', async () => {
    const { cache, requests } = setup();
    cache.ensure(0, 9);
    requests[0]!.answer(rowsOf(0, 10));
    await settle();
    cache.reset();
    expect(cache.get(0)).toBeUndefined();
  });

  it('on refresh, keeps showing its rows until the new ones arrive', async () => {
    const { cache, requests } = setup();
    cache.ensure(0, 9);
    requests[0]!.answer(rowsOf(0, 10, 'old'));
    await settle();
    cache.refresh();
    expect(cache.get(0)).toBe('old 0');
    expect(requests).toHaveLength(2);
    requests[1]!.answer(rowsOf(0, 10, 'new'));
    await settle();
    expect(cache.get(0)).toBe('new 0');
  });

  it('reports a failed page and asks for it again when next wanted', async () => {
    const { cache, requests, errors } = setup();
    cache.ensure(0, 9);
    requests[0]!.fail(new Error('gone'));
    await settle();
    expect(errors).toEqual([new Error('gone')]);
    expect(cache.get(0)).toBeUndefined();
    cache.ensure(0, 9);
    expect(requests).toHaveLength(2);
  });

  it('reports a failed page after its re-render, so a view that clears its error on change keeps it', async () => {
    let shown: unknown = null;
    const fetcher = manualFetcher();
    const cache = createPageCache<string>({
      pageSize: 10,
      fetchPage: fetcher.fetchPage,
      onChange: () => (shown = null),
      onError: (error) => (shown = error),
    });
    cache.ensure(0, 9);
    fetcher.requests[0]!.fail(new Error('offline'));
    await settle();
    expect(shown).toEqual(new Error('offline'));
    cache.ensure(0, 9);
    fetcher.requests[1]!.answer(rowsOf(0, 10));
    await settle();
    expect(shown).toBeNull();
  });

  it('treats a fetchPage that throws like one that rejects', async () => {
    const errors: unknown[] = [];
    const cache = createPageCache<string>({
      pageSize: 10,
      fetchPage: () => {
        throw new Error('sync');
      },
      onChange: () => {},
      onError: (error) => errors.push(error),
    });
    cache.ensure(0, 0);
    await settle();
    expect(errors).toEqual([new Error('sync')]);
  });
});
