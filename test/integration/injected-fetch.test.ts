// Every request the services make goes through the fetch they were given: the key check, a
// card set up with a photo (reservation, PUT, POST), an update, a read, the history sync, the
// lines, the reachability probe. The global fetch is replaced by a trap for the test, so a
// module (or an SDK client) that reached for it instead would be caught. Run twice: with a
// counting fetch in the config, and with Electron's wiring (main/network.ts) around a
// stand-in for Electron's `net` whose fetch records the calls and builds a Request from its
// input as Electron's does.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { servicesFetch, type NetLike } from '../../electron/main/network.ts';
import type { FetchLike } from '../../electron/services/net/fetch.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import {
  countingFetch,
  describeCall,
  fullFlowMissing,
  requestLine,
  type FetchCall,
} from '../support/counting-fetch.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
const nodeFetch = globalThis.fetch;
let h: Harness;
let injected: FetchCall[];
let bypassed: FetchCall[];

beforeEach(() => {
  bypassed = [];
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    bypassed.push(describeCall(input, init));
    return nodeFetch(input, init);
  });
});

afterEach(async () => {
  await h.close();
  vi.unstubAllGlobals();
});

/** Ways to hand the services a fetch, each with the record of what went through it. */
const WIRINGS: Record<string, () => { fetch: FetchLike; calls: FetchCall[] }> = {
  'a fetch in the config': () => countingFetch((input, init) => nodeFetch(input, init)),
  'Electron’s wiring around net.fetch': () => {
    const calls: FetchCall[] = [];
    const net: NetLike = {
      fetch(input, init) {
        calls.push(describeCall(input, init));
        return nodeFetch(new Request(input, init));
      },
    };
    return { fetch: servicesFetch(net), calls };
  },
};

const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

/** What of `all` is left once each of `part` is taken out of it (null if one was missing). */
function without(all: string[], part: string[]): string[] | null {
  const left = [...all];
  for (const line of part) {
    const index = left.indexOf(line);
    if (index < 0) return null;
    left.splice(index, 1);
  }
  return left;
}

it.each(Object.keys(WIRINGS))(
  '%s: every request goes through it, none around it',
  async (wiring) => {
    const given = WIRINGS[wiring]!();
    injected = given.calls;
    h = await startHarness(
      { fetch: given.fetch, syncOnConnect: true },
      { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' },
    );
    await h.withKey();
    await h.value('verifyKey');
    const jpeg = await readFile(new URL('../fixtures/images/photo.jpg', import.meta.url));
    const photo = await h.value('storePhoto', {
      sha256: createHash('sha256').update(jpeg).digest('hex'),
      contentType: 'image/jpeg',
      base64: jpeg.toString('base64'),
    });
    const setup = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      photo,
    });
    expect((await h.waitForItem(setup.id, finished)).state).toBe('done');
    const update = await h.value<OutboxItem>('updateCard', {
      phoneNumber: NUMBER,
      lastName: 'Inc',
    });
    expect((await h.waitForItem(update.id, finished)).state).toBe('done');
    await h.value('syncCards');
    await h.value('refreshLines');
    // Online, every request arrives: wait until the background reads (sync, lines) are in.
    await expect.poll(() => h.fake.requests.length).toBe(injected.length);
    // The probe runs only while Linq is unreachable; what is tried meanwhile never arrives.
    await h.fake.goOffline();
    const beforeOffline = injected.length;
    await h.call('checkConnection');
    const triedOffline = injected.slice(beforeOffline).map(requestLine);
    expect(triedOffline.length).toBeGreaterThan(0);
    await h.fake.goOnline();
    await h.value('checkConnection');
    const reached = h.fake.requests.map(requestLine);
    expect(reached.at(-1)).toBe('GET /api/partner/v3/phone_numbers'); // the probe

    // Every request that reached Linq went through the injected fetch, and nothing else did.
    expect(without(injected.map(requestLine), reached)?.sort()).toEqual(triedOffline.sort());
    expect(bypassed).toEqual([]);
    // Each kind of request was among them, the reads (card, sync) too.
    expect(fullFlowMissing(reached)).toEqual([]);
    expect(reached).toContain('GET /api/partner/v3/contact_card');
  },
);
