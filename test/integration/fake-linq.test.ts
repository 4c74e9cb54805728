// The fake Linq API is what every other integration test trusts, so it is tested itself:
// over real loopback HTTP, and once through Linq's own SDK to prove the SDK accepts it.
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AuthenticationError,
  ConflictError,
  LinqAPIV3,
  RateLimitError,
  type APIError,
} from '@linqapp/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentCreateResponse } from '@linqapp/sdk/resources/attachments';
import {
  startFakeLinq,
  type FakeLinq,
  type LedgerEntry,
  type RequestLogEntry,
} from '../fake-linq/server.ts';

const LINE = '+14155550132';
const OTHER_LINE = '+14155550133';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(56, 7),
]);

let fake: FakeLinq;

beforeAll(async () => {
  fake = await startFakeLinq();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at any shape
  json: any;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  init: { key?: string | null; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? fake.apiKey : init.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  const response = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

const createCard = (card: Record<string, unknown>) => call('POST', '/v3/contact_card', card);
const patchCard = (phone: string, fields: Record<string, unknown>) =>
  call('PATCH', `/v3/contact_card?phone_number=${encodeURIComponent(phone)}`, fields);

function expectEnvelope(answer: Answer, status: number, code: number): void {
  expect(answer.status).toBe(status);
  expect(answer.json).toMatchObject({ success: false, error: { status, code } });
  expect(typeof answer.json.error.message).toBe('string');
  expect(answer.json.error.doc_url).toBe(
    `https://docs.linqapp.com/error/codes/${String(code)[0]}xxx/${code}/`,
  );
  expect(answer.json.trace_id).toMatch(/^[0-9a-f]{32}$/);
}

async function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

describe('auth and routing', () => {
  it('refuses a missing or wrong key with 401/2004 and logs the request as unauthorised', async () => {
    const missing = await call('GET', '/v3/contact_card', undefined, { key: null });
    const wrong = await call('GET', '/v3/contact_card', undefined, { key: 'linq_live_nope' });
    expectEnvelope(missing, 401, 2004);
    expectEnvelope(wrong, 401, 2004);
    expect(missing.json.trace_id).not.toBe(wrong.json.trace_id);
    expect(fake.requests.map((r) => [r.authorised, r.status])).toEqual([
      [false, 401],
      [false, 401],
    ]);
    expect(fake.requests[0]?.headers).not.toHaveProperty('authorization');
  });

  it('answers unknown routes with 404/2001', async () => {
    expectEnvelope(await call('GET', '/v3/nothing-here'), 404, 2001);
    expectEnvelope(await call('DELETE', '/v3/contact_card'), 404, 2001);
    const outside = await fetch(`${fake.origin}/elsewhere`);
    expect(outside.status).toBe(404);
  });

  it('refuses a JSON body over 1 MB with 413', async () => {
    const big = { phone_number: LINE, first_name: 'x'.repeat(1024 * 1024) };
    expectEnvelope(await createCard(big), 413, 1003);
    expect(fake.ledger).toEqual([]);
  });
});

describe('contact cards', () => {
  it('creates a card, omits absent fields, records the effect and lists it', async () => {
    const created = await createCard({ phone_number: LINE, first_name: 'Acme' });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ phone_number: LINE, first_name: 'Acme', is_active: true });
    expect(fake.ledger).toEqual([
      expect.objectContaining({
        seq: 1,
        effect: 'card.created',
        phoneNumber: LINE,
        body: { phone_number: LINE, first_name: 'Acme' },
        requestId: fake.requests[0]?.id,
      }),
    ]);
    const all = await call('GET', '/v3/contact_card');
    expect(all.json).toEqual({ contact_cards: [created.json] });
    const one = await call('GET', `/v3/contact_card?phone_number=${encodeURIComponent(LINE)}`);
    expect(one.json.contact_cards).toEqual([created.json]);
  });

  it('answers 409/2014 when the number already has an active card, changing nothing', async () => {
    fake.seedCard({ phone_number: LINE, first_name: 'Old' });
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'New' }), 409, 2014);
    expect(fake.cards.get(LINE)?.first_name).toBe('Old');
    expect(fake.ledger).toEqual([]);
  });

  it('validates the setup body: 1002, 1001, 1003 and 1005', async () => {
    expectEnvelope(await createCard({ phone_number: '4155550132', first_name: 'A' }), 400, 1002);
    expectEnvelope(await createCard({ phone_number: '+0123', first_name: 'A' }), 400, 1002);
    expectEnvelope(await createCard({ phone_number: LINE }), 400, 1001);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: '  ' }), 400, 1001);
    expectEnvelope(await createCard({ first_name: 'A' }), 400, 1001);
    expectEnvelope(await call('POST', '/v3/contact_card', 'not json {'), 400, 1003);
    const httpImage = { phone_number: LINE, first_name: 'A', image_url: 'http://x.test/a.png' };
    expectEnvelope(await createCard(httpImage), 400, 1005);
    const httpsImage = { ...httpImage, image_url: 'https://x.test/a.png' };
    expect((await createCard(httpsImage)).json.image_url).toBe('https://x.test/a.png');
    expect(fake.ledger.map((entry) => entry.effect)).toEqual(['card.created']);
  });

  it('refuses numbers outside the account with 403/2006 only when enforceOwnNumbers is on', async () => {
    const foreign = { phone_number: '+447700900123', first_name: 'A' };
    fake.settings.enforceOwnNumbers = true;
    expectEnvelope(await createCard(foreign), 403, 2006);
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).status).toBe(200);
    fake.settings.enforceOwnNumbers = false;
    expect((await createCard(foreign)).status).toBe(200);
  });

  it('PATCH merges present fields into the card named by the query parameter', async () => {
    fake.seedCard({ phone_number: LINE, first_name: 'Acme', last_name: 'Support' });
    const patched = await patchCard(LINE, { image_url: 'https://x.test/logo.png' });
    expect(patched.json).toEqual({
      phone_number: LINE,
      first_name: 'Acme',
      last_name: 'Support',
      image_url: 'https://x.test/logo.png',
      is_active: true,
    });
    const renamed = await patchCard(LINE, { first_name: 'Acme Inc' });
    expect(renamed.json).toMatchObject({
      first_name: 'Acme Inc',
      image_url: 'https://x.test/logo.png',
    });
    expect(fake.ledger.map((entry) => [entry.effect, entry.body])).toEqual([
      ['card.updated', { image_url: 'https://x.test/logo.png' }],
      ['card.updated', { first_name: 'Acme Inc' }],
    ]);
  });

  it('PATCH answers 404/2012 without a card and 400/1002 for a bad or missing query', async () => {
    expectEnvelope(await patchCard(LINE, { first_name: 'A' }), 404, 2012);
    expectEnvelope(await patchCard('not-a-number', { first_name: 'A' }), 400, 1002);
    expectEnvelope(await call('PATCH', '/v3/contact_card', { first_name: 'A' }), 400, 1002);
    fake.seedCard({ phone_number: LINE, first_name: 'A' });
    expectEnvelope(await patchCard(LINE, { first_name: '' }), 400, 1005);
    expect(fake.ledger).toEqual([]);
  });

  it('answers an unknown number with an empty list, or 404/2012 when switched', async () => {
    const path = `/v3/contact_card?phone_number=${encodeURIComponent(LINE)}`;
    expect((await call('GET', path)).json).toEqual({ contact_cards: [] });
    fake.settings.unknownCardAnswer = '404';
    expectEnvelope(await call('GET', path), 404, 2012);
    expectEnvelope(await call('GET', '/v3/contact_card?phone_number=123'), 400, 1002);
  });

  it('reports is_active false when switched, and lets a new setup replace the inactive card', async () => {
    fake.setCardActivation('inactive');
    const first = await createCard({ phone_number: LINE, first_name: 'Acme' });
    expect(first.json.is_active).toBe(false);
    const listed = await call('GET', '/v3/contact_card');
    expect(listed.json.contact_cards).toEqual([first.json]);
    fake.settings.hideInactiveCards = true;
    expect((await call('GET', '/v3/contact_card')).json.contact_cards).toEqual([]);
    // PATCH needs an active card (SDK docs), so only a new setup helps.
    expectEnvelope(await patchCard(LINE, { first_name: 'B' }), 404, 2012);
    fake.setCardActivation('active');
    const second = await createCard({ phone_number: LINE, first_name: 'Acme 2' });
    expect(second.status).toBe(200);
    expect(second.json.is_active).toBe(true);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual(['card.created', 'card.created']);
  });
});

describe('phone numbers', () => {
  it('lists the seeded lines with extra fields, and added ones', async () => {
    const line = fake.addPhoneNumber('+13125550199', { reputation: 'AT_RISK' });
    const answer = await call('GET', '/v3/phone_numbers');
    expect(answer.json.phone_numbers.map((l: { phone_number: string }) => l.phone_number)).toEqual([
      '+14155550132',
      '+14155550133',
      '+12125550100',
      '+13125550199',
    ]);
    expect(answer.json.phone_numbers[3]).toMatchObject({
      id: line.id,
      forwarding_number: null,
      reputation: { status: 'AT_RISK', doc_url: expect.stringMatching(/^https:\/\//) },
    });
    fake.reset();
    expect((await call('GET', '/v3/phone_numbers')).json.phone_numbers).toHaveLength(3);
  });
});

describe('fault controls', () => {
  it('adds measurable latency, and still applies a change whose client gave up', async () => {
    fake.setLatency(250);
    let started = performance.now();
    await call('GET', '/v3/phone_numbers');
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    // The caller's own timeout, shorter than the server's delay.
    await expect(
      call(
        'POST',
        '/v3/contact_card',
        { phone_number: OTHER_LINE, first_name: 'A' },
        {
          signal: AbortSignal.timeout(50),
        },
      ),
    ).rejects.toThrow();
    await until(() => fake.ledger.length === 1);
    expect(fake.cards.has(OTHER_LINE)).toBe(true);
    fake.setLatency(0);
    started = performance.now();
    await call('GET', '/v3/phone_numbers');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('failNext answers the next N matching requests with the envelope, before applying', async () => {
    fake.failNext(2, { status: 500, code: 2022, method: 'POST', path: '/v3/contact_card' });
    expect((await call('GET', '/v3/contact_card')).status).toBe(200);
    const first = await createCard({ phone_number: LINE, first_name: 'A' });
    expectEnvelope(first, 500, 2022);
    expect(first.json.error.message).toBe('Contact card setup did not complete');
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 500, 2022);
    expect(fake.ledger).toEqual([]);
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).status).toBe(200);
    expect(fake.requests.map((r) => r.outcome)).toEqual(['answered', 'fault', 'fault', 'answered']);
  });

  it('failNext can send a raw or empty body, custom headers and a default code', async () => {
    fake.failNext(1, { status: 502, body: 'upstream connect error' });
    fake.failNext(1, { status: 500, body: {} });
    fake.failNext(1, { status: 503, headers: { 'x-should-retry': 'false' } });
    const raw = await call('GET', '/v3/phone_numbers');
    expect([raw.status, raw.text]).toEqual([502, 'upstream connect error']);
    const empty = await call('GET', '/v3/phone_numbers');
    expect([empty.status, empty.json]).toEqual([500, {}]);
    const unavailable = await call('GET', '/v3/phone_numbers');
    expectEnvelope(unavailable, 503, 4004);
    expect(unavailable.headers.get('x-should-retry')).toBe('false');
  });

  it('rateLimitNext answers 429/1007 with retry_after in the body and a Retry-After header', async () => {
    fake.rateLimitNext(1, 30);
    const limited = await call('GET', '/v3/contact_card');
    expectEnvelope(limited, 429, 1007);
    expect(limited.json.error.retry_after).toBe(30);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect((await call('GET', '/v3/contact_card')).status).toBe(200);
  });

  it('failNext can say a 429’s wait in the body only, without a Retry-After header', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 1, retryAfterHeader: false });
    const limited = await call('GET', '/v3/phone_numbers');
    expectEnvelope(limited, 429, 1007);
    expect(limited.json.error.retry_after).toBe(1);
    expect(limited.headers.get('retry-after')).toBeNull();
  });

  it('setFailureRate fails a seeded, repeatable share of matching requests', async () => {
    async function statuses(): Promise<number[]> {
      const seen: number[] = [];
      for (let i = 0; i < 20; i++) seen.push((await call('GET', '/v3/phone_numbers')).status);
      return seen;
    }
    fake.setSeed(42);
    fake.setFailureRate(503, 0.5, { path: '/v3/phone_numbers' });
    const first = await statuses();
    expect(first).toContain(503);
    expect(first).toContain(200);
    fake.setSeed(42);
    expect(await statuses()).toEqual(first);
    expect((await call('GET', '/v3/contact_card')).status).toBe(200);
    fake.setFailureRate(500, 1);
    expectEnvelope(await call('GET', '/v3/contact_card'), 500, 3006);
    fake.setFailureRate(500, 0);
    expect((await call('GET', '/v3/contact_card')).status).toBe(200);
  });

  it('resets the connection before applying: nothing changes and a retry succeeds', async () => {
    fake.resetConnectionNext({ when: 'before-apply', method: 'POST' });
    const failure = await createCard({ phone_number: LINE, first_name: 'A' }).catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure.cause.code).toBe('ECONNRESET');
    expect(fake.ledger).toEqual([]);
    expect(fake.requests[0]).toMatchObject({ outcome: 'reset', status: null });
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).status).toBe(200);
  });

  it('resets the connection after applying: the ledger has the change and a retry gets 409', async () => {
    fake.resetConnectionNext({ when: 'after-apply', path: '/v3/contact_card' });
    const failure = await createCard({ phone_number: LINE, first_name: 'A' }).catch((e) => e);
    expect(failure).toBeInstanceOf(TypeError);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual(['card.created']);
    expect(fake.cards.get(LINE)?.first_name).toBe('A');
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 409, 2014);
  });

  it('goes offline (refusing new connections) and comes back on the same port', async () => {
    expect((await call('GET', '/v3/phone_numbers')).status).toBe(200);
    const port = fake.port;
    await fake.goOffline();
    expect(fake.online).toBe(false);
    expect(await connectionRefused(port)).toBe(true);
    await expect(call('GET', '/v3/phone_numbers')).rejects.toThrow(TypeError);
    await fake.goOnline();
    expect(fake.port).toBe(port);
    expect(await connectionRefused(port)).toBe(false);
    expect((await call('GET', '/v3/phone_numbers')).status).toBe(200);
  });

  it('going offline drops a request that is still waiting for its answer', async () => {
    fake.setLatency(500);
    const pending = call('GET', '/v3/phone_numbers').catch((error) => error);
    await until(() => fake.requests.length === 1);
    await fake.goOffline();
    expect(await pending).toBeInstanceOf(TypeError);
    await fake.goOnline();
  });

  it('holds an answer, its change applied, until released; only the matching request', async () => {
    const held = fake.holdAnswerNext({ method: 'POST', path: '/v3/contact_card' });
    let answered = false;
    const pending = createCard({ phone_number: LINE, first_name: 'A' }).then((answer) => {
      answered = true;
      return answer;
    });
    await held.arrived;
    expect(fake.ledger.map((entry) => entry.effect)).toEqual(['card.created']);
    // Other requests are answered meanwhile, and so is the next POST: the hold was for one.
    expect((await call('GET', '/v3/phone_numbers')).status).toBe(200);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 409, 2014);
    expect(answered).toBe(false);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', status: null });
    held.release();
    expect((await pending).status).toBe(200);
    expect(fake.requests[0]).toMatchObject({ outcome: 'answered', status: 200 });
  });

  it('reset releases a held answer; a client gone meanwhile gets none', async () => {
    const first = fake.holdAnswerNext({ path: '/v3/contact_card' });
    const released = createCard({ phone_number: LINE, first_name: 'A' });
    await first.arrived;
    fake.reset();
    expect((await released).status).toBe(200);

    const controller = new AbortController();
    const held = fake.holdAnswerNext({ path: '/v3/contact_card' });
    const pending = call(
      'POST',
      '/v3/contact_card',
      { phone_number: OTHER_LINE, first_name: 'B' },
      { signal: controller.signal },
    ).catch((error: unknown) => error);
    await held.arrived;
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    await until(() => fake.requests[0]?.outcome === 'aborted');
  });

  it('malforms successful answers only, after applying the change', async () => {
    fake.malformNext(1, 'not-json');
    fake.malformNext(1, 'html');
    fake.malformNext(1, 'missing-fields');
    fake.malformNext(1, 'empty');
    // An error answer does not use up a malform.
    expectEnvelope(await call('GET', '/v3/contact_card', undefined, { key: null }), 401, 2004);
    const notJson = await createCard({ phone_number: LINE, first_name: 'A' });
    expect(notJson.status).toBe(200);
    expect(notJson.headers.get('content-type')).toBe('application/json');
    expect(notJson.json).toBeUndefined();
    expect(fake.ledger.map((entry) => entry.effect)).toEqual(['card.created']);
    const html = await call('GET', '/v3/contact_card');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await call('GET', '/v3/contact_card')).json).toEqual({ success: true });
    const empty = await call('GET', '/v3/contact_card');
    expect([empty.status, empty.text]).toEqual([200, '']);
    expect((await call('GET', '/v3/contact_card')).json.contact_cards).toHaveLength(1);
    expect(fake.requests.filter((r) => r.outcome === 'malformed')).toHaveLength(4);
  });
});

describe("Linq's documented write limits (off by default)", () => {
  const cardOf = (phone: string) => fake.cards.get(phone);
  const listed = async (query = '') =>
    (await call('GET', `/v3/contact_card${query}`)).json.contact_cards as unknown[];

  it('write budget: POST and PATCH share 3 per window per number; the 4th gets 429 with retry_after and changes nothing', async () => {
    fake.setWriteBudget({ limit: 3, windowMs: 1500 });
    const windowStart = performance.now();
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).status).toBe(200);
    expect((await patchCard(LINE, { first_name: 'B' })).status).toBe(200);
    expect((await patchCard(LINE, { first_name: 'C' })).status).toBe(200);

    const refused = await patchCard(LINE, { first_name: 'D' });
    expectEnvelope(refused, 429, 1007);
    const retryAfter: unknown = refused.json.error.retry_after;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    // POST shares the budget: without it this would be 409 (the card is active).
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'E' }), 429, 1007);
    expect(cardOf(LINE)?.first_name).toBe('C');
    expect(fake.ledger.map((entry) => entry.effect)).toEqual([
      'card.created',
      'card.updated',
      'card.updated',
    ]);

    // Another number has its own budget.
    expect((await createCard({ phone_number: OTHER_LINE, first_name: 'O' })).status).toBe(200);
    expect(fake.writeLimits).toMatchObject({
      budgetRefusals: 2,
      budgetRefusalsByNumber: { [LINE]: 2 },
    });
    expect(fake.requests.map((r) => [r.status, r.outcome])).toEqual([
      [200, 'answered'],
      [200, 'answered'],
      [200, 'answered'],
      [429, 'limited'],
      [429, 'limited'],
      [200, 'answered'],
    ]);

    // Once the oldest counted write has left the window, a write is allowed again.
    await sleep(Math.max(0, windowStart + 1500 + 50 - performance.now()));
    expect((await patchCard(LINE, { first_name: 'F' })).status).toBe(200);
    expect(cardOf(LINE)?.first_name).toBe('F');
  });

  it('write budget counts refused and faulted writes, but not the writes it refused itself', async () => {
    fake.setWriteBudget({ limit: 2, windowMs: 60_000 });
    fake.failNext(1, { status: 500, code: 2022 });
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 500, 2022);
    expectEnvelope(await patchCard(LINE, { first_name: 'B' }), 404, 2012);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 429, 1007);
    // A write without a valid number cannot count against one; reads never count.
    expectEnvelope(await createCard({ phone_number: '123', first_name: 'A' }), 400, 1002);
    expect((await call('GET', '/v3/contact_card')).status).toBe(200);
    expect(fake.writeLimits.budgetRefusals).toBe(1);

    fake.setWriteBudget({ limit: 1, windowMs: 600 });
    const first = performance.now();
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).status).toBe(200);
    await sleep(300);
    const refused = await patchCard(LINE, { first_name: 'B' });
    expectEnvelope(refused, 429, 1007);
    expect(refused.json.error.retry_after).toBe(1);
    // Had the refused write counted, it would block until ~900 ms after the first.
    await sleep(Math.max(0, first + 650 - performance.now()));
    expect((await patchCard(LINE, { first_name: 'C' })).status).toBe(200);
    expect(fake.writeLimits.budgetRefusalsByNumber).toEqual({ [LINE]: 2 });
  });

  it('limitUpstream: 503/4004 starts a hold that every write within it extends; the card is left not active', async () => {
    fake.seedCard({ phone_number: LINE, first_name: 'Acme' });
    fake.limitUpstream(LINE, 600);
    const first = await patchCard(LINE, { first_name: 'B' });
    expectEnvelope(first, 503, 4004);
    expect(first.json.error.message).toMatch(/rate-limited/);
    expect(cardOf(LINE)).toEqual({ phone_number: LINE, first_name: 'Acme', is_active: false });
    expect(fake.ledger).toEqual([
      expect.objectContaining({
        effect: 'card.deactivated',
        phoneNumber: LINE,
        body: { is_active: false },
        requestId: fake.requests[0]?.id,
      }),
    ]);

    await sleep(400);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'C' }), 503, 4004);
    await sleep(400);
    // 800 ms after the first: past its hold, but within the one the second write extended.
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'D' }), 503, 4004);
    expect(fake.writeLimits).toMatchObject({
      upstreamLimited: 3,
      writesWithinHold: 2,
      writesWithinHoldByNumber: { [LINE]: 2 },
      budgetRefusals: 0,
    });
    // Other numbers are not held.
    expect((await createCard({ phone_number: OTHER_LINE, first_name: 'O' })).status).toBe(200);
    expect(cardOf(LINE)?.first_name).toBe('Acme');

    await sleep(700);
    const after = await createCard({ phone_number: LINE, first_name: 'E' });
    expect(after.status).toBe(200);
    expect(after.json.is_active).toBe(true);
    expect(fake.writeLimits.upstreamLimited).toBe(3);
    expect(fake.requests.map((r) => [r.status, r.outcome])).toEqual([
      [503, 'limited'],
      [503, 'limited'],
      [503, 'limited'],
      [200, 'answered'],
      [200, 'answered'],
    ]);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual([
      'card.deactivated',
      'card.created',
      'card.created',
    ]);
  });

  it('a 4004 counts against the write budget; the budget refuses before the hold is extended', async () => {
    fake.setWriteBudget({ limit: 1, windowMs: 60_000 });
    fake.limitUpstream(LINE, 60_000);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 503, 4004);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 429, 1007);
    expect(fake.writeLimits).toMatchObject({
      budgetRefusals: 1,
      upstreamLimited: 1,
      writesWithinHold: 0,
    });
  });

  it('the fault mix can draw 4004s, whose hold then holds without the mix', async () => {
    fake.setFaultMix({ upstreamLimited: 1, upstreamHoldMs: 300 });
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 503, 4004);
    fake.setFaultMix(null);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 503, 4004);
    expect(fake.writeLimits).toMatchObject({ upstreamLimited: 2, writesWithinHold: 1 });
    expect(fake.ledger).toEqual([]);
    await sleep(400);
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).status).toBe(200);
  });

  it('hideInactiveCards makes GET list only active cards, with and without ?phone_number=', async () => {
    fake.seedCard({ phone_number: LINE, first_name: 'Inactive', is_active: false });
    fake.seedCard({ phone_number: OTHER_LINE, first_name: 'Active' });
    const one = `?phone_number=${encodeURIComponent(LINE)}`;
    expect(await listed()).toHaveLength(2);
    expect(await listed(one)).toEqual([
      { phone_number: LINE, first_name: 'Inactive', is_active: false },
    ]);
    fake.setHideInactiveCards(true);
    expect(await listed()).toEqual([
      { phone_number: OTHER_LINE, first_name: 'Active', is_active: true },
    ]);
    expect(await listed(one)).toEqual([]);
    fake.settings.unknownCardAnswer = '404';
    expectEnvelope(await call('GET', `/v3/contact_card${one}`), 404, 2012);
    fake.setHideInactiveCards(false);
    expect(await listed(one)).toHaveLength(1);
  });

  it('inactiveNext leaves the next matching successful write inactive; the re-apply makes it active', async () => {
    fake.inactiveNext(1, { method: 'POST', phoneNumber: LINE });
    // Refused writes and other numbers do not use it up.
    expectEnvelope(await createCard({ phone_number: LINE }), 400, 1001);
    expect((await createCard({ phone_number: OTHER_LINE, first_name: 'O' })).json.is_active).toBe(
      true,
    );
    const first = await createCard({ phone_number: LINE, first_name: 'A' });
    expect(first.status).toBe(200);
    expect(first.json.is_active).toBe(false);
    expect(cardOf(LINE)?.is_active).toBe(false);
    const again = await createCard({ phone_number: LINE, first_name: 'A' });
    expect(again.json.is_active).toBe(true);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual([
      'card.created',
      'card.created',
      'card.created',
    ]);

    fake.inactiveNext(2);
    expect((await patchCard(LINE, { first_name: 'B' })).json.is_active).toBe(false);
    expect((await createCard({ phone_number: LINE, first_name: 'C' })).json.is_active).toBe(false);
    expect((await createCard({ phone_number: LINE, first_name: 'D' })).json.is_active).toBe(true);
  });

  it('inactiveNext with activateAfterMs activates the stored card later, unless it was replaced', async () => {
    fake.inactiveNext(1, { activateAfterMs: 150 });
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).json.is_active).toBe(false);
    await until(() => cardOf(LINE)?.is_active === true);
    expect(fake.ledger.map((entry) => [entry.effect, entry.requestId])).toEqual([
      ['card.created', fake.requests[0]?.id],
      ['card.activated', fake.requests[0]?.id],
    ]);

    fake.inactiveNext(1, { activateAfterMs: 150 });
    expect((await patchCard(LINE, { first_name: 'B' })).json.is_active).toBe(false);
    fake.setCardActivation('inactive');
    expect((await createCard({ phone_number: LINE, first_name: 'C' })).json.is_active).toBe(false);
    await sleep(300);
    expect(cardOf(LINE)).toMatchObject({ first_name: 'C', is_active: false });
  });

  it('reset() switches every limit off and clears the counters', async () => {
    fake.setWriteBudget({ limit: 1, windowMs: 60_000 });
    fake.limitUpstream(OTHER_LINE, 60_000);
    fake.inactiveNext(5);
    fake.setHideInactiveCards(true);
    await createCard({ phone_number: LINE, first_name: 'A' });
    await createCard({ phone_number: LINE, first_name: 'A' });
    await createCard({ phone_number: OTHER_LINE, first_name: 'A' });
    expect(fake.writeLimits).toMatchObject({ budgetRefusals: 1, upstreamLimited: 1 });
    fake.reset();
    expect(fake.writeLimits).toEqual({
      budgetRefusals: 0,
      budgetRefusalsByNumber: {},
      upstreamLimited: 0,
      writesWithinHold: 0,
      writesWithinHoldByNumber: {},
    });
    expect(fake.settings.hideInactiveCards).toBe(false);
    const answers = [
      await createCard({ phone_number: LINE, first_name: 'B' }),
      await patchCard(LINE, { first_name: 'C' }),
      await createCard({ phone_number: OTHER_LINE, first_name: 'B' }),
    ];
    expect(answers.map((a) => [a.status, a.json.is_active])).toEqual([
      [200, true],
      [200, true],
      [200, true],
    ]);
  });
});

describe('attachments', () => {
  async function reserve(overrides: Record<string, unknown> = {}): Promise<Answer> {
    return call('POST', '/v3/attachments', {
      filename: 'logo.png',
      content_type: 'image/png',
      size_bytes: PNG.length,
      ...overrides,
    });
  }

  function upload(answer: Answer, headers: Record<string, string>, body: Buffer = PNG) {
    return fetch(answer.json.upload_url, { method: 'PUT', headers, body });
  }

  it('reserves, uploads with the required headers, and serves the bytes back', async () => {
    const reserved = await reserve();
    expect(reserved.status).toBe(200);
    const { attachment_id: id, required_headers } = reserved.json;
    expect(reserved.json).toMatchObject({ http_method: 'PUT' });
    expect(required_headers['Content-Type']).toBe('image/png');
    expect(Object.keys(required_headers).length).toBeGreaterThan(1);
    expect(reserved.json.upload_url).toContain(`${fake.origin}/__uploads/${id}?`);
    expect(reserved.json.upload_url).toContain('X-Amz-Signature=');
    const ttl = Date.parse(reserved.json.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);

    const before = await call('GET', `/v3/attachments/${id}`);
    expect(before.json).toMatchObject({ id, status: 'pending', size_bytes: PNG.length });
    expect(before.json).not.toHaveProperty('download_url');
    expect((await fetch(reserved.json.download_url)).status).toBe(404);

    const put = await upload(reserved, required_headers);
    expect(put.status).toBe(200);
    const after = await call('GET', `/v3/attachments/${id}`);
    expect(after.json).toMatchObject({
      id,
      filename: 'logo.png',
      content_type: 'image/png',
      status: 'complete',
      download_url: reserved.json.download_url,
    });
    expect(typeof after.json.created_at).toBe('string');
    const download = await fetch(reserved.json.download_url);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PNG);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual([
      'attachment.created',
      'attachment.uploaded',
    ]);
  });

  it('refuses a PUT with a missing or different signed header (403 SignatureDoesNotMatch)', async () => {
    const reserved = await reserve();
    const { required_headers } = reserved.json;
    const onlyType = await upload(reserved, { 'Content-Type': 'image/png' });
    expect(onlyType.status).toBe(403);
    expect(await onlyType.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const otherType = await upload(reserved, { ...required_headers, 'Content-Type': 'image/jpeg' });
    expect(otherType.status).toBe(403);
    const tampered = reserved.json.upload_url.replace(/Signature=([0-9a-f])/, 'Signature=x');
    const forged = await fetch(tampered, { method: 'PUT', headers: required_headers, body: PNG });
    expect(forged.status).toBe(403);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual(['attachment.created']);
  });

  it('refuses a body whose length differs from size_bytes, or without Content-Length', async () => {
    const reserved = await reserve();
    const { required_headers } = reserved.json;
    const short = await upload(reserved, required_headers, PNG.subarray(0, 10));
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('<Code>IncompleteBody</Code>');
    const long = await upload(reserved, required_headers, Buffer.concat([PNG, PNG]));
    expect(long.status).toBe(400);
    const streamed = await fetch(reserved.json.upload_url, {
      method: 'PUT',
      headers: required_headers,
      body: new Blob([PNG]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(411);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual(['attachment.created']);
  });

  it('refuses an expired upload URL with S3 AccessDenied "Request has expired"', async () => {
    fake.setUploadUrlTtl(20);
    const reserved = await reserve();
    await sleep(40);
    const put = await upload(reserved, reserved.json.required_headers);
    expect(put.status).toBe(403);
    const xml = await put.text();
    expect(xml).toContain('<Code>AccessDenied</Code>');
    expect(xml).toContain('<Message>Request has expired</Message>');
  });

  it('validates the reservation: 1001, 1003, 5004 and 5005; 404/2003 for an unknown id', async () => {
    expectEnvelope(await reserve({ filename: undefined }), 400, 1001);
    expectEnvelope(await reserve({ filename: '' }), 400, 1003);
    expectEnvelope(await reserve({ filename: 'x'.repeat(256) }), 400, 1003);
    expectEnvelope(await reserve({ content_type: 'image/webp' }), 400, 5004);
    expectEnvelope(await reserve({ size_bytes: 0 }), 400, 1003);
    expectEnvelope(await reserve({ size_bytes: 104_857_601 }), 400, 5005);
    expect((await reserve({ size_bytes: 104_857_600 })).status).toBe(200);
    expectEnvelope(
      await call('GET', '/v3/attachments/00000000-0000-4000-8000-000000000000'),
      404,
      2003,
    );
  });

  it('accepts its own download_url as image_url once uploaded, not before', async () => {
    const reserved = await reserve();
    const card = { phone_number: LINE, first_name: 'A', image_url: reserved.json.download_url };
    expectEnvelope(await createCard(card), 400, 1005);
    await upload(reserved, reserved.json.required_headers);
    const created = await createCard(card);
    expect(created.json.image_url).toBe(reserved.json.download_url);
  });

  it('can write an https download_url origin while serving the bytes on loopback', async () => {
    const other = await startFakeLinq({ downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
    try {
      const headers = {
        Authorization: `Bearer ${other.apiKey}`,
        'Content-Type': 'application/json',
      };
      const reserved = await fetch(`${other.baseUrl}/v3/attachments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          filename: 'a b.png',
          content_type: 'image/png',
          size_bytes: PNG.length,
        }),
      }).then((r) => r.json() as Promise<AttachmentCreateResponse>);
      expect(reserved.download_url).toMatch(
        /^https:\/\/cdn\.fake-linq\.invalid\/__cdn\/.+\/a%20b\.png$/,
      );
      await fetch(reserved.upload_url, {
        method: 'PUT',
        headers: reserved.required_headers,
        body: PNG,
      });
      const bytes = await fetch(other.origin + new URL(reserved.download_url).pathname);
      expect(bytes.status).toBe(200);
      const card = await fetch(`${other.baseUrl}/v3/contact_card`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          phone_number: LINE,
          first_name: 'A',
          image_url: reserved.download_url,
        }),
      });
      expect(card.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('control surface', () => {
  const control = (path: string, body?: unknown) =>
    fetch(`${fake.origin}/__fake/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it('fail-next, ledger and reset work without auth and are not logged or faulted', async () => {
    const armed = await control('fail-next', {
      count: 1,
      status: 429,
      code: 1007,
      retryAfterSeconds: 5,
    });
    expect(armed.status).toBe(200);
    expect((await control('ledger')).status).toBe(200);
    const limited = await call('GET', '/v3/contact_card');
    expectEnvelope(limited, 429, 1007);
    expect(limited.headers.get('retry-after')).toBe('5');
    await createCard({ phone_number: LINE, first_name: 'A' });
    const snapshot = (await (await control('ledger')).json()) as {
      ledger: LedgerEntry[];
      requests: RequestLogEntry[];
      cards: unknown[];
    };
    expect(snapshot.ledger.map((entry) => entry.effect)).toEqual(['card.created']);
    expect(snapshot.requests).toHaveLength(2);
    expect(snapshot.cards).toEqual([{ phone_number: LINE, first_name: 'A', is_active: true }]);
    expect((await control('reset', {})).status).toBe(200);
    expect(fake.cards.size).toBe(0);
    expect(fake.ledger).toEqual([]);
  });

  it('refuses malformed control calls with 400', async () => {
    expect((await control('fail-next', { status: 'bad' })).status).toBe(400);
    expect((await control('offline-for', { ms: -1 })).status).toBe(400);
    expect((await control('card-activation', { state: 'maybe' })).status).toBe(400);
    expect((await control('no-such-thing', {})).status).toBe(404);
  });

  it('latency and card-activation switch the fake from another process', async () => {
    await control('card-activation', { state: 'inactive' });
    await control('latency', { ms: 200 });
    const started = performance.now();
    const created = await createCard({ phone_number: LINE, first_name: 'A' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(created.json.is_active).toBe(false);
  });

  it('write-budget, limit-upstream, inactive-next and hide-inactive-cards switch the limits', async () => {
    expect((await control('write-budget', { limit: 1, windowMs: 60_000 })).status).toBe(200);
    expect((await control('inactive-next', { count: 1, method: 'POST' })).status).toBe(200);
    expect((await control('hide-inactive-cards', { hide: true })).status).toBe(200);
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).json.is_active).toBe(false);
    expect((await call('GET', '/v3/contact_card')).json.contact_cards).toEqual([]);
    expectEnvelope(await createCard({ phone_number: LINE, first_name: 'A' }), 429, 1007);
    expect((await control('write-budget', { off: true })).status).toBe(200);
    expect((await createCard({ phone_number: LINE, first_name: 'A' })).status).toBe(200);

    const limit = { phoneNumber: OTHER_LINE, holdMs: 60_000 };
    expect((await control('limit-upstream', limit)).status).toBe(200);
    expectEnvelope(await createCard({ phone_number: OTHER_LINE, first_name: 'O' }), 503, 4004);
    expectEnvelope(await createCard({ phone_number: OTHER_LINE, first_name: 'O' }), 503, 4004);
    expect((await control('hide-inactive-cards', { hide: false })).status).toBe(200);
    expect(fake.settings.hideInactiveCards).toBe(false);
    const snapshot = (await (await control('ledger')).json()) as { writeLimits: unknown };
    expect(snapshot.writeLimits).toEqual({
      budgetRefusals: 1,
      budgetRefusalsByNumber: { [LINE]: 1 },
      upstreamLimited: 2,
      writesWithinHold: 1,
      writesWithinHoldByNumber: { [OTHER_LINE]: 1 },
    });
  });

  it('refuses malformed limit control calls with 400', async () => {
    for (const [path, body] of [
      ['write-budget', { limit: 0, windowMs: 1000 }],
      ['write-budget', { limit: 3 }],
      ['limit-upstream', { phoneNumber: '123', holdMs: 1000 }],
      ['limit-upstream', { phoneNumber: LINE }],
      ['inactive-next', { method: 'GET' }],
      ['inactive-next', { count: 0 }],
      ['inactive-next', { activateAfterMs: -1 }],
      ['hide-inactive-cards', { hide: 'yes' }],
    ] as const) {
      expect((await control(path, body)).status, `${path} ${JSON.stringify(body)}`).toBe(400);
    }
  });

  it('offline-for answers, goes offline, then comes back on the same port', async () => {
    const port = fake.port;
    expect((await control('offline-for', { ms: 300 })).status).toBe(200);
    await until(() => !fake.online);
    expect(await connectionRefused(port)).toBe(true);
    await until(() => fake.online);
    expect((await call('GET', '/v3/phone_numbers')).status).toBe(200);
  });
});

describe('through @linqapp/sdk', () => {
  const sdk = (apiKey = fake.apiKey, maxRetries = 0) =>
    new LinqAPIV3({ apiKey, baseURL: fake.baseUrl, maxRetries });

  async function caught(work: Promise<unknown>): Promise<APIError> {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!error) throw new Error('expected the call to fail');
    return error as APIError;
  }

  it('accepts every answer of the contact-card, phone-number and attachment flow', async () => {
    const client = sdk();
    const lines = await client.phoneNumbers.list();
    expect(lines.phone_numbers.map((line) => line.phone_number)).toContain(LINE);

    const reserved = await client.attachments.create({
      filename: 'logo.png',
      content_type: 'image/png',
      size_bytes: PNG.length,
    });
    const put = await fetch(reserved.upload_url, {
      method: reserved.http_method,
      headers: reserved.required_headers,
      body: PNG,
    });
    expect(put.status).toBe(200);
    const stored = await client.attachments.retrieve(reserved.attachment_id);
    expect(stored.status).toBe('complete');
    expect(stored.download_url).toBe(reserved.download_url);

    const created = await client.contactCard.create({
      phone_number: LINE,
      first_name: 'Acme',
      image_url: reserved.download_url,
    });
    expect(created).toEqual({
      phone_number: LINE,
      first_name: 'Acme',
      image_url: reserved.download_url,
      is_active: true,
    });
    const updated = await client.contactCard.update({ phone_number: LINE, last_name: 'Support' });
    expect(updated).toMatchObject({ first_name: 'Acme', last_name: 'Support' });
    const patch = fake.requests.find((r) => r.method === 'PATCH');
    expect(patch).toMatchObject({ query: { phone_number: LINE }, body: { last_name: 'Support' } });
    const listed = await client.contactCard.retrieve({ phone_number: LINE });
    expect(listed.contact_cards).toEqual([updated]);
    expect(fake.ledger.map((entry) => entry.effect)).toEqual([
      'attachment.created',
      'attachment.uploaded',
      'card.created',
      'card.updated',
    ]);
  });

  it('exposes err.status and the Linq code at err.error.error.code', async () => {
    fake.seedCard({ phone_number: LINE, first_name: 'Old' });
    const conflict = await caught(
      sdk().contactCard.create({ phone_number: LINE, first_name: 'A' }),
    );
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.status).toBe(409);
    expect(conflict.error).toMatchObject({ success: false, error: { code: 2014 } });
    expect((conflict.error as { trace_id: string }).trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    const denied = await caught(sdk('wrong').contactCard.retrieve());
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect((denied.error as { error: { code: number } }).error.code).toBe(2004);

    fake.rateLimitNext(1, 7);
    const limited = await caught(sdk().phoneNumbers.list());
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.headers?.get('retry-after')).toBe('7');
    expect((limited.error as { error: { retry_after: number } }).error.retry_after).toBe(7);
  });

  it('with its default retries, the SDK re-sends a setup POST that got 409', async () => {
    fake.seedCard({ phone_number: LINE, first_name: 'Old' });
    const client = sdk(fake.apiKey, 2);
    const conflict = await caught(
      client.contactCard.create({ phone_number: LINE, first_name: 'A' }),
    );
    expect(conflict.status).toBe(409);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('does not validate answers: malformed bodies reach the caller in different forms', async () => {
    const client = sdk();
    fake.malformNext(1, 'not-json');
    await expect(client.contactCard.retrieve()).rejects.toBeInstanceOf(SyntaxError);
    fake.malformNext(1, 'html');
    expect(typeof (await client.contactCard.retrieve())).toBe('string');
    fake.malformNext(1, 'empty');
    expect(await client.contactCard.retrieve()).toBeUndefined();
    fake.malformNext(1, 'missing-fields');
    expect(await client.contactCard.retrieve()).toEqual({ success: true });
  });
});
