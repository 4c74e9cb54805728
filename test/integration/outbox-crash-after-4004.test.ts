// A crash (SIGKILL) after an update left for Linq and before its answer was written down, when
// that answer was a 503/4004: Linq left the card not active, and the app, on its next start,
// only knows the update is in doubt. Its read-back finds the card not active without the
// change. PATCH needs an active card (404/2012 otherwise), so the change must go again as
// after a 4004 it had seen: after the hold, in full, as a POST. A PATCH would be refused, stop
// the change and every later one for the number, and leave the card not active.
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HOST_ENV } from '../../electron/headless/protocol.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let h: Harness;
let host: HostProcess;

beforeEach(async () => {
  h = await startHarness();
  await h.services.close(); // the host below is the only one on this data folder
  host = await startHostProcess({
    dataDir: h.dataDir,
    apiBaseUrl: h.fake.baseUrl,
    keychainService: `linq-crash-after-4004-${process.pid}`,
    requestTimeoutMs: 1_000,
    env: {
      [HOST_ENV.probeDelaysMs]: '20,200',
      [HOST_ENV.outboxBackoffMs]: '20,200',
      [HOST_ENV.writeBudget]: '3,1000',
      [HOST_ENV.notActive]: '100,3',
    },
  });
});

afterEach(async () => {
  await host.invoke('removeKey').catch(() => {});
  await host.stop();
  await h.fake.close();
  await rm(h.dataDir, { recursive: true, force: true });
});

const writes = () =>
  h.fake.requests.filter(
    (r) => r.path.endsWith('/contact_card') && (r.method === 'POST' || r.method === 'PATCH'),
  );

async function item(id: number): Promise<OutboxItem | undefined> {
  const snapshot = await host.outboxSnapshot().catch(() => undefined);
  return snapshot?.items.find((i) => i.id === id);
}

async function submit(name: string, payload: object): Promise<number> {
  const result = await host.invoke(name, { phoneNumber: NUMBER, ...payload });
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return (result.value as OutboxItem).id;
}

it('sends the update again in full after the hold, not as a PATCH Linq refuses', async () => {
  h.fake.setWriteBudget({ limit: 3, windowMs: 1_000 });
  await host.storeKeyUnchecked(h.fake.apiKey);
  const setup = await submit('setupCard', { firstName: 'Acme', lastName: 'Support' });
  await expect.poll(async () => (await item(setup))?.state, { timeout: 10_000 }).toBe('done');

  // The update's answer is slow, and will be a 4004: the host dies before it comes.
  h.fake.setLatency(1_500);
  h.fake.limitUpstream(NUMBER, 300);
  const update = await submit('updateCard', { lastName: 'Desk' });
  await expect.poll(() => writes().length, { timeout: 10_000 }).toBe(2);
  await host.kill();
  // Killed while the request was still unanswered: the answer below reached no one.
  expect(writes()[1]!.status).toBeNull();
  await expect.poll(() => writes()[1]!.status, { timeout: 5_000 }).toBe(503);
  expect(h.fake.cards.get(NUMBER)).toMatchObject({ last_name: 'Support', is_active: false });
  h.fake.setLatency(0);

  await host.restart();
  await expect
    .poll(async () => (await item(update))?.state, { timeout: 15_000 })
    .not.toMatch(/^(waiting|sending|in-doubt)$/);
  expect(await item(update)).toMatchObject({
    state: 'done',
    action: 'update',
    card: { lastName: 'Desk', isActive: true },
  });
  expect(h.fake.cards.get(NUMBER)).toMatchObject({ last_name: 'Desk', is_active: true });
  // The change went once more, in full, as a POST (never as a PATCH to the card not active),
  // and not while Linq held the line.
  expect(writes().map((w) => `${w.method} ${w.status}`)).toEqual([
    'POST 200',
    'PATCH 503',
    'POST 200',
  ]);
  expect(writes()[2]!.body).toMatchObject({
    phone_number: NUMBER,
    first_name: 'Acme',
    last_name: 'Desk',
  });
  expect(h.fake.writeLimits.writesWithinHold).toBe(0);
}, 40_000);
