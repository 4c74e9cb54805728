// The outbox against the fake Linq API over real HTTP, with the real keychain and a real
// SQLite file: every submission is stored before it is sent, sent once, checked by reading it
// back when its outcome is unknown, and held (never dropped) when the key or network fails.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardHistory } from '../../shared/card-history.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let h: Harness;

/** The number's card and timeline, as the History screen reads them. */
async function cardHistory(): Promise<CardHistory> {
  return h.value<CardHistory>('getCardHistory', { phoneNumber: NUMBER });
}

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const posts = () =>
  h.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/contact_card'));
const created = () => h.fake.ledger.filter((effect) => effect.effect === 'card.created');
const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

async function submitSetup(fields: Record<string, unknown> = {}): Promise<OutboxItem> {
  return h.value<OutboxItem>('setupCard', { phoneNumber: NUMBER, firstName: 'Acme', ...fields });
}

async function settle(fields: Record<string, unknown> = {}): Promise<OutboxItem> {
  const item = await submitSetup(fields);
  return h.waitForItem(item.id, finished);
}

describe('submitting', () => {
  it('stores the submission and its timeline entry before sending, then sends it once', async () => {
    await h.withKey();
    h.fake.setLatency(300);
    const item = await submitSetup({ firstName: ' Acme ', lastName: 'Support' });
    // Answered before Linq has: stored durably, nothing confirmed yet.
    expect(item).toMatchObject({ state: 'waiting', action: 'setup', attempts: 0 });
    expect(item.fields).toEqual({ firstName: 'Acme', lastName: 'Support' });
    expect(await cardHistory()).toMatchObject({
      card: { status: 'waiting', firstName: null, pending: { firstName: 'Acme' } },
      events: [{ kind: 'queued', outboxId: item.id }],
    });

    const done = await h.waitForItem(item.id, finished);
    expect(done).toMatchObject({
      state: 'done',
      attempts: 1,
      confirmedBy: 'answer',
      card: { phoneNumber: NUMBER, firstName: 'Acme', lastName: 'Support', isActive: true },
    });
    expect(created()).toHaveLength(1);
    expect(await cardHistory()).toMatchObject({
      card: { status: 'active', firstName: 'Acme', confirmedBy: 'own-call', pending: null },
      events: [{ kind: 'set-up', outboxId: item.id }, { kind: 'attempt' }, { kind: 'queued' }],
    });
    const names = new Set(h.events.map((event) => event.name));
    expect(names).toContain('outboxChanged');
    expect(names).toContain('cardsChanged');
  });

  it('follows up a card Linq stored but did not make active, and applies it again', async () => {
    await h.withKey();
    h.fake.inactiveNext(1);
    const item = await submitSetup();
    const checking = await h.waitForItem(item.id, (i) => i.state === 'in-doubt');
    expect(checking.lastError).toMatchObject({ code: 'CARD_NOT_ACTIVE' });
    expect(checking.nextAttemptAt).not.toBeNull();
    const done = await h.waitForItem(item.id, finished);
    expect(done).toMatchObject({ state: 'done', card: { isActive: true } });
    // Read back (still not active), then set up again: two POSTs, a GET between them.
    expect(posts()).toHaveLength(2);
    const order = h.fake.requests.map((r) => r.method);
    expect(order).toEqual(['POST', 'GET', 'POST']);
    expect((await cardHistory()).card).toMatchObject({ status: 'active', isActive: true });
  });

  it('asks the user after a bounded number of tries at a card Linq keeps not active', async () => {
    await h.withKey();
    h.fake.setCardActivation('inactive');
    const item = await submitSetup();
    const asked = await h.waitForItem(item.id, finished, 8_000);
    expect(asked).toMatchObject({
      state: 'needs-decision',
      decision: { reason: 'not-active', serverCard: { isActive: false } },
      lastError: { code: 'CARD_NOT_ACTIVE' },
    });
    expect(posts()).toHaveLength(3); // maxTries in the harness
  });

  it('re-validates input in main: nothing invalid is stored or sent', async () => {
    await h.withKey();
    for (const phoneNumber of ['(415) 555-0132', '+15551234567', '']) {
      expect(await h.call('setupCard', { phoneNumber, firstName: 'Acme' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(h.services.outboxSnapshot()).toMatchObject({ items: [] });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('combines an update waiting behind its setup into one POST with the final values', async () => {
    await h.withKey();
    await h.fake.goOffline();
    const setup = await submitSetup();
    const update = await h.value<OutboxItem>('updateCard', {
      phoneNumber: NUMBER,
      lastName: 'Sales',
    });
    await h.fake.goOnline();
    await h.value('checkConnection');
    const joined = await h.waitForItem(update.id, finished);
    expect(joined).toMatchObject({ state: 'done', combinedInto: setup.id });
    expect(await h.waitForItem(setup.id, finished)).toMatchObject({
      state: 'done',
      action: 'setup',
      fields: { firstName: 'Acme', lastName: 'Sales' },
    });
    expect(h.fake.ledger.map((effect) => effect.effect)).toEqual(['card.created']);
    expect(posts()[0]?.body).toMatchObject({ first_name: 'Acme', last_name: 'Sales' });
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'Acme', last_name: 'Sales' });
  });

  it('keeps a PATCH submitted while its POST is out behind it, never merged', async () => {
    await h.withKey();
    const held = h.fake.holdAnswerNext({ method: 'POST' });
    const setup = await submitSetup();
    await held.arrived;
    const update = await h.value<OutboxItem>('updateCard', {
      phoneNumber: NUMBER,
      lastName: 'Sales',
    });
    held.release();
    expect(await h.waitForItem(update.id, finished)).toMatchObject({
      state: 'done',
      combinedInto: null,
    });
    expect((await h.waitForItem(setup.id, finished)).state).toBe('done');
    expect(h.fake.ledger.map((effect) => effect.effect)).toEqual(['card.created', 'card.updated']);
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'Acme', last_name: 'Sales' });
  });
});

describe('when the outcome is unknown', () => {
  it('reads back after a reset that came after Linq applied the setup, and does not resend', async () => {
    await h.withKey();
    h.fake.resetConnectionNext({ when: 'after-apply', method: 'POST' });
    const done = await settle();
    expect(done).toMatchObject({ state: 'done', confirmedBy: 'read-back', attempts: 1 });
    expect(posts()).toHaveLength(1);
    expect(created()).toHaveLength(1);
  });

  it('sends again after a reset that came before Linq applied anything', async () => {
    await h.withKey();
    h.fake.resetConnectionNext({ when: 'before-apply', method: 'POST' });
    const done = await settle();
    expect(done).toMatchObject({ state: 'done', confirmedBy: 'answer', attempts: 2 });
    expect(posts()).toHaveLength(2);
    expect(created()).toHaveLength(1);
    // The read-back came between the two POSTs.
    const order = h.fake.requests.map((r) => r.method);
    expect(order.indexOf('GET')).toBeGreaterThan(order.indexOf('POST'));
    expect(order.lastIndexOf('POST')).toBeGreaterThan(order.indexOf('GET'));
  });

  it('waits out the request timeout before reading back a request that timed out', async () => {
    await h.withKey();
    h.fake.setFaultMix({ hangAfterApply: 1, hangMs: 2_500 });
    const item = await submitSetup();
    await h.waitForItem(item.id, (i) => i.state === 'in-doubt');
    h.fake.setFaultMix(null);
    const done = await h.waitForItem(item.id, finished);
    expect(done).toMatchObject({ state: 'done', confirmedBy: 'read-back' });
    const post = posts()[0]!;
    const read = h.fake.requests.find(
      (r) => r.method === 'GET' && r.path.endsWith('/contact_card'),
    )!;
    expect(Date.parse(read.at) - Date.parse(post.at)).toBeGreaterThanOrEqual(2_000 - 50);
    expect(created()).toHaveLength(1);
  });

  it.each([
    { status: 500, code: 2022 },
    { status: 502, code: 7777 },
  ] as const)('checks before resending after %j', async (failure) => {
    await h.withKey();
    h.fake.failNext(1, { ...failure, method: 'POST' });
    const item = await submitSetup();
    const done = await h.waitForItem(item.id, finished);
    expect(done).toMatchObject({ state: 'done', attempts: 2 });
    expect(posts()).toHaveLength(2);
    expect(created()).toHaveLength(1);
    expect((await cardHistory()).card).toMatchObject({ status: 'active', isActive: true });
    // Read back between the two POSTs: a 5xx may come after the change was made.
    const order = h.fake.requests.map((r) => r.method);
    expect(order).toEqual(['POST', 'GET', 'POST']);
    expect(h.fake.requests[0]).toMatchObject({ status: failure.status });
  });

  it.each(['not-json', 'missing-fields', 'empty'] as const)(
    'treats a malformed answer (%s) as applied-or-not and reads back',
    async (kind) => {
      await h.withKey();
      h.fake.malformNext(1, kind, { method: 'POST' });
      const done = await settle();
      expect(done).toMatchObject({ state: 'done', confirmedBy: 'read-back' });
      expect(posts()).toHaveLength(1);
    },
  );
});

describe('failures that sending again will not fix', () => {
  it.each([
    [{ status: 400, code: 1002 }, 'INVALID_PHONE'],
    [{ status: 403, code: 2006 }, 'NUMBER_NOT_ALLOWED'],
    [{ status: 418, code: 7777 }, 'LINQ_ERROR'],
  ] as const)('stops the item after %j with its reason', async (failure, code) => {
    await h.withKey();
    h.fake.failNext(1, failure);
    const failed = await settle();
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, lastError: { code } });
    expect(posts()).toHaveLength(1);
    expect(await cardHistory()).toMatchObject({
      card: { status: 'failed' },
      events: [{ kind: 'failed', error: { code } }, { kind: 'attempt' }, { kind: 'queued' }],
    });
  });

  it('will not retry a failed change once a newer one for its number exists', async () => {
    await h.withKey();
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Acme', is_active: true });
    h.fake.failNext(1, { status: 400, code: 1005, method: 'PATCH' });
    const older = await h.value<OutboxItem>('updateCard', {
      phoneNumber: NUMBER,
      firstName: 'Bob',
    });
    expect((await h.waitForItem(older.id, finished)).state).toBe('failed');
    const newer = await h.value<OutboxItem>('updateCard', {
      phoneNumber: NUMBER,
      firstName: 'Robert',
    });
    expect((await h.waitForItem(newer.id, finished)).state).toBe('done');
    // Sent now, "Bob" would land over "Robert".
    expect(await h.call('retryOutboxItem', { id: older.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('newer change') },
    });
    expect(h.fake.cards.get(NUMBER)?.first_name).toBe('Robert');
  });

  it('lets the user resubmit an edited item, which closes the failed one', async () => {
    await h.withKey();
    h.fake.failNext(1, { status: 400, code: 1005 });
    const failed = await settle();
    const edited = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme Support',
      replaces: failed.id,
    });
    expect(await h.waitForItem(edited.id, finished)).toMatchObject({ state: 'done' });
    expect(await h.waitForItem(failed.id, () => true)).toMatchObject({ state: 'cancelled' });
  });

  it('asks the user when the card exists, and updates only what differs on request', async () => {
    await h.withKey();
    h.fake.seedCard({
      phone_number: NUMBER,
      first_name: 'Acme',
      last_name: 'Support',
      is_active: true,
    });
    const item = await settle({ lastName: 'Sales' });
    expect(item).toMatchObject({
      state: 'needs-decision',
      lastError: { code: 'CARD_EXISTS', linqCode: 2014 },
      decision: { reason: 'card-exists', serverCard: { firstName: 'Acme', lastName: 'Support' } },
    });
    // The SDK must not have re-sent the POST (its default retries 409).
    expect(posts()).toHaveLength(1);
    const decided = await h.value<OutboxItem>('decideOutboxItem', {
      id: item.id,
      decision: 'update-instead',
    });
    expect(decided).toMatchObject({ action: 'update', fields: { lastName: 'Sales' } });
    expect(await h.waitForItem(item.id, finished)).toMatchObject({
      state: 'done',
      card: { lastName: 'Sales' },
    });
    expect(h.fake.ledger.find((e) => e.effect === 'card.updated')?.body).toEqual({
      last_name: 'Sales',
    });
  });
});

describe('holding, never dropping', () => {
  it('honours Retry-After on a 429', async () => {
    await h.withKey();
    h.fake.rateLimitNext(1, 1, { method: 'POST' });
    const done = await settle();
    expect(done.state).toBe('done');
    const [limited, retried] = posts();
    expect(Date.parse(retried!.at) - Date.parse(limited!.at)).toBeGreaterThanOrEqual(1_000);
  });

  it('pauses everything on a 401, loses nothing, and resumes with a new key', async () => {
    await h.withKey();
    await h.fake.goOffline();
    const first = await submitSetup();
    const second = await h.value<OutboxItem>('setupCard', {
      phoneNumber: '+14155550133',
      firstName: 'Beta',
    });
    h.fake.failNext(1, { status: 401, code: 2004, method: 'POST' });
    await h.fake.goOnline();
    await h.value('checkConnection');
    await expect
      .poll(async () => h.services.outboxSnapshot().status.pausedBy?.code)
      .toBe('KEY_REJECTED');
    // The refused submission is back in line, not dropped (the other may have gone through).
    const refused = posts().find((r) => r.status === 401)!;
    const refusedItem = [first, second].find(
      (i) => i.fields.firstName === (refused.body as { first_name: string }).first_name,
    )!;
    expect(await h.waitForItem(refusedItem.id, () => true)).toMatchObject({
      state: 'waiting',
      lastError: { code: 'KEY_REJECTED' },
    });
    expect(await h.value('getKeyStatus')).toMatchObject({ verification: 'rejected' });
    const before = posts().length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(posts()).toHaveLength(before); // nothing sent while paused

    const resumedAt = Date.now();
    await h.withKey(); // the key is entered again
    await h.waitForItem(first.id, finished);
    await h.waitForItem(second.id, finished);
    expect(Date.now() - resumedAt).toBeLessThan(5_000);
    expect(created()).toHaveLength(2);
  });

  it('resumes at once when the key was replaced while a request with the old one was out', async () => {
    await h.services.storeKeyUnchecked('linq_wrong_key_000000000000000');
    h.fake.setLatency(400);
    const item = await submitSetup();
    await expect.poll(() => posts().length).toBe(1);
    await h.withKey(); // the right key, while the old one's 401 is still on its way
    expect(await h.waitForItem(item.id, finished)).toMatchObject({ state: 'done' });
    expect(posts().map((r) => r.status)).toEqual([401, 200]);
    expect(h.services.outboxSnapshot().status.pausedBy).toBeNull();
  });

  it('keeps submissions made without a key and sends them once one is set', async () => {
    const item = await submitSetup();
    await expect
      .poll(async () => h.services.outboxSnapshot().status.pausedBy?.code)
      .toBe('KEY_MISSING');
    expect(h.fake.requests).toHaveLength(0);
    await h.withKey();
    expect(await h.waitForItem(item.id, finished)).toMatchObject({ state: 'done' });
  });

  it('queues while Linq is unreachable and sends within seconds of it coming back', async () => {
    await h.withKey();
    await h.fake.goOffline();
    const items = [];
    for (const n of [1, 2, 3]) {
      items.push(
        await h.value<OutboxItem>('setupCard', {
          phoneNumber: `+1415555014${n}`,
          firstName: `S${n}`,
        }),
      );
    }
    await expect
      .poll(async () => h.services.outboxSnapshot().status)
      .toMatchObject({ connection: 'unreachable', counts: { waiting: 3 } });
    const backAt = Date.now();
    await h.fake.goOnline();
    for (const item of items) await h.waitForItem(item.id, (i) => i.state === 'done');
    expect(Date.now() - backAt).toBeLessThan(5_000);
    expect(created()).toHaveLength(3);
    expect(h.services.outboxSnapshot().status.connection).toBe('reachable');
  });

  it('cancels a waiting item so that it is never sent', async () => {
    await h.withKey();
    await h.fake.goOffline();
    const item = await submitSetup();
    expect(await h.value('cancelOutboxItem', { id: item.id })).toMatchObject({
      state: 'cancelled',
    });
    await h.fake.goOnline();
    await h.value('checkConnection');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(posts()).toHaveLength(0);
    expect((await cardHistory()).card).toMatchObject({ status: 'cancelled' });
  });

  it('survives a restart with work queued, and finishes it', async () => {
    await h.withKey();
    await h.fake.goOffline();
    const item = await submitSetup();
    await h.restart();
    await h.fake.goOnline();
    expect(await h.waitForItem(item.id, finished)).toMatchObject({ state: 'done' });
    expect(created()).toHaveLength(1);
  });

  it('waits for a request under way before closing the database', async () => {
    await h.withKey();
    h.fake.setLatency(500);
    const item = await submitSetup();
    await expect.poll(() => posts().length).toBe(1);
    await h.restart();
    expect(await h.waitForItem(item.id, () => true)).toMatchObject({ state: 'done', attempts: 1 });
    expect(created()).toHaveLength(1);
  });
});
