// The window's listRolloutItems request through the real dispatcher, services, SQLite and the
// fake Linq API: a rollout's lines in submission order with held ones included (the Outbox's
// tables leave them out), paged, and a request out of bounds refused before it reads anything.
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';
import { importWith, setupRows, waitForRollout } from '../support/rollouts.ts';

requireTestKeyring();

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Page = { total: number; items: OutboxItem[] };

describe('listRolloutItems', () => {
  it('lists a held import’s lines in submission order, the first sent and the rest held', async () => {
    h = await startHarness();
    await h.withKey();
    const rows = setupRows(7);
    await importWith(h, rows, { firstLineFirst: true });
    const held = await waitForRollout(h, (r) => r.pilot?.outcome === 'done');
    // Held items are in no list the window has otherwise.
    expect(h.services.outboxSnapshot().items.some((item) => item.held)).toBe(false);

    const all = await h.value<Page>('listRolloutItems', { id: held.id, offset: 0, limit: 500 });
    expect(all.total).toBe(7);
    expect(all.items.map((item) => item.phoneNumber)).toEqual(rows.map((r) => r.phoneNumber));
    expect(all.items.map((item) => item.fields.firstName)).toEqual(rows.map((r) => r.firstName));
    expect(all.items[0]).toMatchObject({ id: held.pilot!.outboxId, state: 'done', held: false });
    expect(all.items.slice(1).map((item) => [item.state, item.held])).toEqual(
      Array.from({ length: 6 }, () => ['waiting', true]),
    );

    // A page further on is the same lines, in the same order, with the same total.
    const page = await h.value<Page>('listRolloutItems', { id: held.id, offset: 3, limit: 2 });
    expect(page.total).toBe(7);
    expect(page.items.map((item) => item.id)).toEqual(all.items.slice(3, 5).map((i) => i.id));
    const past = await h.value<Page>('listRolloutItems', { id: held.id, offset: 7, limit: 10 });
    expect(past).toEqual({ total: 7, items: [] });
  });

  it('refuses a request out of bounds, and a rollout that does not exist', async () => {
    h = await startHarness();
    for (const payload of [
      { id: 1, offset: 0, limit: 0 },
      { id: 1, offset: 0, limit: 501 },
      { id: 1, offset: -1, limit: 10 },
      { id: 0, offset: 0, limit: 10 },
      { id: 1.5, offset: 0, limit: 10 },
      { id: 1, offset: 0, limit: 10, extra: true },
      { id: 1, offset: 0 },
    ]) {
      const result = await h.call('listRolloutItems', payload);
      expect(result, JSON.stringify(payload)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    const missing = await h.call('listRolloutItems', { id: 999, offset: 0, limit: 10 });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', detail: 'No rollout 999.' },
    });
  });
});
