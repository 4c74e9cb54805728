// A company proxy between the headless host and Linq, set the standard way (HTTPS_PROXY and
// HTTP_PROXY in the host's environment, no NO_PROXY for loopback): everything goes through
// it, and a proxy that refuses, demands a sign-in or is not there at all gets its own message,
// keeps the card waiting (never in doubt, never failed), and the card is sent exactly once
// when the proxy lets it through.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyStatus } from '../../shared/contract.ts';
import type { OutboxItem, OutboxSnapshot } from '../../shared/outbox.schema.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { fullFlowMissing, requestLine } from '../support/counting-fetch.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import {
  proxyVariables,
  startLoopbackProxy,
  type LoopbackProxy,
} from '../support/loopback-proxy.ts';
import { requireTestKeyring } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let fake: FakeLinq;
let proxy: LoopbackProxy;
let dataDir: string;
let keychainService: string;
let hosts: HostProcess[];
/** Every state any outbox item was published in, by item id. */
let states: Map<number, Set<string>>;

beforeEach(async () => {
  fake = await startFakeLinq({ downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
  proxy = await startLoopbackProxy();
  dataDir = await mkdtemp(join(tmpdir(), 'linq-proxy-'));
  keychainService = `linq-proxy-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  hosts = [];
  states = new Map();
});

afterEach(async () => {
  await hosts
    .at(-1)
    ?.invoke('removeKey')
    .catch(() => {});
  for (const host of hosts) await host.stop();
  await proxy.close();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A headless host on the test's data folder and keychain entry, through `proxyUrl`. */
async function startHost(proxyUrl: string, env: Record<string, string> = {}): Promise<HostProcess> {
  await hosts.at(-1)?.stop(); // one host at a time on the data folder
  const host = await startHostProcess({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService,
    requestTimeoutMs: 2_000,
    env: {
      ...proxyVariables(proxyUrl),
      LINQ_PROBE_DELAYS_MS: '20,200',
      LINQ_OUTBOX_BACKOFF_MS: '20,200',
      ...env,
    },
  });
  host.onEvent((name, payload) => {
    if (name !== 'outboxChanged') return;
    for (const item of (payload as OutboxSnapshot).items) {
      const seen = states.get(item.id) ?? new Set();
      states.set(item.id, seen.add(item.state));
    }
  });
  hosts.push(host);
  return host;
}

async function value<T>(host: HostProcess, name: string, payload?: unknown): Promise<T> {
  const result = await host.invoke(name, payload);
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function itemOf(host: HostProcess, id: number): Promise<OutboxItem | undefined> {
  return (await host.outboxSnapshot()).items.find((item) => item.id === id);
}

async function storeAndVerifyKey(host: HostProcess): Promise<KeyStatus> {
  await host.storeKeyUnchecked(fake.apiKey);
  return value<KeyStatus>(host, 'verifyKey');
}

const setUp = (host: HostProcess) =>
  value<OutboxItem>(host, 'setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });

const created = () => fake.ledger.filter((entry) => entry.effect === 'card.created');

/**
 * The card waits and nothing reached Linq; the outbox says Linq is unreachable, and why: the
 * item's own attempt failed with `code`, or (submitted when Linq was already known to be
 * unreachable) it has no attempt and the outbox's reason is `code`.
 */
async function expectWaiting(host: HostProcess, id: number, code: string): Promise<OutboxSnapshot> {
  await expect
    .poll(async () => (await host.outboxSnapshot()).status.unreachableReason?.code)
    .toBe(code);
  const snapshot = await host.outboxSnapshot();
  const item = snapshot.items.find((entry) => entry.id === id);
  expect(item?.state).toBe('waiting');
  expect(item?.lastError?.code ?? code).toBe(code);
  expect(snapshot.status.connection).toBe('unreachable');
  expect(created()).toHaveLength(0);
  return snapshot;
}

async function expectSentOnce(host: HostProcess, id: number): Promise<void> {
  await expect.poll(async () => (await itemOf(host, id))?.state, { timeout: 10_000 }).toBe('done');
  expect(created()).toHaveLength(1);
  // Waiting throughout: never in doubt (the request certainly never left), never failed.
  expect(
    [...(states.get(id) ?? [])].filter((state) => !['waiting', 'sending', 'done'].includes(state)),
  ).toEqual([]);
}

describe('through a proxy that lets the app through', () => {
  it('checks the key, sets up, updates and uploads a photo, every request via the proxy', async () => {
    const host = await startHost(proxy.url);
    expect(await storeAndVerifyKey(host)).toMatchObject({ verification: 'verified' });
    const jpeg = await readFile(new URL('../fixtures/images/photo.jpg', import.meta.url));
    const photo = await value(host, 'storePhoto', {
      sha256: createHash('sha256').update(jpeg).digest('hex'),
      contentType: 'image/jpeg',
      base64: jpeg.toString('base64'),
    });
    const setup = await value<OutboxItem>(host, 'setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      photo,
    });
    await expect.poll(async () => (await itemOf(host, setup.id))?.state).toBe('done');
    const update = await value<OutboxItem>(host, 'updateCard', {
      phoneNumber: NUMBER,
      lastName: 'Inc',
    });
    await expect.poll(async () => (await itemOf(host, update.id))?.state).toBe('done');

    expect(fake.ledger.map((entry) => entry.effect)).toEqual([
      'attachment.created',
      'attachment.uploaded',
      'card.created',
      'card.updated',
    ]);
    expect(fake.attachments.values().next().value?.bytes?.equals(jpeg)).toBe(true);
    // Everything Linq received came through the proxy (tunnelled, as Node does even for
    // http:// URLs), and the proxy let nothing through that Linq did not receive.
    await expect
      .poll(() => proxy.passed.map((entry) => requestLine(entry)).sort())
      .toEqual(fake.requests.map(requestLine).sort());
    expect(new Set(proxy.passed.map((entry) => entry.via))).toEqual(new Set(['tunnel']));
    expect(fullFlowMissing(fake.requests.map(requestLine))).toEqual([]);
  });
});

describe('a proxy that refuses the connection', () => {
  it('says so, keeps the card waiting, and sends it once the proxy lets it through', async () => {
    proxy.refuseAll = true;
    // No reads of Linq when the key is set: the card's own attempt is the first to meet the proxy.
    const host = await startHost(proxy.url, { LINQ_SYNC_ON_CONNECT: '0' });
    await host.storeKeyUnchecked(fake.apiKey);
    const item = await setUp(host);
    const { items, status } = await expectWaiting(host, item.id, 'PROXY_REFUSED');
    const lastError = items.find((entry) => entry.id === item.id)?.lastError;
    expect(lastError?.message).toMatch(
      /^Your network’s proxy refused the connection: it answered HTTP 403 when asked to connect to Linq\. Nothing was sent to Linq\. Ask your IT team to let this computer reach api\.linqapp\.com through the proxy/,
    );
    expect(status.unreachableReason).toEqual(lastError);
    const verify = await value<KeyStatus>(host, 'verifyKey');
    expect(verify).toMatchObject({ verification: 'unverified' });
    expect(verify.checkError).toEqual(lastError);
    expect(fake.requests).toHaveLength(0);
    expect(proxy.refused.length).toBeGreaterThan(0);

    proxy.refuseAll = false; // the probe keeps trying, and gets through
    await expectSentOnce(host, item.id);
  });

  it('and one that is not running at all', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const host = await startHost(`http://127.0.0.1:${port}`);
    const status = await storeAndVerifyKey(host);
    expect(status.checkError).toMatchObject({
      code: 'PROXY_REFUSED',
      detail: 'LINQ_PROXY_UNREACHABLE',
    });
    expect(status.checkError?.message).toContain(
      'refused the connection: the app could not connect to the proxy.',
    );
    const item = await setUp(host);
    await expectWaiting(host, item.id, 'PROXY_REFUSED');

    await startHost(proxy.url); // the proxy setting fixed
    await expectSentOnce(hosts.at(-1)!, item.id);
  });
});

describe('a proxy that wants a sign-in (407)', () => {
  it('says so, keeps the card waiting, and sends it once the credentials are in the proxy URL', async () => {
    proxy.credentials = { username: 'staff', password: 's3cret:/@' };
    const host = await startHost(proxy.url);
    const status = await storeAndVerifyKey(host);
    expect(status.checkError).toMatchObject({ code: 'PROXY_AUTH_REQUIRED' });
    expect(status.checkError?.message).toMatch(
      /^Your network’s proxy asks for a sign-in the app cannot give it, so nothing was sent to Linq\. Ask your IT team/,
    );
    const item = await setUp(host);
    await expectWaiting(host, item.id, 'PROXY_AUTH_REQUIRED');
    expect(proxy.refused.length).toBeGreaterThan(0);
    expect(proxy.refused.every((entry) => entry.status === 407)).toBe(true);

    const signedIn = await startHost(proxy.urlWith('staff', 's3cret:/@'));
    await expectSentOnce(signedIn, item.id);
    expect(proxy.passed.some((entry) => entry.method === 'POST')).toBe(true);
  });
});
