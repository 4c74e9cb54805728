// Linq's own limits against the fake Linq API with them switched on, over real HTTP, with the
// real keychain and a real SQLite file: the per-number write budget is planned (never a write
// beyond it, durably across a restart), changes waiting for it are combined into one request,
// a 503/4004 holds the line for at least the window (never shortened by Retry now or a
// restart), and a 429 from a budget spent elsewhere is waited out in full.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
const OTHER = '+14155550199';
/** The fake's budget; the app's (in the harness) is the same with a 100 ms margin. */
const WINDOW_MS = 1_500;
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.fake.setWriteBudget({ limit: 3, windowMs: WINDOW_MS });
});

afterEach(async () => {
  await h.close();
});

const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);
const writes = (number = NUMBER) =>
  h.fake.requests.filter(
    (r) =>
      r.path.endsWith('/contact_card') &&
      (r.method === 'POST' || r.method === 'PATCH') &&
      ((r.body as { phone_number?: string } | undefined)?.phone_number ?? r.query.phone_number) ===
        number,
  );

const setup = (phoneNumber = NUMBER) =>
  h.value<OutboxItem>('setupCard', { phoneNumber, firstName: 'Acme', lastName: 'Support' });
const update = (lastName: string, phoneNumber = NUMBER) =>
  h.value<OutboxItem>('updateCard', { phoneNumber, lastName });

/** Three writes for the number, each sent and answered on its own: the window's budget. */
async function spendBudget(): Promise<void> {
  await h.waitForItem((await setup()).id, finished);
  await h.waitForItem((await update('One')).id, finished);
  await h.waitForItem((await update('Two')).id, finished);
  expect(writes()).toHaveLength(3);
}

describe('the write budget', () => {
  it('holds a fourth write until the window allows it, says until when, and sends it then', async () => {
    await h.withKey();
    await spendBudget();
    const fourth = await update('Three');
    const waiting = await h.waitForItem(fourth.id, (i) => i.waitingFor === 'write-budget');
    expect(waiting.state).toBe('waiting');
    const allowedAt = Date.parse(waiting.nextAttemptAt!);
    expect(allowedAt).toBeGreaterThan(Date.now() + 200);
    // Nothing left early: still three writes while it waits.
    expect(writes()).toHaveLength(3);

    const done = await h.waitForItem(fourth.id, finished);
    expect(done).toMatchObject({ state: 'done', waitingFor: null });
    expect(writes()).toHaveLength(4);
    expect(Date.parse(writes()[3]!.at)).toBeGreaterThanOrEqual(allowedAt - 5);
    expect(Date.parse(writes()[3]!.at) - Date.parse(writes()[0]!.at)).toBeGreaterThanOrEqual(
      WINDOW_MS,
    );
    expect(h.fake.writeLimits.budgetRefusals).toBe(0);
  });

  it('keeps the budget across a restart: the writes are recorded in the database', async () => {
    await h.withKey();
    await spendBudget();
    await h.restart();
    const fourth = await update('Three');
    const waiting = await h.waitForItem(fourth.id, (i) => i.waitingFor === 'write-budget');
    expect(Date.parse(waiting.nextAttemptAt!)).toBeGreaterThan(Date.now());
    await h.waitForItem(fourth.id, finished);
    expect(h.fake.writeLimits.budgetRefusals).toBe(0);
  });

  it('combines the changes that wait for the budget into one request with the final values', async () => {
    await h.withKey();
    await spendBudget();
    const a = await update('Three');
    await h.waitForItem(a.id, (i) => i.waitingFor === 'write-budget');
    const b = await h.value<OutboxItem>('updateCard', { phoneNumber: NUMBER, firstName: 'Help' });
    const c = await update('Desk');
    const done = await h.waitForItem(a.id, finished);
    expect(done).toMatchObject({ state: 'done', fields: { firstName: 'Help', lastName: 'Desk' } });
    for (const joined of [b, c]) {
      expect(await h.waitForItem(joined.id, finished)).toMatchObject({
        state: 'done',
        combinedInto: a.id,
      });
    }
    // One PATCH carried all three submissions; the card shows the last values.
    expect(writes()).toHaveLength(4);
    expect(writes()[3]!.body).toEqual({ first_name: 'Help', last_name: 'Desk' });
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'Help', last_name: 'Desk' });
    expect(h.fake.writeLimits.budgetRefusals).toBe(0);
  });

  it('holds only the number that spent its budget; other numbers go at once', async () => {
    await h.withKey();
    await spendBudget();
    const held = await update('Three');
    await h.waitForItem(held.id, (i) => i.waitingFor === 'write-budget');
    const other = await setup(OTHER);
    expect(await h.waitForItem(other.id, finished)).toMatchObject({ state: 'done' });
    expect((await h.waitForItem(held.id, () => true)).state).toBe('waiting');
  });

  it('waits out in full a 429 for a budget spent elsewhere (another computer)', async () => {
    await h.withKey();
    // Three writes from "another computer" straight to the fake.
    for (const name of ['X', 'Y', 'Z']) {
      const answer = await fetch(`${h.fake.baseUrl}/v3/contact_card`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.fake.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ phone_number: NUMBER, first_name: name }),
      });
      await answer.arrayBuffer();
    }
    const item = await h.value<OutboxItem>('updateCard', { phoneNumber: NUMBER, lastName: 'Mine' });
    const limited = await h.waitForItem(item.id, (i) => i.lastError?.code === 'RATE_LIMITED');
    expect(limited).toMatchObject({ state: 'waiting', waitingFor: 'line-hold' });
    const refusedAt = Date.parse(h.fake.requests.at(-1)!.at);
    const retryAfterMs = (limited.lastError!.retryAfterSeconds ?? 0) * 1000;
    expect(retryAfterMs).toBeGreaterThan(0);
    await h.waitForItem(item.id, finished);
    const mine = writes().slice(3);
    // The refused one, then exactly one more, no sooner than Linq asked.
    expect(mine).toHaveLength(2);
    expect(Date.parse(mine[1]!.at) - refusedAt).toBeGreaterThanOrEqual(retryAfterMs - 5);
    expect(h.fake.writeLimits.budgetRefusals).toBe(1);
  });
});

describe('503/4004: the line on hold', () => {
  it('is not in doubt, holds the line for the window, and sends again only then', async () => {
    await h.withKey();
    h.fake.limitUpstream(NUMBER, 1_000);
    const item = await setup();
    const held = await h.waitForItem(item.id, (i) => i.waitingFor === 'line-hold');
    expect(held).toMatchObject({
      state: 'waiting',
      lastError: { code: 'LINE_WRITE_LIMITED', status: 503, linqCode: 4004 },
    });
    const until = Date.parse(held.nextAttemptAt!);
    // At least the app's window (1,500 ms + 100 ms margin) from the refusal.
    const refusedAt = Date.parse(writes()[0]!.at);
    expect(until - refusedAt).toBeGreaterThanOrEqual(WINDOW_MS + 100 - 20);

    // Retry now does not shorten it, and says when the next try is allowed.
    const retried = await h.value<OutboxItem>('retryOutboxItem', { id: item.id });
    expect(Math.abs(Date.parse(retried.nextAttemptAt!) - until)).toBeLessThan(50);
    // Nor does a restart.
    await h.restart();
    const afterRestart = await h.waitForItem(item.id, () => true);
    expect(Date.parse(afterRestart.nextAttemptAt!)).toBeGreaterThanOrEqual(until - 50);

    const done = await h.waitForItem(item.id, finished);
    expect(done).toMatchObject({ state: 'done', card: { isActive: true } });
    // No read-back in between (Linq said it did not complete), no write within the hold.
    expect(
      h.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/contact_card')),
    ).toHaveLength(0);
    expect(writes()).toHaveLength(2);
    expect(Date.parse(writes()[1]!.at)).toBeGreaterThanOrEqual(until - 5);
    expect(h.fake.writeLimits.writesWithinHold).toBe(0);
  });

  it('sets an update again in full after a 4004 left the card not active', async () => {
    await h.withKey();
    await h.waitForItem((await setup()).id, finished);
    h.fake.limitUpstream(NUMBER, 500);
    const item = await update('Desk');
    await h.waitForItem(item.id, (i) => i.waitingFor === 'line-hold');
    expect(h.fake.cards.get(NUMBER)?.is_active).toBe(false);
    const done = await h.waitForItem(item.id, finished);
    expect(done).toMatchObject({ state: 'done', action: 'update', card: { isActive: true } });
    // PATCH needs an active card: the card goes again as a POST with every field.
    expect(writes().map((w) => w.method)).toEqual(['POST', 'PATCH', 'POST']);
    expect(writes()[2]!.body).toMatchObject({
      phone_number: NUMBER,
      first_name: 'Acme',
      last_name: 'Desk',
    });
    expect(h.fake.writeLimits.writesWithinHold).toBe(0);
  });
});

describe('a card that became active again while its line was held', () => {
  it('meets the 409 of the full POST by sending the change as the update it is', async () => {
    await h.withKey();
    await h.waitForItem((await setup()).id, finished);
    h.fake.limitUpstream(NUMBER, 300);
    const item = await update('Desk');
    await h.waitForItem(item.id, (i) => i.waitingFor === 'line-hold');
    // Linq makes the card active again by itself while the app waits out the hold.
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Acme', last_name: 'Support' });
    const done = await h.waitForItem(item.id, finished);
    expect(done).toMatchObject({ state: 'done', action: 'update', card: { lastName: 'Desk' } });
    expect(writes().map((w) => `${w.method} ${w.status}`)).toEqual([
      'POST 200',
      'PATCH 503',
      'POST 409',
      'PATCH 200',
    ]);
    expect(h.fake.writeLimits.budgetRefusals).toBe(0);
  });
});

describe('cards Linq does not show active', () => {
  it('reads again a card hidden from Linq’s list and applies it again within the budget', async () => {
    await h.withKey();
    h.fake.setHideInactiveCards(true);
    h.fake.inactiveNext(2);
    const item = await setup();
    const done = await h.waitForItem(item.id, finished, 15_000);
    expect(done).toMatchObject({ state: 'done', card: { isActive: true } });
    expect(writes()).toHaveLength(3);
    expect(h.fake.writeLimits.budgetRefusals).toBe(0);
  });
});

describe('a combined request Linq refuses', () => {
  it('sends each change on its own, so only the bad one stops (with its reason)', async () => {
    await h.close();
    h = await startHarness({}, { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
    await h.withKey();
    await h.fake.goOffline();
    const a = await setup();
    // An image Linq cannot fetch: it refuses the request with 400/1005.
    const bad = await h.value<OutboxItem>('updateCard', {
      phoneNumber: NUMBER,
      imageUrl: 'https://cdn.fake-linq.invalid/__cdn/never-uploaded/photo.png',
    });
    const c = await update('Desk');
    await h.fake.goOnline();
    await h.value('checkConnection');
    expect(await h.waitForItem(a.id, finished)).toMatchObject({
      state: 'done',
      // Its own values again, not the combined ones.
      fields: { firstName: 'Acme', lastName: 'Support' },
    });
    expect(await h.waitForItem(bad.id, finished)).toMatchObject({
      state: 'failed',
      combinedInto: null,
      lastError: { code: 'INVALID_INPUT' },
    });
    expect(await h.waitForItem(c.id, finished)).toMatchObject({ state: 'done' });
    // The combined POST (refused), then each on its own, in order.
    expect(writes().map((w) => w.method)).toEqual(['POST', 'POST', 'PATCH', 'PATCH']);
    expect(writes().map((w) => w.status)).toEqual([400, 200, 400, 200]);
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'Acme', last_name: 'Desk' });
    expect(h.fake.writeLimits.budgetRefusals).toBe(0);
  });
});

describe('what counts against the budget', () => {
  it('strikes off a write that never left (no connection): only writes that may have reached Linq count', async () => {
    await h.withKey();
    await h.fake.goOffline();
    const item = await setup();
    await h.waitForItem(item.id, (i) => i.attempts >= 1 && i.state === 'waiting');
    const db = new DatabaseSync(join(h.dataDir, DATABASE_FILE), { readOnly: true });
    const recorded = () =>
      (db.prepare('SELECT COUNT(*) AS n FROM card_writes').get() as { n: number }).n;
    try {
      expect(recorded()).toBe(0);
      await h.fake.goOnline();
      await h.value('checkConnection');
      await h.waitForItem(item.id, finished);
      expect(recorded()).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('cancelling part of a combined request that has not left', () => {
  async function combinedAndWaiting(): Promise<[OutboxItem, OutboxItem, OutboxItem]> {
    await h.withKey();
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Acme', last_name: 'Support' });
    await h.fake.goOffline();
    const a = await h.value<OutboxItem>('updateCard', { phoneNumber: NUMBER, firstName: 'A' });
    const b = await update('B');
    const c = await h.value<OutboxItem>('updateCard', { phoneNumber: NUMBER, firstName: 'C' });
    // The combined request is refused with a 429: it waits, still combined.
    h.fake.rateLimitNext(1, 1);
    await h.fake.goOnline();
    await h.value('checkConnection');
    await h.waitForItem(a.id, (i) => i.lastError?.code === 'RATE_LIMITED');
    expect(await h.waitForItem(b.id, () => true)).toMatchObject({ combinedInto: a.id });
    return [a, b, c];
  }

  it('cancelling a change taken into another’s request sends the rest without it', async () => {
    const [a, b, c] = await combinedAndWaiting();
    expect(await h.value<OutboxItem>('cancelOutboxItem', { id: b.id })).toMatchObject({
      state: 'cancelled',
    });
    await h.waitForItem(a.id, finished);
    await h.waitForItem(c.id, finished);
    // One more PATCH with A's and C's values; B's last name never went.
    expect(writes().at(-1)!.body).toEqual({ first_name: 'C' });
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'C', last_name: 'Support' });
  });

  it('cancelling the change that carries others lets them go on their own', async () => {
    const [a, b, c] = await combinedAndWaiting();
    await h.value('cancelOutboxItem', { id: a.id });
    expect(await h.waitForItem(b.id, finished)).toMatchObject({ state: 'done' });
    expect(await h.waitForItem(c.id, finished)).toMatchObject({ state: 'done' });
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'C', last_name: 'B' });
  });
});

describe('a line left not active by a change that is then refused', () => {
  it('gets the card Linq last confirmed applied again, as an item of its own', async () => {
    await h.close();
    h = await startHarness({}, { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
    h.fake.setWriteBudget({ limit: 3, windowMs: WINDOW_MS });
    await h.withKey();
    await h.waitForItem((await setup()).id, finished);
    h.fake.limitUpstream(NUMBER, 300);
    const bad = await h.value<OutboxItem>('updateCard', {
      phoneNumber: NUMBER,
      imageUrl: 'https://cdn.fake-linq.invalid/__cdn/never-uploaded/photo.png',
    });
    expect(await h.waitForItem(bad.id, finished)).toMatchObject({ state: 'failed' });
    const again = await h.waitForItem(bad.id + 1, finished);
    expect(again).toMatchObject({
      state: 'done',
      action: 'update',
      card: { firstName: 'Acme', lastName: 'Support', isActive: true },
    });
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'Acme', is_active: true });
    expect(h.fake.writeLimits.writesWithinHold).toBe(0);
    expect(h.fake.writeLimits.budgetRefusals).toBe(0);
  });
});
