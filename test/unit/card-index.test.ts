// The history's search index: newest change first, a changed row moving to the front, rows
// replaced by later versions never counted twice, and many changes at once staying cheap.
import { describe, expect, it } from 'vitest';
import { createCardIndex } from '../../electron/services/card-history/card-index.ts';
import type { IndexEntry } from '../../electron/services/card-history/card-record.ts';
import { searchTextOf } from '../../electron/services/card-history/search-text.ts';

function entry(
  n: number,
  at: number,
  status: IndexEntry['status'] = 'active',
  name = `Store ${n}`,
): IndexEntry {
  const phoneNumber = `+1415555${String(n).padStart(4, '0')}`;
  return {
    phoneNumber,
    changedAtMs: at,
    status,
    searchText: searchTextOf({ phoneNumber, names: [name] }),
  };
}

describe('card index', () => {
  it('lists newest change first, and a changed row moves to the front once', () => {
    const index = createCardIndex([entry(1, 100), entry(2, 300), entry(3, 200)]);
    expect(index.search('', 'all', 0, 10).phoneNumbers).toEqual([
      '+14155550002',
      '+14155550003',
      '+14155550001',
    ]);
    index.update(entry(1, 400, 'failed'));
    const found = index.search('', 'all', 0, 10);
    expect(found).toEqual({
      total: 3,
      phoneNumbers: ['+14155550001', '+14155550002', '+14155550003'],
    });
    expect(index.search('', 'failed', 0, 10).phoneNumbers).toEqual(['+14155550001']);
    expect(index.search('', 'active', 0, 10).total).toBe(2);
    expect(index.size).toBe(3);
  });

  it('keeps order and counts through thousands of changes (folded in batches)', () => {
    const index = createCardIndex(Array.from({ length: 5_000 }, (_, n) => entry(n, n)));
    let at = 10_000;
    for (let round = 0; round < 3; round++) {
      for (let n = 0; n < 2_500; n++) index.update(entry(n * 2, at++));
    }
    const all = index.all('', 'all');
    expect(all).toHaveLength(5_000);
    expect(new Set(all).size).toBe(5_000);
    // The last rows changed come first, newest first.
    expect(all.slice(0, 2)).toEqual([entry(4_998, 0).phoneNumber, entry(4_996, 0).phoneNumber]);
    expect(index.search('store 4998', 'all', 0, 5).phoneNumbers).toEqual([
      entry(4_998, 0).phoneNumber,
    ]);
  });

  it('pages through matches with offset and limit', () => {
    const index = createCardIndex(Array.from({ length: 50 }, (_, n) => entry(n, n)));
    const page = index.search('', 'all', 10, 5);
    expect(page.total).toBe(50);
    expect(page.phoneNumbers).toEqual([39, 38, 37, 36, 35].map((n) => entry(n, 0).phoneNumber));
  });
});
