// The assembled services over real HTTP to the fake Linq API, the real keychain (a throwaway
// gnome-keyring: run through scripts/with-test-keyring.sh) and a real SQLite file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../shared/contract.ts';
import { createServices, type Services } from '../../electron/services/index.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';

if (!process.env.LINQ_TEST_KEYRING) {
  throw new Error(
    'These tests use a real keychain: run them through scripts/with-test-keyring.sh (npm test does).',
  );
}

const NUMBER = '+14155550132';
let fake: FakeLinq;
let dataDir: string;
let services: Services;
let events: { name: EventName; payload: unknown }[];
let keychainService: string;

function start(): Services {
  const created = createServices({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService,
    locale: 'en-US',
    version: '0.0.0-test',
    requestTimeoutMs: 2_000,
  });
  created.events.subscribe((name, payload) => events.push({ name, payload }));
  return created;
}

async function call(name: string, payload?: unknown) {
  return services.dispatch(name, payload);
}

async function withKey(): Promise<void> {
  expect(await call('setKey', { key: fake.apiKey })).toMatchObject({ ok: true });
}

beforeEach(async () => {
  fake = await startFakeLinq();
  dataDir = await mkdtemp(join(tmpdir(), 'linq-services-'));
  events = [];
  keychainService = `linq-services-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  services = start();
});

afterEach(async () => {
  await call('removeKey');
  await services.close();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('API key', () => {
  it('starts with no key, and never returns the key it stores', async () => {
    expect(await call('getKeyStatus')).toEqual({
      ok: true,
      value: {
        present: false,
        last4: null,
        verification: 'unverified',
        checkedAt: null,
        checkError: null,
      },
    });
    const set = await call('setKey', { key: fake.apiKey });
    expect(set).toMatchObject({
      ok: true,
      value: { present: true, last4: fake.apiKey.slice(-4), verification: 'unverified' },
    });
    expect(JSON.stringify(set)).not.toContain(fake.apiKey);
    expect(JSON.stringify(events)).not.toContain(fake.apiKey);
  });

  it('verifies a good key, marks a wrong one rejected, and keeps it unverified offline', async () => {
    await withKey();
    expect(await call('verifyKey')).toMatchObject({
      ok: true,
      value: { verification: 'verified', checkError: null },
    });

    await call('setKey', { key: 'linq_wrong_key_99999999' });
    const rejected = await call('verifyKey');
    expect(rejected).toMatchObject({
      ok: true,
      value: { verification: 'rejected', checkError: { code: 'KEY_REJECTED' } },
    });

    await call('setKey', { key: fake.apiKey });
    await fake.goOffline();
    const offline = await call('verifyKey');
    expect(offline).toMatchObject({
      ok: true,
      value: {
        present: true,
        verification: 'unverified',
        checkError: { code: 'NETWORK_UNREACHABLE' },
      },
    });
    await fake.goOnline();
    expect(await call('verifyKey')).toMatchObject({
      ok: true,
      value: { verification: 'verified' },
    });
    expect(
      events.filter((event) => event.name === 'keyStatusChanged').length,
    ).toBeGreaterThanOrEqual(6);
  });

  it('does not call a key rejected for a missing permission (403), only for a 401', async () => {
    await withKey();
    await call('verifyKey');
    fake.failNext(1, { status: 403, code: 2005 });
    expect(await call('verifyKey')).toMatchObject({
      ok: true,
      value: { verification: 'verified', checkError: { code: 'PERMISSION_DENIED' } },
    });
  });

  it('drops the verdict of a check whose key was removed or replaced meanwhile', async () => {
    await withKey();
    fake.setLatency(800);
    const checking = call('verifyKey');
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    await call('setKey', { key: 'linq_replacement_key_5678' });
    const answer = await checking;
    // The answer describes the key stored now, and the old key's verdict was not written to it.
    expect(answer).toMatchObject({
      ok: true,
      value: { last4: '5678', verification: 'unverified', checkedAt: null },
    });
    expect(await call('getKeyStatus')).toMatchObject({
      ok: true,
      value: { last4: '5678', verification: 'unverified' },
    });

    const checkingAgain = call('verifyKey');
    await vi.waitFor(() => expect(fake.requests).toHaveLength(2));
    await call('removeKey');
    expect(await checkingAgain).toMatchObject({ ok: true, value: { present: false, last4: null } });
  });

  it('removes the key', async () => {
    await withKey();
    expect(await call('removeKey')).toMatchObject({ ok: true, value: { present: false } });
    expect(await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' })).toMatchObject({
      ok: false,
      error: { code: 'KEY_MISSING', action: 'open-key-settings' },
    });
  });
});

describe('contact cards', () => {
  it('sets up a card with one POST and records it in the history', async () => {
    await withKey();
    const result = await call('setupCard', {
      phoneNumber: NUMBER,
      firstName: ' Acme ',
      lastName: 'Support',
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        card: { phoneNumber: NUMBER, firstName: 'Acme', lastName: 'Support', isActive: true },
      },
    });
    expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(1);
    const history = await call('listHistory');
    expect(history).toMatchObject({
      ok: true,
      value: [{ action: 'setup', phoneNumber: NUMBER, outcome: 'active' }],
    });
    expect(events.some((event) => event.name === 'historyChanged')).toBe(true);
  });

  it('reports a card saved but not yet active', async () => {
    await withKey();
    fake.setCardActivation('inactive');
    const result = await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
    expect(result).toMatchObject({
      ok: true,
      value: { card: { isActive: false }, historyEntry: { outcome: 'inactive' } },
    });
  });

  it('answers 409/2014 with CARD_EXISTS, then PATCHes only the changed fields', async () => {
    await withKey();
    fake.seedCard({
      phone_number: NUMBER,
      first_name: 'Acme',
      last_name: 'Support',
      is_active: true,
    });
    const conflict = await call('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      lastName: 'Sales',
    });
    expect(conflict).toMatchObject({
      ok: false,
      error: { code: 'CARD_EXISTS', action: 'update-instead', linqCode: 2014 },
    });
    // The SDK must not have re-sent the POST (its default retries 409).
    expect(
      fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/contact_card')),
    ).toHaveLength(1);

    const existing = await call('getCard', { phoneNumber: NUMBER });
    expect(existing).toMatchObject({ ok: true, value: { firstName: 'Acme', lastName: 'Support' } });

    const updated = await call('updateCard', { phoneNumber: NUMBER, lastName: 'Sales' });
    expect(updated).toMatchObject({
      ok: true,
      value: { card: { firstName: 'Acme', lastName: 'Sales' } },
    });
    const patch = fake.ledger.find((effect) => effect.effect === 'card.updated');
    expect(patch?.body).toEqual({ last_name: 'Sales' });
  });

  it('marks the key rejected when reading the existing card gets a 401', async () => {
    await withKey();
    await call('verifyKey');
    fake.failNext(1, { status: 401, code: 2004 });
    expect(await call('getCard', { phoneNumber: NUMBER })).toMatchObject({
      ok: false,
      error: { code: 'KEY_REJECTED' },
    });
    expect(await call('getKeyStatus')).toMatchObject({
      ok: true,
      value: { verification: 'rejected' },
    });
  });

  it('waits for a request under way before closing the database', async () => {
    await withKey();
    fake.setLatency(500);
    const setup = call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
    await vi.waitFor(() => expect(fake.requests.some((r) => r.method === 'POST')).toBe(true));
    await services.close();
    expect(await setup).toMatchObject({ ok: true, value: { historyEntry: { outcome: 'active' } } });
    services = start();
    expect(await call('listHistory')).toMatchObject({
      ok: true,
      value: [{ phoneNumber: NUMBER, outcome: 'active' }],
    });
  });

  it('returns null for a number without a card', async () => {
    await withKey();
    expect(await call('getCard', { phoneNumber: NUMBER })).toEqual({ ok: true, value: null });
  });

  it('never re-sends a setup POST that failed with a retryable status', async () => {
    await withKey();
    fake.failNext(1, { status: 500, code: 2022 });
    const result = await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SETUP_INCOMPLETE', action: 'retry' },
    });
    expect(result.ok || result.error.traceId).toBeTruthy();
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it.each([
    [{ status: 400, code: 1002 }, 'INVALID_PHONE'],
    [{ status: 403, code: 2005 }, 'PERMISSION_DENIED'],
    [{ status: 500, code: 3006 }, 'SERVER_ERROR'],
    [{ status: 502, code: 7777 }, 'SERVER_ERROR'],
    [{ status: 418, code: 7777 }, 'LINQ_ERROR'],
  ] as const)('maps %j to %s', async (failure, code) => {
    await withKey();
    fake.failNext(1, failure);
    const result = await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
    expect(result).toMatchObject({ ok: false, error: { code } });
    const history = await call('listHistory');
    expect(history).toMatchObject({ ok: true, value: [{ outcome: 'failed', error: { code } }] });
  });

  it('passes on the retry delay of a 429', async () => {
    await withKey();
    fake.rateLimitNext(1, 30);
    expect(await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterSeconds: 30 },
    });
  });

  it('marks the key rejected when a card call gets a 401', async () => {
    await withKey();
    fake.failNext(1, { status: 401, code: 2004 });
    expect(await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' })).toMatchObject({
      ok: false,
      error: { code: 'KEY_REJECTED', action: 'open-key-settings' },
    });
    expect(await call('getKeyStatus')).toMatchObject({
      ok: true,
      value: { verification: 'rejected' },
    });
  });

  it.each(['not-json', 'missing-fields', 'empty'] as const)(
    'reports a malformed answer (%s)',
    async (kind) => {
      await withKey();
      fake.malformNext(1, kind);
      expect(await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' })).toMatchObject({
        ok: false,
        error: { code: 'MALFORMED_RESPONSE' },
      });
    },
  );

  it('reports no network and timeouts plainly', async () => {
    await withKey();
    await fake.goOffline();
    expect(await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' })).toMatchObject({
      ok: false,
      error: { code: 'NETWORK_UNREACHABLE' },
    });
    await fake.goOnline();
    fake.setLatency(3_000);
    expect(await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' })).toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT' },
    });
  });

  it('re-validates input in main: a number the form would reject never reaches Linq', async () => {
    await withKey();
    for (const phoneNumber of ['(415) 555-0132', '+15551234567', '']) {
      expect(await call('setupCard', { phoneNumber, firstName: 'Acme' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    expect(fake.requests).toHaveLength(0);
  });
});

describe('settings and durability', () => {
  it('defaults the country from the locale and keeps settings across a restart', async () => {
    expect(await call('getSettings')).toMatchObject({
      ok: true,
      value: { defaultCountry: 'US', apiBaseUrl: fake.baseUrl },
    });
    expect(await call('updateSettings', { defaultCountry: 'GB' })).toMatchObject({
      ok: true,
      value: { defaultCountry: 'GB' },
    });
    expect(await call('updateSettings', { apiBaseUrl: 'http://example.com/api' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await services.close();
    services = start();
    expect(await call('getSettings')).toMatchObject({ ok: true, value: { defaultCountry: 'GB' } });
  });

  it('keeps history across a restart, and the app state carries it', async () => {
    await withKey();
    await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
    await services.close();
    services = start();
    const state = await call('getAppState');
    expect(state).toMatchObject({
      ok: true,
      value: { history: [{ phoneNumber: NUMBER }], keyError: null },
    });
  });
});
