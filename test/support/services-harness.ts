// The assembled services in this process, over real HTTP to a fake Linq API, the real
// keychain (a throwaway gnome-keyring: run through scripts/with-test-keyring.sh) and a real
// SQLite file in a temporary folder. One harness per test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import type { EventName, Result } from '../../shared/contract.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import {
  createServices,
  type Services,
  type ServicesConfig,
} from '../../electron/services/index.ts';
import { startFakeLinq, type FakeLinq, type FakeLinqOptions } from '../fake-linq/server.ts';
import { globalFetch } from '../../electron/services/net/fetch.ts';

export function requireTestKeyring(): void {
  if (!process.env.LINQ_TEST_KEYRING) {
    throw new Error(
      'These tests use a real keychain: run them through scripts/with-test-keyring.sh (npm test does).',
    );
  }
}

export interface Harness {
  fake: FakeLinq;
  dataDir: string;
  events: { name: EventName; payload: unknown }[];
  services: Services;
  call(name: string, payload?: unknown): Promise<Result<unknown>>;
  /** The value of a call that must succeed. */
  value<T>(name: string, payload?: unknown): Promise<T>;
  /** Stores the fake API's key, not checked with Linq (see Services.storeKeyUnchecked). */
  withKey(): Promise<void>;
  /** Closes the services and starts new ones on the same data folder and keychain entry. */
  restart(): Promise<void>;
  /** Waits until the outbox item satisfies `done`; returns it. */
  waitForItem(
    id: number,
    done: (item: OutboxItem) => boolean,
    timeoutMs?: number,
  ): Promise<OutboxItem>;
  close(): Promise<void>;
}

export async function startHarness(
  config: Partial<ServicesConfig> = {},
  fakeOptions: FakeLinqOptions = {},
): Promise<Harness> {
  const fake = await startFakeLinq(fakeOptions);
  const dataDir = await mkdtemp(join(tmpdir(), 'linq-services-'));
  const keychainService = `linq-services-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const events: Harness['events'] = [];

  function start(): Services {
    const created = createServices({
      dataDir,
      apiBaseUrl: fake.baseUrl,
      keychainService,
      locale: 'en-US',
      version: '0.0.0-test',
      requestTimeoutMs: 2_000,
      fetch: globalFetch,
      outboxBackoff: { baseMs: 20, capMs: 200 },
      probeDelays: { firstMs: 20, maxMs: 200 },
      // Linq's budget (3 writes per number) with a window short enough for tests: every
      // test runs under the limit, none waits ten minutes for it.
      writeBudget: { limit: 3, windowMs: 1_500, marginMs: 100 },
      notActive: { checkAfterMs: 150, maxTries: 3 },
      // Off unless a test turns it on: it adds a GET to request sequences tests compare.
      syncOnConnect: false,
      chooseExportPath: async (name) => join(dataDir, name),
      ...config,
    });
    created.events.subscribe((name, payload) => events.push({ name, payload }));
    return created;
  }

  const harness: Harness = {
    fake,
    dataDir,
    events,
    services: start(),
    call: (name, payload) => harness.services.dispatch(name, payload),
    async value<T>(name: string, payload?: unknown) {
      const result = await harness.call(name, payload);
      if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
      return result.value as T;
    },
    async withKey() {
      await harness.services.storeKeyUnchecked(fake.apiKey);
    },
    async restart() {
      await harness.services.close();
      harness.services = start();
    },
    async waitForItem(id, done, timeoutMs = 10_000) {
      let found: OutboxItem | undefined;
      await vi.waitFor(
        async () => {
          const snapshot = harness.services.outboxSnapshot();
          found = snapshot.items.find((item) => item.id === id);
          expect(found && done(found), JSON.stringify(found)).toBe(true);
        },
        { timeout: timeoutMs, interval: 20 },
      );
      return found!;
    },
    async close() {
      await harness.call('removeKey');
      await harness.services.close();
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
