// The History screen's store (store/card-history.ts) against a stand-in bridge: the selection
// follows its card as rows move, a typed search is debounced and starts the list again, and
// a search typed back to what the list shows changes nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardHistory, CardQuery, CardRow } from '../../../../shared/card-history.schema.ts';
import type * as Module from '../../../../renderer/src/store/card-history.ts';
import { installFakeWindow } from '../../../support/fake-window.ts';

type Store = typeof Module;

let store: Store;
/** The history main holds, newest change first: the fake answers from it. */
let cards: string[];
let asked: CardQuery[];
/** When set, listCards answers with this failure. */
let failWith: string | null;

function row(phoneNumber: string): CardRow {
  return { phoneNumber, firstName: phoneNumber } as unknown as CardRow;
}

/** Lets the fake's answers (promises) arrive. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  cards = ['+1001', '+1002', '+1003'];
  asked = [];
  failWith = null;
  installFakeWindow({
    listCards: async (query) => {
      asked.push(query);
      if (failWith) {
        return { ok: false, error: { code: 'INTERNAL', message: failWith } as never };
      }
      const matching = cards.filter((number) => number.includes(query.query));
      const rows = matching.slice(query.offset, query.offset + query.limit).map(row);
      return { ok: true, value: { total: matching.length, rows } };
    },
    getCardHistory: async ({ phoneNumber }) => ({
      ok: true,
      value: { card: row(phoneNumber), events: [] } as unknown as CardHistory,
    }),
  });
  // A fresh module per test: its page cache and store start empty.
  vi.resetModules();
  store = await import('../../../../renderer/src/store/card-history.ts');
  store.openHistory();
  await settle();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const state = () => store.useCardHistory.getState();

describe('selection', () => {
  it('selects the card in a row and loads its timeline', async () => {
    expect(state().total).toBe(3);
    store.select(1);
    expect(state().selectedPhoneNumber).toBe('+1002');
    expect(state().selectedIndex).toBe(1);
    await settle();
    const detail = state().detail;
    expect(detail.status === 'loaded' && detail.history.card.phoneNumber).toBe('+1002');
  });

  it('follows the selected card when rows move', async () => {
    store.select(2);
    cards = ['+1003', '+1001', '+1002']; // +1003 changed: it moves to the top
    store.cardsChanged();
    await settle();
    expect(state().selectedPhoneNumber).toBe('+1003');
    expect(state().selectedIndex).toBe(0);
  });

  it('shows no selected row while the card is not among the loaded rows', async () => {
    store.select(0);
    cards = ['+1002', '+1003'];
    store.cardsChanged();
    await settle();
    expect(state().selectedPhoneNumber).toBe('+1001');
    expect(state().selectedIndex).toBeNull();
  });

  it('selects nothing in a row still loading', () => {
    store.select(50);
    expect(state().selectedPhoneNumber).toBeNull();
  });
});

describe('a list that cannot be read', () => {
  it('keeps saying so until a page is read again', async () => {
    failWith = 'The history could not be read.';
    store.cardsChanged();
    await settle();
    expect(state().listError?.message).toBe('The history could not be read.');
    failWith = null;
    store.cardsChanged();
    await settle();
    expect(state().listError).toBeNull();
  });
});

describe('search', () => {
  it('waits for a pause in typing, then starts the list again without a selection', async () => {
    store.select(1);
    store.setQuery('100');
    store.setQuery('1003');
    await settle();
    expect(asked.some((query) => query.query !== '')).toBe(false);
    vi.advanceTimersByTime(120);
    await settle();
    expect(asked.filter((query) => query.query !== '').map((query) => query.query)).toEqual([
      '1003',
    ]);
    expect(state().total).toBe(1);
    expect(state().selectedPhoneNumber).toBeNull();
    expect(state().selectedIndex).toBeNull();
    expect(state().detail.status).toBe('none');
  });

  it('changes nothing when the search is typed back to what the list shows', async () => {
    store.select(1);
    store.setQuery('1');
    store.setQuery('');
    vi.advanceTimersByTime(120);
    await settle();
    expect(state().selectedPhoneNumber).toBe('+1002');
    expect(state().selectedIndex).toBe(1);
  });

  it('runs a filter change and a cleared search at once', async () => {
    store.setFilter('failed');
    await settle();
    expect(asked.at(-1)).toMatchObject({ status: 'failed', offset: 0 });
    store.setQuery('1002');
    store.clearSearch();
    vi.advanceTimersByTime(120); // the typed search was replaced, not merely delayed
    await settle();
    expect(asked.some((query) => query.query === '1002')).toBe(false);
  });

  it('asks for the history’s cards when showing lines without a card', async () => {
    store.setFilter('no-card');
    await settle();
    expect(asked.at(-1)).toMatchObject({ status: 'all' });
  });
});
