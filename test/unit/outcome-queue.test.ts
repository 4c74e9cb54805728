// The outcomes of answered requests, written with the next attempt's start or on the next
// turn: each settles exactly once, a failing one alone, and none is left waiting.
import { describe, expect, it, vi } from 'vitest';
import { createOutcomeQueue } from '../../electron/services/outbox/outcome-queue.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createOutcomeQueue', () => {
  it('writes what is queued inside the caller’s transaction when one comes first', async () => {
    const ownCommit = vi.fn((work: () => void) => work());
    const queue = createOutcomeQueue(ownCommit);
    const written: string[] = [];
    const a = queue.record(() => written.push('a'));
    const b = queue.record(() => written.push('b'));
    queue.writeNow(); // the next attempt's transaction
    expect(written).toEqual(['a', 'b']);
    let settled = false;
    void Promise.all([a, b]).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false); // not before that transaction has committed
    queue.committed();
    await expect(Promise.all([a, b])).resolves.toBeDefined();
    await nextTurn();
    expect(ownCommit).not.toHaveBeenCalled(); // nothing left for a commit of its own
  });

  it('writes on the next turn in one commit of their own when no attempt starts', async () => {
    const ownCommit = vi.fn((work: () => void) => work());
    const queue = createOutcomeQueue(ownCommit);
    const written: string[] = [];
    const done = Promise.all([
      queue.record(() => written.push('a')),
      queue.record(() => written.push('b')),
    ]);
    expect(written).toEqual([]); // not before the turn ends
    await done;
    expect(written).toEqual(['a', 'b']);
    expect(ownCommit).toHaveBeenCalledTimes(1);
  });

  it('fails only the outcome whose writes failed', async () => {
    const queue = createOutcomeQueue((work) => work());
    const bad = queue.record(() => {
      throw new Error('constraint');
    });
    const good = queue.record(() => {});
    await expect(bad).rejects.toThrow('constraint');
    await expect(good).resolves.toBeUndefined();
  });

  it('fails what was written in a transaction that was rolled back', async () => {
    const ownCommit = vi.fn((work: () => void) => work());
    const queue = createOutcomeQueue(ownCommit);
    const a = queue.record(() => {});
    queue.writeNow();
    queue.rolledBack(new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await nextTurn();
    expect(ownCommit).not.toHaveBeenCalled();
  });

  it('fails every waiting outcome when its transaction cannot begin (database closed)', async () => {
    const queue = createOutcomeQueue(() => {
      throw new Error('database is not open');
    });
    const results = await Promise.allSettled([queue.record(() => {}), queue.record(() => {})]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
