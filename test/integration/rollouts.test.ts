// "One line first" through the real services, the fake Linq API and SQLite: the first line
// goes, the rest are held (durably, across a restart) and nothing of them reaches Linq until
// the user chooses Send the rest; Cancel the rest sends nothing; a held line keeps its order.
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { RolloutSummary } from '../../shared/rollout.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';
import {
  drainUnrelated,
  importWith,
  rolloutItems,
  rolloutNumber,
  setupRows,
  waitForAllDone,
  waitForRollout,
  writtenNumbers,
} from '../support/rollouts.ts';

requireTestKeyring();

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function started(): Promise<Harness> {
  h = await startHarness();
  await h.withKey();
  return h;
}

describe('one line first', () => {
  it('sends the first line and nothing else until Send the rest, across a restart', async () => {
    const h = await started();
    const rows = setupRows(5);
    const numbers = rows.map((row) => row.phoneNumber);
    const progress = await importWith(h, rows, { firstLineFirst: true });
    expect(progress.total).toBe(5);

    const held = await waitForRollout(h, (r) => r.pilot?.outcome === 'done');
    expect(held).toMatchObject({
      label: 'stores.csv',
      importId: progress.id,
      state: 'held',
      pilot: { phoneNumber: numbers[0] },
      heldCount: 4,
      doneCount: 1,
    });
    expect(held.expectedLastAt).not.toBeNull();

    await h.restart();
    await drainUnrelated(h, 1);
    expect(writtenNumbers(h, numbers)).toEqual([numbers[0]]);
    // Held items are the rollout's, not the outbox's list or counts.
    const snapshot = h.services.outboxSnapshot();
    expect(snapshot.status.counts.waiting).toBe(0);
    expect(snapshot.items.filter((item) => item.held)).toEqual([]);
    const items = await rolloutItems(h, held.id);
    expect(items.map((item) => item.held)).toEqual([false, true, true, true, true]);
    expect(items.slice(1).map((item) => item.state)).toEqual([
      'waiting',
      'waiting',
      'waiting',
      'waiting',
    ]);

    const released = await h.value<RolloutSummary>('decideRollout', {
      id: held.id,
      action: 'send-rest',
    });
    expect(released).toMatchObject({ state: 'released', releasedHow: 'send-rest', heldCount: 0 });
    await waitForAllDone(h, held.id);
    expect(writtenNumbers(h, numbers).sort()).toEqual([...numbers].sort());
  });

  it('Cancel the rest cancels every held item and sends none of them', async () => {
    const h = await started();
    const rows = setupRows(4, 10);
    const numbers = rows.map((row) => row.phoneNumber);
    await importWith(h, rows, { firstLineFirst: true });
    const held = await waitForRollout(h, (r) => r.pilot?.outcome === 'done');

    const cancelled = await h.value<RolloutSummary>('decideRollout', {
      id: held.id,
      action: 'cancel',
    });
    expect(cancelled).toMatchObject({ state: 'cancelled', heldCount: 0, cancelledCount: 3 });
    await drainUnrelated(h, 2);
    expect(writtenNumbers(h, numbers)).toEqual([numbers[0]]);
    const items = await rolloutItems(h, held.id);
    expect(items.map((item) => item.state)).toEqual([
      'done',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    // A decided rollout cannot be decided again.
    const again = await h.call('decideRollout', { id: held.id, action: 'send-rest' });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('held items cancelled one by one close the rollout as cancelled, never as the rest sent', async () => {
    const h = await started();
    const rows = setupRows(3, 30);
    await importWith(h, rows, { firstLineFirst: true });
    const held = await waitForRollout(h, (r) => r.pilot?.outcome === 'done');
    for (const item of (await rolloutItems(h, held.id)).slice(1)) {
      expect(await h.call('cancelOutboxItem', { id: item.id })).toMatchObject({ ok: true });
    }
    const closed = await waitForRollout(h, (r) => r.id === held.id && r.state !== 'held');
    expect(closed).toMatchObject({ state: 'cancelled', heldCount: 0, cancelledCount: 2 });
    expect(closed.releasedHow).toBeNull();
  });

  it('a later edit of a held line waits behind it, never combined with it nor sent first', async () => {
    const h = await started();
    const numbers = [rolloutNumber(20), rolloutNumber(21)];
    for (const phone of numbers) {
      h.fake.seedCard({ phone_number: phone, first_name: 'Old', last_name: 'Name' });
    }
    const rows = numbers.map((phoneNumber, i) => ({
      line: i + 2,
      action: 'update' as const,
      phoneNumber,
      firstName: 'New',
      lastName: 'Brand',
    }));
    await importWith(h, rows, { firstLineFirst: true });
    const held = await waitForRollout(h, (r) => r.pilot?.outcome === 'done');

    // The held line is edited by hand: the edit waits for the held change ahead of it.
    const edit = await h.value<OutboxItem>('updateCard', {
      phoneNumber: numbers[1],
      lastName: 'Edited',
    });
    const refused = await h.call('retryOutboxItem', {
      id: (await rolloutItems(h, held.id))[1]!.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await drainUnrelated(h, 3);
    expect(writtenNumbers(h, numbers)).toEqual([numbers[0]]);
    const waiting = h.services.outboxSnapshot().items.find((i) => i.id === edit.id);
    expect(waiting).toMatchObject({ state: 'waiting', combinedInto: null });

    await h.value('decideRollout', { id: held.id, action: 'send-rest' });
    await h.waitForItem(edit.id, (item) => item.state === 'done');
    await waitForAllDone(h, held.id);
    // The edit came last: the card ends with it, over the import's values.
    expect(h.fake.cards.get(numbers[1]!)).toMatchObject({ first_name: 'New', last_name: 'Edited' });
  });
});
