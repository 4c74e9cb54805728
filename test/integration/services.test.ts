// The assembled services over real HTTP to the fake Linq API, the real keychain (a throwaway
// gnome-keyring: run through scripts/with-test-keyring.sh) and a real SQLite file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../shared/contract.ts';
import { createServices, type Services } from '../../electron/services/index.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { globalFetch } from '../../electron/services/net/fetch.ts';

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

function start({ syncOnConnect = false } = {}): Services {
  const created = createServices({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService,
    locale: 'en-US',
    version: '0.0.0-test',
    requestTimeoutMs: 2_000,
    fetch: globalFetch,
    // These tests count and fail requests one by one; the history's sync would add its own.
    syncOnConnect,
  });
  created.events.subscribe((name, payload) => events.push({ name, payload }));
  return created;
}

async function call(name: string, payload?: unknown) {
  return services.dispatch(name, payload);
}

/** The fake API's key, stored without a check with Linq. */
async function withKey(): Promise<void> {
  await services.storeKeyUnchecked(fake.apiKey);
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
    const saved = await call('saveKey', { key: fake.apiKey });
    expect(saved).toMatchObject({
      ok: true,
      value: { present: true, last4: fake.apiKey.slice(-4), verification: 'verified' },
    });
    expect(JSON.stringify(saved)).not.toContain(fake.apiKey);
    expect(JSON.stringify(events)).not.toContain(fake.apiKey);
  });

  it('stores a key for a driver without asking Linq, announced like any other', async () => {
    const stored = await services.storeKeyUnchecked(` ${fake.apiKey} `);
    expect(stored).toMatchObject({
      present: true,
      last4: fake.apiKey.slice(-4),
      verification: 'unverified',
      checkedAt: null,
    });
    expect(fake.requests).toHaveLength(0);
    expect(events).toContainEqual({ name: 'keyStatusChanged', payload: stored });
    // Stored as saveKey would store it (trimmed): Linq accepts exactly that key.
    expect(await call('verifyKey')).toMatchObject({
      ok: true,
      value: { verification: 'verified' },
    });

    // Held to the rule a saved key is: nothing the window could not save reaches the keychain.
    await expect(services.storeKeyUnchecked('short')).rejects.toMatchObject({
      appError: { code: 'INVALID_INPUT' },
    });
    expect(await call('getKeyStatus')).toMatchObject({ value: { last4: fake.apiKey.slice(-4) } });

    // Closing: nothing new starts, as for a request.
    await services.close();
    await expect(services.storeKeyUnchecked(fake.apiKey)).rejects.toMatchObject({
      appError: { code: 'INTERNAL' },
    });
    services = start();
  });

  it('verifies a good key, marks a wrong one rejected, and keeps it unverified offline', async () => {
    await withKey();
    expect(await call('verifyKey')).toMatchObject({
      ok: true,
      value: { verification: 'verified', checkError: null },
    });

    await services.storeKeyUnchecked('linq_wrong_key_99999999');
    const rejected = await call('verifyKey');
    expect(rejected).toMatchObject({
      ok: true,
      value: { verification: 'rejected', checkError: { code: 'KEY_REJECTED' } },
    });

    await services.storeKeyUnchecked(fake.apiKey);
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
    fake.failNext(1, { status: 403, code: 2005, path: '/v3/phone_numbers' });
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
    await services.storeKeyUnchecked('linq_replacement_key_5678');
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
    // A read from Linq now has no key to send, and says where to set one.
    expect(await call('syncCards')).toMatchObject({
      ok: true,
      value: { error: { code: 'KEY_MISSING', action: 'open-key-settings' } },
    });
  });
});

describe('saving a new key (checked with Linq before it replaces the stored one)', () => {
  const WRONG = 'linq_wrong_key_000000000077';

  it('after a refused key, a key Linq accepts is stored verified and the cards are read', async () => {
    await services.close();
    services = start({ syncOnConnect: true });
    fake.seedCard({ phone_number: NUMBER, first_name: 'Acme' });
    const syncs = () =>
      fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/v3/contact_card'));
    expect(await call('saveKey', { key: WRONG })).toMatchObject({ ok: false });
    // Linq answered the refused check: it is reachable, and the sync that starts then fails.
    await vi.waitFor(async () =>
      expect(await call('getAppState')).toMatchObject({
        ok: true,
        value: { sync: { running: false, error: { code: 'KEY_MISSING' } } },
      }),
    );
    const before = syncs().length;
    expect(await call('saveKey', { key: fake.apiKey })).toMatchObject({
      ok: true,
      value: { present: true, verification: 'verified', checkError: null },
    });
    // The sync after the check: History's count and sync line describe the accepted key.
    await vi.waitFor(async () =>
      expect(await call('getAppState')).toMatchObject({
        ok: true,
        value: { sync: { running: false, error: null, lastResult: { seen: 1, added: 1 } } },
      }),
    );
    expect(syncs().length).toBe(before + 1);
    expect(
      await call('listCards', { query: '', status: 'all', offset: 0, limit: 10 }),
    ).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('on a first start, reads that need the key wait for it to be stored', async () => {
    await services.close();
    services = start({ syncOnConnect: true });
    // The check is Linq's first answer: Linq becomes reachable before the key is stored.
    expect(await call('saveKey', { key: fake.apiKey })).toMatchObject({ ok: true });
    await vi.waitFor(async () =>
      expect(await call('getAppState')).toMatchObject({
        ok: true,
        value: { sync: { running: false, lastResult: { seen: 0 } } },
      }),
    );
    const syncs = events.filter((e) => e.name === 'syncChanged').map((e) => e.payload);
    const lineLists = events.filter((e) => e.name === 'linesChanged').map((e) => e.payload);
    // No "Sync failed: no API key", no lines refresh that failed for want of the key.
    expect(syncs).not.toContainEqual(expect.objectContaining({ error: expect.anything() }));
    expect(lineLists).not.toContainEqual(
      expect.objectContaining({ error: expect.objectContaining({ code: 'KEY_MISSING' }) }),
    );
  });

  it('does not store a key Linq refuses, and the working key keeps working', async () => {
    expect(await call('saveKey', { key: fake.apiKey })).toMatchObject({ ok: true });
    expect(await call('saveKey', { key: WRONG })).toMatchObject({
      ok: false,
      error: { code: 'KEY_REJECTED' },
    });
    expect(await call('getKeyStatus')).toMatchObject({
      ok: true,
      value: { last4: fake.apiKey.slice(-4), verification: 'verified' },
    });
    // Calls still go out with the old key, and Linq accepts them.
    expect(await call('syncCards')).toMatchObject({ ok: true, value: { error: null } });
    expect(fake.requests.at(-1)?.authorised).toBe(true);
  });

  it('stores nothing on first run when Linq refuses the key', async () => {
    expect(await call('saveKey', { key: WRONG })).toMatchObject({
      ok: false,
      error: { code: 'KEY_REJECTED' },
    });
    expect(await call('getKeyStatus')).toMatchObject({ ok: true, value: { present: false } });
  });

  it('offline, keeps a working key rather than swap it for one nobody checked', async () => {
    expect(await call('saveKey', { key: fake.apiKey })).toMatchObject({ ok: true });
    await fake.goOffline();
    expect(await call('saveKey', { key: WRONG })).toMatchObject({
      ok: false,
      error: { code: 'NETWORK_UNREACHABLE' },
    });
    expect(await call('getKeyStatus')).toMatchObject({
      ok: true,
      value: { last4: fake.apiKey.slice(-4), verification: 'verified' },
    });
  });

  it('offline with no key, stores the new key as not verified yet', async () => {
    await fake.goOffline();
    expect(await call('saveKey', { key: fake.apiKey })).toMatchObject({
      ok: true,
      value: {
        present: true,
        verification: 'unverified',
        checkError: { code: 'NETWORK_UNREACHABLE' },
      },
    });
  });
});

describe('reading from Linq', () => {
  it('marks the key rejected when reading the account’s lines gets a 401', async () => {
    await withKey();
    await call('verifyKey');
    fake.failNext(1, { status: 401, code: 2004 });
    expect(await call('refreshLines')).toMatchObject({
      ok: true,
      value: { error: { code: 'KEY_REJECTED' } },
    });
    expect(await call('getKeyStatus')).toMatchObject({
      ok: true,
      value: { verification: 'rejected' },
    });
  });
});

describe('settings and durability', () => {
  it('defaults the country from the locale and keeps settings across a restart', async () => {
    expect(await call('getAppState')).toMatchObject({
      ok: true,
      value: { settings: { defaultCountry: 'US', apiBaseUrl: fake.baseUrl } },
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
    expect(await call('getAppState')).toMatchObject({
      ok: true,
      value: { settings: { defaultCountry: 'GB' } },
    });
  });

  it('keeps history across a restart, and the app state carries the outbox', async () => {
    await withKey();
    await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
    await services.close();
    services = start();
    const state = await call('getAppState');
    expect(state).toMatchObject({
      ok: true,
      value: { keyError: null, outbox: { items: [{ phoneNumber: NUMBER }] } },
    });
    expect(
      await call('listCards', { query: '', status: 'all', offset: 0, limit: 10 }),
    ).toMatchObject({ ok: true, value: { total: 1, rows: [{ phoneNumber: NUMBER }] } });
  });
});
