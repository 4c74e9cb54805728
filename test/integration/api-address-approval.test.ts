// The API address is read from the SQLite file, which anyone who can write the user's files can
// change; the key is in the keychain. At start-up (the probe, the lines, the history sync, the
// outbox) the services must not send the key to a saved address the user never approved: here
// the database is edited to point at a loopback listener (the fake Linq API) while the services
// run as a release build does (loopback not trusted), and nothing reaches it until the approval
// is in the keychain. Real services, real keychain (throwaway), real SQLite file, loopback only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { APPROVED_ADDRESS_ACCOUNT } from '../../electron/services/api-address-approval.ts';
import { createServices, type Services } from '../../electron/services/index.ts';
import type { FetchLike } from '../../electron/services/net/fetch.ts';
import { globalFetch } from '../../electron/services/net/fetch.ts';
import { createKeychainSecretStore } from '../../electron/services/secrets.ts';
import { openDatabase, storedValue } from '../../electron/services/store.ts';
import { isLoopbackHost } from '../../shared/rules.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { requireTestKeyring } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let fake: FakeLinq;
let other: FakeLinq;
let dataDir: string;
let keychainService: string;
let services: Services | undefined;
/** Every request the services made, wherever it was going. */
let sent: string[];

/** The services' fetch: records every request, and refuses any that would leave this computer. */
const loopbackOnly: FetchLike = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  sent.push(url.href);
  if (!isLoopbackHost(url.hostname)) throw new TypeError(`refused: ${url.host} is not loopback`);
  return globalFetch(input, init);
};

function start(): Services {
  return createServices({
    dataDir,
    // No address from the host: Linq's is the default, so only the database names the listener.
    keychainService,
    locale: 'en-US',
    version: '0.0.0-test',
    requestTimeoutMs: 2_000,
    fetch: loopbackOnly,
    trustLoopbackApiAddress: false, // as a release build
    syncOnConnect: true, // the start-up reads: the lines and the history sync
    outboxBackoff: { baseMs: 20, capMs: 200 },
    probeDelays: { firstMs: 20, maxMs: 200 },
  });
}

/** Edits the saved settings as someone with access to the user's files could. */
function pointDatabaseAt(url: string): void {
  const db = openDatabase(dataDir);
  storedValue(db, 'preferences').write({ apiBaseUrl: url });
  db.close();
}

const keychain = () => createKeychainSecretStore({ service: keychainService });
const approvalEntry = () =>
  createKeychainSecretStore({ service: keychainService, account: APPROVED_ADDRESS_ACCOUNT });

async function call(name: string, payload?: unknown) {
  return services!.dispatch(name, payload);
}

beforeEach(async () => {
  fake = await startFakeLinq();
  other = await startFakeLinq();
  dataDir = await mkdtemp(join(tmpdir(), 'linq-address-approval-'));
  keychainService = `linq-address-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  sent = [];
  await keychain().setKey(fake.apiKey);
});

afterEach(async () => {
  await services?.close();
  services = undefined;
  await keychain().deleteKey();
  await approvalEntry().deleteKey();
  await fake.close();
  await other.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('sends no request to a saved address that was never approved, and holds the outbox', async () => {
  pointDatabaseAt(fake.baseUrl);
  services = start();
  expect(await services.apiAddress.unapproved()).toBe(fake.baseUrl);

  // Everything that would carry the key: a card, a key check, the lines, a sync.
  expect(await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' })).toMatchObject({
    ok: true,
  });
  expect(await call('verifyKey')).toMatchObject({
    ok: true,
    value: { present: true, checkError: { code: 'API_ADDRESS_NOT_APPROVED' } },
  });
  await call('refreshLines');
  await call('syncCards');
  await vi.waitFor(
    async () => {
      expect(services?.outboxSnapshot().status.pausedBy?.code).toBe('API_ADDRESS_NOT_APPROVED');
    },
    { timeout: 5_000 },
  );
  // Time for the probe's retries and the start-up reads to have gone out, had they.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(sent).toEqual([]);
  expect(fake.requests).toEqual([]);
});

it('sends once the approval is in the keychain, and after a restart without asking again', async () => {
  pointDatabaseAt(fake.baseUrl);
  services = start();
  const setup = await call('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
  expect(setup).toMatchObject({ ok: true });
  await services.apiAddress.approve(fake.baseUrl);
  expect(await approvalEntry().getKey()).toBe(fake.baseUrl);

  await vi.waitFor(
    () => expect(fake.requests.some((r) => r.method === 'POST' && r.authorised)).toBe(true),
    { timeout: 5_000 },
  );
  await services.close();
  services = start();
  expect(await services.apiAddress.unapproved()).toBe(null);
  // A key check is a Linq call like any other: it goes out, to the approved address.
  expect(await call('verifyKey')).toMatchObject({
    ok: true,
    value: { verification: 'verified', checkError: null },
  });
});

it('holds an address other than the one approved (the database pointed elsewhere later)', async () => {
  pointDatabaseAt(fake.baseUrl);
  services = start();
  await services.apiAddress.approve(fake.baseUrl);
  await services.close();

  pointDatabaseAt(other.baseUrl);
  services = start();
  expect(await services.apiAddress.unapproved()).toBe(other.baseUrl);
  expect(await call('verifyKey')).toMatchObject({
    ok: true,
    value: { checkError: { code: 'API_ADDRESS_NOT_APPROVED' } },
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(other.requests).toEqual([]);
});
