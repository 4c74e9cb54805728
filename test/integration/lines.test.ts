// The line picker's cache of the account's lines: read from Linq (with the reputation where
// Linq gives one, whatever shape the answer takes), kept in SQLite so it works offline and
// after a restart, each line with what the history knows of its card, and refreshed when a
// key is set or checked, when Linq becomes reachable, and on demand.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCardRecord } from '../../electron/services/card-history/card-record.ts';
import { AppFailure } from '../../electron/services/failure.ts';
import type { PhoneLine } from '../../electron/services/linq-client.ts';
import { createLineService, type LineService } from '../../electron/services/lines/lines.ts';
import { SILENT_LOG } from '../support/silent-log.ts';
import { openDatabase, type Database } from '../../electron/services/store.ts';
import type { LineList } from '../../shared/lines.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { KeyStatus } from '../../shared/contract.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const lines = () => h!.value<LineList>('listLines');
const numbersOf = (list: LineList) => list.lines.map((line) => line.phoneNumber);
const lineReads = () =>
  h!.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/v3/phone_numbers'));
const linesEvents = () =>
  h!.events.filter((e) => e.name === 'linesChanged').map((e) => e.payload as LineList);
const DEFAULT_NUMBERS = ['+12125550100', '+14155550132', '+14155550133'];

/** A line service on `db` whose Linq reads the test answers (see `overrides`). */
function handLines(
  db: Database,
  overrides: Partial<Parameters<typeof createLineService>[0]>,
): LineService {
  return createLineService({
    db,
    record: createCardRecord(db, () => new Date()),
    connection: async () => ({ apiKey: 'key', baseUrl: 'http://127.0.0.1:9' }),
    fetchLines: () => new Promise(() => {}),
    keyRejected: async () => {},
    now: () => new Date(),
    publish: () => {},
    reportBug: (error) => {
      throw error;
    },
    log: SILENT_LOG,
    ...overrides,
  });
}

describe('reading the lines', () => {
  it('keeps each line with its reputation, however Linq spells it, sorted by number', async () => {
    h = await startHarness();
    h.fake.addPhoneNumber('+13125550199', { reputation: 'AT_RISK' });
    h.fake.addPhoneNumber('+13125550198', { reputation: null }); // an older API: no field
    // Only `health_status`, as some answers have it.
    h.fake.addPhoneNumber('+13125550197', {
      reputation: 'CRITICAL',
      wire: { reputation: undefined },
    });
    // A status this app does not know, and a doc link that is not Linq's: neither is kept.
    h.fake.addPhoneNumber('+13125550196', {
      wire: { reputation: { status: 'SUSPENDED', doc_url: 'https://docs.linqapp.com/x' } },
    });
    h.fake.addPhoneNumber('+13125550195', {
      wire: {
        reputation: { status: 'HEALTHY', doc_url: 'https://docs.linqapp.com.evil.example/' },
      },
    });
    h.fake.addPhoneNumber('+13125550194', {
      wire: { reputation: { status: 'HEALTHY', doc_url: 'http://docs.linqapp.com/plain-http' } },
    });
    // A malformed entry is left out; the others still arrive.
    h.fake.addPhoneNumber('+13125550193', { wire: { id: 42 } });
    await h.withKey();
    expect(await lines()).toEqual({ lines: [], refreshedAt: null, refreshing: false, error: null });

    const list = await h.value<LineList>('refreshLines');
    expect(list.error).toBeNull();
    expect(list.refreshedAt).not.toBeNull();
    expect(numbersOf(list)).toEqual([
      '+12125550100',
      '+13125550194',
      '+13125550195',
      '+13125550196',
      '+13125550197',
      '+13125550198',
      '+13125550199',
      '+14155550132',
      '+14155550133',
    ]);
    const byNumber = Object.fromEntries(list.lines.map((line) => [line.phoneNumber, line]));
    expect(byNumber['+13125550199']).toEqual({
      id: expect.any(String),
      phoneNumber: '+13125550199',
      reputation: 'AT_RISK',
      reputationDocUrl: 'https://docs.linqapp.com/guides/phone-numbers/phone-reputation#at_risk',
      card: null,
    });
    expect(byNumber['+13125550197']).toMatchObject({ reputation: 'CRITICAL' });
    expect(byNumber['+13125550198']).toMatchObject({ reputation: null, reputationDocUrl: null });
    expect(byNumber['+13125550196']).toMatchObject({ reputation: null, reputationDocUrl: null });
    expect(byNumber['+13125550195']).toMatchObject({
      reputation: 'HEALTHY',
      reputationDocUrl: null,
    });
    expect(byNumber['+13125550194']).toMatchObject({
      reputation: 'HEALTHY',
      reputationDocUrl: null,
    });
    // The renderer was told: first that a refresh runs, then the result.
    expect(linesEvents().map((event) => event.refreshing)).toEqual([true, false]);
    expect(linesEvents().at(-1)).toEqual(list);
  });

  it('shows what the history knows of each line’s card, and says so when it changes', async () => {
    h = await startHarness();
    await h.withKey();
    await h.value('refreshLines');
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: '+14155550132',
      firstName: 'Acme',
      lastName: 'Support',
    });
    await h.waitForItem(item.id, (i) => i.state === 'done');
    const expected = { firstName: 'Acme', lastName: 'Support', status: 'active', isActive: true };
    const line = async () =>
      (await lines()).lines.find((l) => l.phoneNumber === '+14155550132')?.card;
    expect(await line()).toEqual(expected);
    // Published by itself (coalesced), without another refresh.
    await expect
      .poll(
        () =>
          linesEvents()
            .at(-1)
            ?.lines.find((l) => l.phoneNumber === '+14155550132')?.card,
      )
      .toEqual(expected);
    expect(lineReads()).toHaveLength(1);
    // A number that is not one of the lines is no reason to publish the lines again.
    const published = linesEvents().length;
    const other = await h.value<OutboxItem>('setupCard', {
      phoneNumber: '+13125550100',
      firstName: 'Not a line',
    });
    await h.waitForItem(other.id, (i) => i.state === 'done');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(linesEvents()).toHaveLength(published);
  });
});

describe('offline', () => {
  it('lists the cached lines after a restart, and a failed refresh keeps them and says why', async () => {
    h = await startHarness();
    await h.withKey();
    const first = await h.value<LineList>('refreshLines');
    expect(numbersOf(first)).toEqual(DEFAULT_NUMBERS);

    await h.fake.goOffline();
    await h.restart();
    const requestsBefore = h.fake.requests.length;
    const cached = await lines();
    expect(cached).toEqual({ ...first, refreshing: false, error: null });
    expect(h.fake.requests).toHaveLength(requestsBefore); // read from the cache alone

    const failed = await h.value<LineList>('refreshLines');
    expect(failed.error).toMatchObject({ code: 'NETWORK_UNREACHABLE' });
    expect(failed.lines).toEqual(first.lines);
    expect(failed.refreshedAt).toBe(first.refreshedAt);
    expect(failed.refreshing).toBe(false);
    expect(await lines()).toMatchObject({
      lines: first.lines,
      error: { code: 'NETWORK_UNREACHABLE' },
    });

    // Back online, the next refresh clears the error and drops a line Linq no longer lists.
    await h.fake.goOnline();
    h.fake.phoneNumbers.splice(0, 1);
    const back = await h.value<LineList>('refreshLines');
    expect(back.error).toBeNull();
    expect(back.lines).toHaveLength(DEFAULT_NUMBERS.length - 1);
  });

  it('reports a refused key in the list, and marks the key refused', async () => {
    h = await startHarness();
    await h.services.storeKeyUnchecked('linq_wrong_key_000000000000000');
    const list = await h.value<LineList>('refreshLines');
    expect(list).toMatchObject({ lines: [], error: { code: 'KEY_REJECTED' } });
    expect(await h.value<KeyStatus>('getKeyStatus')).toMatchObject({ verification: 'rejected' });
  });
});

describe('refreshing by itself', () => {
  it('refreshes when a key is set, keeps what a key check reads, and refreshes on reconnecting', async () => {
    h = await startHarness({ syncOnConnect: true });
    await h.withKey();
    await expect.poll(async () => numbersOf(await lines())).toEqual(DEFAULT_NUMBERS);

    // Setting the key again (it could be another account's) reads the lines again.
    h.fake.addPhoneNumber('+13125550199');
    await h.withKey();
    await expect.poll(async () => numbersOf(await lines())).toContain('+13125550199');

    // The key check is itself a read of the lines: the cache has them when it answers.
    h.fake.addPhoneNumber('+13125550198');
    expect(await h.value<KeyStatus>('verifyKey')).toMatchObject({ verification: 'verified' });
    expect(numbersOf(await lines())).toContain('+13125550198');

    // After an outage, Linq reachable again: the lines are read again.
    await h.fake.goOffline();
    await h.value('checkConnection');
    h.fake.addPhoneNumber('+13125550197');
    await h.fake.goOnline();
    await h.value('checkConnection');
    await expect.poll(async () => numbersOf(await lines())).toContain('+13125550197');
  });

  it('does not read the lines by itself when told not to (tests comparing requests)', async () => {
    h = await startHarness({ syncOnConnect: false });
    await h.withKey();
    await h.value('checkConnection'); // reachable (its probe is a GET of the lines, not kept)
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await lines()).toMatchObject({ lines: [], refreshedAt: null });
    // …but a key check keeps the lines it read, with that one request.
    const reads = lineReads().length;
    await h.value('verifyKey');
    expect(lineReads()).toHaveLength(reads + 1);
    expect(numbersOf(await lines())).toEqual(DEFAULT_NUMBERS);
  });
});

describe('another key', () => {
  it('keeps the new key’s lines when a refresh with the previous key ends after them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'linq-lines-keys-'));
    const db = openDatabase(dir);
    const answers = new Map<
      string,
      { resolve(lines: PhoneLine[]): void; reject(e: unknown): void }
    >();
    let key = 'key-of-account-a';
    const lineOf = (phoneNumber: string): PhoneLine => ({
      id: phoneNumber,
      phoneNumber,
      reputation: null,
      reputationDocUrl: null,
    });
    const service = handLines(db, {
      connection: async () => ({ apiKey: key, baseUrl: 'http://127.0.0.1:9' }),
      fetchLines: (connection) =>
        new Promise((resolve, reject) => answers.set(connection.apiKey, { resolve, reject })),
    });
    try {
      // A refresh with account A's key is under way when the key of account B is stored and
      // checked (the check reads B's lines).
      const oldRefresh = service.refresh();
      await expect.poll(() => answers.has('key-of-account-a')).toBe(true);
      key = 'key-of-account-b';
      const check = service.readWithKey({ apiKey: key, baseUrl: 'http://127.0.0.1:9' });
      answers.get('key-of-account-b')!.resolve([lineOf('+13125550100')]);
      await check;
      // A's answer comes last: it must not replace B's lines…
      answers.get('key-of-account-a')!.resolve([lineOf('+14155550132')]);
      await oldRefresh;
      expect(service.list().lines.map((line) => line.phoneNumber)).toEqual(['+13125550100']);
      expect(service.list().error).toBeNull();
      // …nor a failure of A's next read mark B's list as failed.
      key = 'key-of-account-a';
      const failing = service.refresh();
      await expect.poll(() => answers.size).toBe(2);
      key = 'key-of-account-b';
      const again = service.readWithKey({ apiKey: key, baseUrl: 'http://127.0.0.1:9' });
      answers.get('key-of-account-b')!.resolve([lineOf('+13125550101')]);
      await again;
      answers.get('key-of-account-a')!.reject(AppFailure.of('KEY_REJECTED'));
      await failing;
      expect(service.list()).toMatchObject({
        lines: [{ phoneNumber: '+13125550101' }],
        error: null,
      });
    } finally {
      service.close();
      db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('closing', () => {
  it('starts no read of Linq once closed, and records nothing a read under way ends with', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'linq-lines-close-'));
    const db = openDatabase(dir);
    const reads: { resolve(lines: PhoneLine[]): void; reject(e: unknown): void }[] = [];
    const keyRejected: string[] = [];
    const handed = {
      fetchLines: () =>
        new Promise<PhoneLine[]>((resolve, reject) => reads.push({ resolve, reject })),
      keyRejected: async (apiKey: string) => void keyRejected.push(apiKey),
    };
    const service = handLines(db, handed);
    try {
      const found = service.refresh();
      await expect.poll(() => reads.length).toBe(1);
      service.close();
      // Linq reachable again, or a key set, while the app quits: no new read.
      expect(await service.refresh()).toMatchObject({ lines: [], refreshing: false });
      reads[0]!.resolve([
        { id: 'a', phoneNumber: '+14155550132', reputation: null, reputationDocUrl: null },
      ]);
      await found;
      expect(reads).toHaveLength(1);
      expect(service.list().lines).toEqual([]); // the database is about to close: not kept

      const refused = handLines(db, handed);
      const failing = refused.refresh();
      await expect.poll(() => reads.length).toBe(2);
      refused.close();
      reads[1]!.reject(AppFailure.of('KEY_REJECTED'));
      await failing;
      expect(keyRejected).toEqual([]); // nor written against the key
    } finally {
      service.close();
      db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
