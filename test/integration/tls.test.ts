// Linq behind a certificate this computer does not trust, as a TLS-inspecting company gateway
// presents one (signed by the company's own root): nothing is sent, the card waits with a
// message that says what IT must do, and once the root is trusted (here NODE_EXTRA_CA_CERTS,
// which the headless host's Node honours; the app itself trusts the OS store) the card is sent
// exactly once, through the company proxy too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KeyStatus } from '../../shared/contract.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import {
  proxyVariables,
  startLoopbackProxy,
  type LoopbackProxy,
} from '../support/loopback-proxy.ts';
import { requireTestKeyring } from '../support/services-harness.ts';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let dir: string;
let certificates: TestCertificates;
let fake: FakeLinq;
let proxy: LoopbackProxy;
let host: HostProcess | undefined;
const keychainService = `linq-tls-test-${process.pid}`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-tls-'));
  certificates = makeTestCertificates(dir);
  fake = await startFakeLinq({ tls: { key: certificates.key, cert: certificates.cert } });
  proxy = await startLoopbackProxy();
});

afterEach(async () => {
  await host?.invoke('removeKey').catch(() => {});
  await host?.stop();
  await proxy.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function startHost(env: Record<string, string>): Promise<HostProcess> {
  await host?.stop();
  host = await startHostProcess({
    dataDir: join(dir, 'data'),
    apiBaseUrl: fake.baseUrl,
    keychainService,
    requestTimeoutMs: 2_000,
    env: {
      LINQ_PROBE_DELAYS_MS: '20,200',
      LINQ_OUTBOX_BACKOFF_MS: '20,200',
      // Only the card's own attempt meets the certificate first (no reads when the key is set).
      LINQ_SYNC_ON_CONNECT: '0',
      ...env,
    },
  });
  return host;
}

async function value<T>(name: string, payload?: unknown): Promise<T> {
  const result = await host!.invoke(name, payload);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function itemOf(id: number): Promise<OutboxItem | undefined> {
  return (await host!.outboxSnapshot()).items.find((item) => item.id === id);
}

it('refuses an untrusted certificate, keeps the card, and sends it once the root is trusted', async () => {
  expect(fake.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:/);
  await startHost({});
  await host!.storeKeyUnchecked(fake.apiKey);
  const item = await value<OutboxItem>('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
  await expect.poll(async () => (await itemOf(item.id))?.lastError?.code).toBe('TLS_UNTRUSTED');
  const waiting = (await itemOf(item.id))!;
  expect(waiting.state).toBe('waiting');
  expect(waiting.lastError).toMatchObject({ detail: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  expect(waiting.lastError?.message).toMatch(
    /could not be verified as secure, so nothing was sent\. Company networks that inspect encrypted traffic .* ask your IT team to install your company’s root certificate in this computer’s certificate store/,
  );
  const verify = await value<KeyStatus>('verifyKey');
  expect(verify).toMatchObject({
    verification: 'unverified',
    checkError: { code: 'TLS_UNTRUSTED' },
  });
  expect((await host!.outboxSnapshot()).status).toMatchObject({
    connection: 'unreachable',
    unreachableReason: { code: 'TLS_UNTRUSTED' },
  });
  expect(fake.requests).toHaveLength(0); // the handshake failed: no request was ever read

  // IT installs the root; the company proxy is in the way too (a TLS tunnel through it).
  await startHost({
    NODE_EXTRA_CA_CERTS: certificates.caCertPath,
    ...proxyVariables(proxy.url),
  });
  await expect.poll(async () => (await itemOf(item.id))?.state, { timeout: 10_000 }).toBe('done');
  expect(fake.ledger.filter((entry) => entry.effect === 'card.created')).toHaveLength(1);
  expect(proxy.passed.length).toBeGreaterThan(0);
  expect(proxy.passed.every((entry) => entry.via === 'tls-tunnel')).toBe(true);
});
