// A rollout's lines in the Outbox (store/rollout-lines.ts) against a stand-in bridge: opening
// reads the first page, closing forgets them, a refresh keeps the rows on screen while they
// are read again, a failure is kept to show, and what in the snapshot moves the list.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RolloutItemsRequest, RolloutSummary } from '../../../../shared/rollout.schema.ts';
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import {
  lineAt,
  refreshLines,
  rolloutLinesKey,
  showLines,
  toggleLines,
  useRolloutLines,
} from '../../../../renderer/src/store/rollout-lines.ts';
import { installFakeWindow } from '../../../support/fake-window.ts';
import { outboxItem } from '../../../support/outbox-item.ts';

const TOTAL = 250;
let asked: RolloutItemsRequest[];
let state: OutboxItem['state'];
let failing: boolean;
/** When set, each answer waits for the test to let it go (in any order), with this total. */
let held: ((total: number) => void)[] | null;

beforeEach(() => {
  useRolloutLines.setState(useRolloutLines.getInitialState(), true);
  asked = [];
  state = 'waiting';
  failing = false;
  held = null;
  installFakeWindow({
    listRolloutItems: async (request: RolloutItemsRequest) => {
      asked.push(request);
      const total = held ? await new Promise<number>((resolve) => held!.push(resolve)) : TOTAL;
      if (failing) return { ok: false, error: { code: 'INTERNAL', message: 'No.' } as never };
      const count = Math.max(0, Math.min(request.limit, TOTAL - request.offset));
      const items = Array.from({ length: count }, (_, i) =>
        outboxItem({ id: request.offset + i + 1, state, rolloutId: request.id }),
      );
      return { ok: true, value: { total, items } };
    },
  });
});

afterEach(() => {
  if (useRolloutLines.getState().open[7]) toggleLines(7);
  vi.unstubAllGlobals();
});

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('rollout lines', () => {
  it('a page of lines closed and opened again meanwhile does not set the new list’s total', async () => {
    held = [];
    toggleLines(7);
    toggleLines(7);
    toggleLines(7);
    await settled();
    expect(held).toHaveLength(2);
    held[1]!(TOTAL);
    await settled();
    held[0]!(999);
    await settled();
    expect(useRolloutLines.getState().open[7]).toMatchObject({ total: TOTAL });
  });

  it('opening reads the first page; the list asks for more as it scrolls', async () => {
    toggleLines(7);
    expect(useRolloutLines.getState().open[7]).toMatchObject({ total: null });
    await settled();
    expect(asked).toEqual([{ id: 7, offset: 0, limit: 100 }]);
    expect(useRolloutLines.getState().open[7]).toMatchObject({ total: TOTAL, error: null });
    expect(lineAt(7, 0)?.id).toBe(1);
    expect(lineAt(7, 150)).toBeUndefined();
    showLines(7, 140, 210);
    await settled();
    expect(asked.slice(1).map((r) => r.offset)).toEqual([100, 200]);
    expect(lineAt(7, 150)?.id).toBe(151);
    expect(useRolloutLines.getState().opened).toEqual([7]);
  });

  it('a refresh keeps the rows on screen until they are read again', async () => {
    toggleLines(7);
    await settled();
    state = 'done';
    refreshLines(7);
    expect(lineAt(7, 0)?.state).toBe('waiting');
    await settled();
    expect(lineAt(7, 0)?.state).toBe('done');
  });

  it('closing forgets the lines but keeps the rollout listed; a failure is kept to show', async () => {
    toggleLines(7);
    await settled();
    toggleLines(7);
    expect(useRolloutLines.getState().open[7]).toBeUndefined();
    expect(lineAt(7, 0)).toBeUndefined();
    expect(useRolloutLines.getState().opened).toEqual([7]);

    failing = true;
    toggleLines(7);
    await settled();
    expect(useRolloutLines.getState().open[7]?.error).toMatchObject({ message: 'No.' });
    failing = false;
    refreshLines(7);
    await settled();
    expect(useRolloutLines.getState().open[7]).toMatchObject({ total: TOTAL, error: null });
  });
});

describe('what moves an open list', () => {
  const rollout = {
    id: 7,
    state: 'released',
    heldCount: 0,
    openCount: 2,
    doneCount: 1,
    cancelledCount: 0,
    pilot: { outboxId: 1, phoneNumber: '+1', outcome: 'done' },
  } as RolloutSummary;
  const own = outboxItem({ id: 2, rolloutId: 7, state: 'waiting' });
  const other = outboxItem({ id: 9, rolloutId: 8, state: 'waiting' });

  it('changes with its counts and with its own items’ states, not with other items', () => {
    const key = rolloutLinesKey(rollout, [own, other]);
    expect(rolloutLinesKey(rollout, [own, { ...other, state: 'sending' }])).toBe(key);
    expect(rolloutLinesKey(rollout, [{ ...own, state: 'sending' }, other])).not.toBe(key);
    expect(rolloutLinesKey({ ...rollout, doneCount: 2 }, [own, other])).not.toBe(key);
    expect(rolloutLinesKey({ ...rollout, state: 'cancelled' }, [own, other])).not.toBe(key);
  });
});
