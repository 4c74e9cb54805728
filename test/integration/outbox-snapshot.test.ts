// Outbox snapshots are built again only when the outbox changed (they are asked for several
// times a second while it drains): whatever changed it, through the store or through another
// connection to the file, the next snapshot shows it.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { countingWrites } from '../../electron/services/outbox/outbox.ts';
import type { OutboxStore } from '../../electron/services/outbox/outbox-store.ts';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const number = (i: number) => `+1415555${String(100 + i).padStart(4, '0')}`;

describe('outbox snapshots', () => {
  it('show every change made through the outbox, and none twice', async () => {
    await h.fake.goOffline();
    const items: OutboxItem[] = [];
    for (let i = 0; i < 3; i++) {
      items.push(
        await h.value<OutboxItem>('setupCard', { phoneNumber: number(i), firstName: `S${i}` }),
      );
      const snapshot = h.services.outboxSnapshot();
      expect(snapshot.items.map((item) => item.id)).toEqual(items.map((item) => item.id));
      expect(snapshot.status.counts.waiting).toBe(i + 1);
    }
    const again = h.services.outboxSnapshot();
    expect(again).toEqual(h.services.outboxSnapshot());

    await h.value('cancelOutboxItem', { id: items[1]!.id });
    const after = h.services.outboxSnapshot();
    expect(after.items.find((item) => item.id === items[1]!.id)).toMatchObject({
      state: 'cancelled',
    });
    expect(after.status.counts.waiting).toBe(2);

    // Sent once Linq is back: the snapshot follows the sender's writes too.
    await h.withKey();
    await h.fake.goOnline();
    await h.value('checkConnection');
    await vi.waitFor(
      async () => {
        const snapshot = h.services.outboxSnapshot();
        expect(snapshot.status.counts.waiting + snapshot.status.counts.sending).toBe(0);
        expect(snapshot.items.filter((item) => item.state === 'done')).toHaveLength(2);
      },
      { timeout: 10_000, interval: 20 },
    );
  });

  it('show a change another connection committed to the file', async () => {
    await h.fake.goOffline();
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: number(0),
      firstName: 'Other',
    });
    expect(h.services.outboxSnapshot().status.counts.waiting).toBe(1);

    const other = new DatabaseSync(join(h.dataDir, DATABASE_FILE));
    try {
      other.exec('PRAGMA busy_timeout = 5000');
      other.prepare(`UPDATE outbox SET state = 'failed' WHERE id = ?`).run(item.id);
    } finally {
      other.close();
    }
    const snapshot = h.services.outboxSnapshot();
    expect(snapshot.items).toMatchObject([{ id: item.id, state: 'failed' }]);
    expect(snapshot.status.counts).toMatchObject({ waiting: 0, failed: 1 });
  });
});

describe('an update in the snapshot', () => {
  it('carries the names of the card Linq last confirmed until it is done, then the card it made', async () => {
    h.fake.seedCard({ phone_number: number(7), first_name: 'Harbor', last_name: 'Front Desk' });
    await h.withKey();
    await h.value('syncCards');
    await h.fake.goOffline();
    const update = await h.value<OutboxItem>('updateCard', {
      phoneNumber: number(7),
      lastName: 'Help Desk',
    });
    const waiting = h.services.outboxSnapshot().items.find((item) => item.id === update.id);
    expect(waiting).toMatchObject({
      fields: { lastName: 'Help Desk' },
      confirmedNames: { firstName: 'Harbor', lastName: 'Front Desk' },
    });
    // A number whose card nobody confirmed has no names to show the change on.
    const unknown = await h.value<OutboxItem>('updateCard', {
      phoneNumber: number(8),
      firstName: 'Nobody',
    });
    const snapshot = h.services.outboxSnapshot();
    expect(snapshot.items.find((item) => item.id === unknown.id)?.confirmedNames).toBeNull();

    await h.fake.goOnline();
    const done = await h.waitForItem(update.id, (item) => item.state === 'done', 15_000);
    expect(done.confirmedNames).toBeUndefined();
    expect(done.card).toMatchObject({ firstName: 'Harbor', lastName: 'Help Desk' });
  });
});

describe('countingWrites', () => {
  it('counts every store method but the known reads, even one added later, and even when it throws', () => {
    const calls: string[] = [];
    const method = (name: string) => () => {
      calls.push(name);
      if (name === 'transition') throw new Error('refused');
      return name;
    };
    const names = [
      'get',
      'due',
      'earliestDueMs',
      'hasLaterForNumber',
      'counts',
      'snapshot',
      'enqueue',
      'beginAttempt',
      'finishAttempt',
      'transition',
      'mergeInto', // a write the wrapper has never heard of
    ];
    const store = Object.fromEntries(names.map((name) => [name, method(name)]));
    let writes = 0;
    const counted = countingWrites(
      store as unknown as OutboxStore,
      () => writes++,
    ) as unknown as Record<string, () => unknown>;

    for (const read of ['get', 'due', 'earliestDueMs', 'hasLaterForNumber', 'counts', 'snapshot']) {
      expect(counted[read]!()).toBe(read);
    }
    expect(writes).toBe(0);
    expect(counted.enqueue!()).toBe('enqueue');
    counted.beginAttempt!();
    counted.finishAttempt!();
    expect(() => counted.transition!()).toThrow('refused');
    counted.mergeInto!();
    expect(writes).toBe(5);
    expect(calls).toEqual(names);
  });
});
