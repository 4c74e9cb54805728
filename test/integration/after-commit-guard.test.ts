// After-commit callbacks run once a write is on disk. One that throws must not make the write
// look failed (the caller would submit the card again) nor silence the callbacks after it.
// Real SQLite files; the services test goes over real HTTP to the fake Linq API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { afterCommit, inTransaction, openDatabase } from '../../electron/services/store.ts';
import type * as CardIndexModule from '../../electron/services/card-history/card-index.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

// The history's in-memory index is the first listener of every card row change: make it throw
// for one number, as a bug in it would.
const BROKEN_NUMBER = '+14155550132';
vi.mock('../../electron/services/card-history/card-index.ts', async (importOriginal) => {
  const original = await importOriginal<typeof CardIndexModule>();
  return {
    ...original,
    createCardIndex: (...args: Parameters<typeof original.createCardIndex>) => {
      const index = original.createCardIndex(...args);
      return {
        ...index,
        update(entry: Parameters<typeof index.update>[0]) {
          if (entry.phoneNumber === BROKEN_NUMBER) throw new Error('index listener broke');
          index.update(entry);
        },
      };
    },
  };
});

let dir: string | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

it('reports a throwing after-commit callback, runs the others and returns the committed result', async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-after-commit-'));
  const reported: unknown[] = [];
  const db = openDatabase(dir, { reportCallbackError: (error) => reported.push(error) });
  try {
    db.exec('CREATE TABLE t (v INTEGER) STRICT');
    const ran: string[] = [];
    const result = inTransaction(db, () => {
      db.exec('INSERT INTO t VALUES (1)');
      afterCommit(db, () => {
        ran.push('first');
        throw new Error('listener broke');
      });
      afterCommit(db, () => ran.push('second'));
      return 'written';
    });
    expect(result).toBe('written');
    expect(ran).toEqual(['first', 'second']);
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).message).toBe('listener broke');
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
    // Outside a transaction the callback runs at once, guarded the same way.
    expect(() =>
      afterCommit(db, () => {
        throw new Error('again');
      }),
    ).not.toThrow();
    expect(reported).toHaveLength(2);
  } finally {
    db.close();
  }
});

it('answers a setup whose after-commit listener throws with success, queues it once and logs the bug', async () => {
  requireTestKeyring();
  const bugs: unknown[] = [];
  harness = await startHarness({ reportBug: (error) => bugs.push(error), syncOnConnect: false });
  await harness.withKey();
  // The line picker's listener comes after the broken one: it must still hear of the change.
  await harness.value('refreshLines');
  const linesEventsBefore = harness.events.filter((e) => e.name === 'linesChanged').length;

  const result = await harness.call('setupCard', { phoneNumber: BROKEN_NUMBER, firstName: 'Acme' });
  expect(result).toMatchObject({ ok: true });
  expect(bugs.some((bug) => bug instanceof Error && bug.message === 'index listener broke')).toBe(
    true,
  );

  const snapshot = harness.services.outboxSnapshot();
  expect(snapshot.items.filter((item) => item.phoneNumber === BROKEN_NUMBER)).toHaveLength(1);
  const id = snapshot.items[0]!.id;
  await harness.waitForItem(id, (item) => item.state === 'done');
  const posts = harness.fake.requests.filter(
    (r) => r.method === 'POST' && r.path.endsWith('/contact_card'),
  );
  expect(posts).toHaveLength(1);
  // The lines republish their cards (coalesced) because their listener still ran.
  await vi.waitFor(
    () =>
      expect(harness!.events.filter((e) => e.name === 'linesChanged').length).toBeGreaterThan(
        linesEventsBefore,
      ),
    { timeout: 5_000 },
  );
});
