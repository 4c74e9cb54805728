// Quitting without losing work, through the headless host (the services in their own process,
// stopped by a real signal) against the fake Linq API over loopback HTTP, with the real keychain
// and SQLite file: a signal in the middle of a send waits for the answer, records it, closes the
// database, logs "Stopped" and exits 0; an answer slower than the bound is left in doubt and
// read back at the next start, never sent twice.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/contract.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { HOST_ENV } from '../../electron/headless/protocol.ts';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { logRuns, messagesOf as messages } from '../support/app-log.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { requireTestKeyring } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let fake: FakeLinq;
let dataDir: string;
let host: HostProcess | undefined;

beforeEach(async () => {
  fake = await startFakeLinq();
  dataDir = await mkdtemp(join(tmpdir(), 'linq-shutdown-'));
});

afterEach(async () => {
  await host?.invoke('removeKey').catch(() => {});
  await host?.stop();
  host = undefined;
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function startHost(options: { closeWaitMs: number; requestTimeoutMs: number }) {
  host = await startHostProcess({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService: `linq-shutdown-${process.pid}-${Math.random().toString(36).slice(2)}`,
    requestTimeoutMs: options.requestTimeoutMs,
    env: { [HOST_ENV.closeWaitMs]: String(options.closeWaitMs), [HOST_ENV.syncOnConnect]: '0' },
  });
  await host.storeKeyUnchecked(fake.apiKey);
  return host;
}

function valueOf<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

async function submit(running: HostProcess): Promise<OutboxItem> {
  return valueOf(await running.invoke('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' }));
}

async function itemOf(running: HostProcess, id: number): Promise<OutboxItem | undefined> {
  const snapshot = await running.outboxSnapshot();
  return snapshot.items.find((item) => item.id === id);
}

const runs = () => logRuns(dataDir);
const posts = () =>
  fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/v3/contact_card'));
const created = () => fake.ledger.filter((effect) => effect.effect === 'card.created');
/** SQLite removes it when the last connection closes cleanly; a killed process leaves it. */
const walLeft = () => existsSync(join(dataDir, `${DATABASE_FILE}-wal`));

describe('a signal in the middle of a send', () => {
  it('waits for the answer, records it, logs "Stopped" and exits 0; after a restart the card is sent, once', async () => {
    const running = await startHost({ closeWaitMs: 10_000, requestTimeoutMs: 10_000 });
    const held = fake.holdAnswerNext({ method: 'POST', path: '/v3/contact_card' });
    const item = await submit(running);
    await held.arrived; // applied by Linq, its answer not yet sent: the request is in flight

    running.signal('SIGTERM');
    await expect.poll(() => messages(runs()[0])).toContain('Stopping');
    // A second Ctrl+C and another kill during the shutdown start nothing, and end nothing early.
    running.signal('SIGINT');
    running.signal('SIGTERM');
    const output = () => running.output.join('');
    await expect.poll(output).toContain('Already stopping (SIGTERM); SIGINT starts nothing new.');
    await expect.poll(output).toContain('Already stopping (SIGTERM); SIGTERM starts nothing new.');
    held.release();

    expect(await running.exited()).toEqual({ code: 0, signal: null });
    const first = runs()[0]!;
    expect(first.find((line) => line.message === 'Stopping')).toMatchObject({ reason: 'SIGTERM' });
    const afterStopping = messages(first.slice(messages(first).indexOf('Stopping')));
    expect(afterStopping).toEqual(['Stopping', 'Outbox attempt applied', 'Stopped']);
    expect(walLeft()).toBe(false);

    await running.restart();
    expect(await itemOf(running, item.id)).toMatchObject({
      state: 'done',
      confirmedBy: 'answer', // recorded by the first run, not recovered by reading it back
      attempts: 1,
    });
    expect(messages(runs()[1])).not.toContain('Requests cut short by the last exit are in doubt');
    expect(posts()).toHaveLength(1);
    expect(created()).toHaveLength(1);
  });

  it('gives up on an answer slower than the bound: in doubt at the next start, read back, never sent twice', async () => {
    const requestTimeoutMs = 1_500;
    const running = await startHost({ closeWaitMs: 300, requestTimeoutMs });
    const held = fake.holdAnswerNext({ method: 'POST', path: '/v3/contact_card' });
    const item = await submit(running);
    await held.arrived;

    running.signal('SIGTERM');
    expect(await running.exited()).toEqual({ code: 0, signal: null });
    const first = runs()[0]!;
    expect(first.find((line) => line.message.startsWith('Stopped waiting'))).toMatchObject({
      level: 'warn',
      outboxRequests: 1,
      waitedMs: 300,
    });
    expect(messages(first).at(-1)).toBe('Stopped');
    expect(walLeft()).toBe(false);
    held.release(); // too late: the host is gone, and the answer with it

    await running.restart();
    expect(runs()[1]!.find((line) => line.message.startsWith('Requests cut short'))).toMatchObject({
      interrupted: 1,
    });
    // Read back once the request's timeout has passed since it was sent: Linq has the card.
    await vi.waitFor(
      async () =>
        expect(await itemOf(running, item.id)).toMatchObject({
          state: 'done',
          confirmedBy: 'read-back',
          attempts: 1,
        }),
      { timeout: requestTimeoutMs + 10_000, interval: 50 },
    );
    expect(posts()).toHaveLength(1);
    expect(created()).toHaveLength(1);
    expect(
      fake.requests.filter((r) => r.method === 'GET' && r.query.phone_number === NUMBER),
    ).not.toHaveLength(0);
  });
});

describe('the driver going away', () => {
  it('stops the host as a quit does: "Stopped", the database closed, exit 0', async () => {
    const running = await startHost({ closeWaitMs: 10_000, requestTimeoutMs: 10_000 });
    const item = await submit(running);
    await vi.waitFor(async () =>
      expect(await itemOf(running, item.id)).toMatchObject({ state: 'done' }),
    );
    running.disconnect();
    expect(await running.exited()).toEqual({ code: 0, signal: null });
    expect(runs()[0]!.find((line) => line.message === 'Stopping')).toMatchObject({
      reason: 'disconnect',
    });
    expect(messages(runs()[0]).at(-1)).toBe('Stopped');
    expect(walLeft()).toBe(false);
  });
});
