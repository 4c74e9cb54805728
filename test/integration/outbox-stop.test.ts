// The outbox while the app quits, on a real SQLite file with a Linq client whose every answer
// the test gives by hand: after stop() nothing new goes to Linq (no timer, no reconnect probe
// or sync, not even the second request of an attempt under way), the requests in flight record
// their outcomes before stop() resolves, and once the database has closed under one that was
// given up on, its late outcome is dropped quietly and the next start finds it in doubt.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Card } from '../../shared/card.schema.ts';
import type { OutboxSnapshot } from '../../shared/outbox.schema.ts';
import { createCardRecord } from '../../electron/services/card-history/card-record.ts';
import { AppFailure } from '../../electron/services/failure.ts';
import type { LinqClient, LinqConnection } from '../../electron/services/linq-client.ts';
import { SILENT_LOG } from '../support/silent-log.ts';
import { createOutbox, type Outbox } from '../../electron/services/outbox/outbox.ts';
import { createOutboxStore } from '../../electron/services/outbox/outbox-store.ts';
import type { UploadStoredPhoto } from '../../electron/services/photos/photo-uploader.ts';
import { openDatabase, type Database } from '../../electron/services/store.ts';

const NUMBER = '+14155550132';
const OTHER = '+14155550133';
const TIMEOUT_MS = 1_000;
const PHOTO = { sha256: 'a'.repeat(64), contentType: 'image/png' as const };

/** A promise the test settles. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Pending<T> = ReturnType<typeof deferred<T>>;

/** Every Linq call is recorded and left pending until the test answers it. */
function handLinq() {
  const calls: string[] = [];
  const pending = new Map<string, Pending<unknown>[]>();
  const answer = <T>(name: string): Promise<T> => {
    calls.push(name);
    const call = deferred<unknown>();
    pending.set(name, [...(pending.get(name) ?? []), call]);
    return call.promise as Promise<T>;
  };
  const client: LinqClient = {
    createCard: () => answer('createCard'),
    updateCard: () => answer('updateCard'),
    getCard: () => answer('getCard'),
    listCards: () => answer('listCards'),
    listPhoneNumbers: () => answer('listPhoneNumbers'),
    probe: () => answer('probe'),
  };
  /** The oldest unanswered call of `name`, once it has been made. */
  async function next(name: string): Promise<Pending<unknown>> {
    await vi.waitFor(() => expect(pending.get(name)?.length).toBeGreaterThan(0));
    return pending.get(name)!.shift()!;
  }
  return { client, calls, next };
}

const card = (phoneNumber: string): Card => ({
  phoneNumber,
  firstName: 'Acme',
  lastName: null,
  imageUrl: null,
  isActive: true,
});

let dir: string;
let db: Database;
let linq: ReturnType<typeof handLinq>;
let reportBug: ReturnType<typeof vi.fn<(error: unknown) => void>>;
let publish: ReturnType<typeof vi.fn<(snapshot: OutboxSnapshot) => void>>;
let connection: () => Promise<LinqConnection>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-outbox-stop-'));
  db = openDatabase(dir);
  linq = handLinq();
  reportBug = vi.fn<(error: unknown) => void>();
  publish = vi.fn<(snapshot: OutboxSnapshot) => void>();
  connection = async () => ({ apiKey: 'linq_test_key', baseUrl: 'http://127.0.0.1:9' });
});

afterEach(async () => {
  if (db.isOpen) db.close();
  await rm(dir, { recursive: true, force: true });
});

function outbox(extra: { uploadPhoto?: UploadStoredPhoto; concurrency?: number } = {}): Outbox {
  const now = () => new Date();
  const created = createOutbox({
    db,
    cardRecord: createCardRecord(db, now),
    linq: linq.client,
    connection: () => connection(),
    keyRejected: async () => {},
    now,
    requestTimeoutMs: TIMEOUT_MS,
    concurrency: extra.concurrency ?? 4,
    backoff: { baseMs: 10, capMs: 20 },
    probeDelays: { firstMs: 10, maxMs: 20 },
    publish,
    reportBug,
    log: SILENT_LOG,
    ...(extra.uploadPhoto ? { uploadPhoto: extra.uploadPhoto } : {}),
  });
  created.start(); // its reachability probe stays unanswered: Linq's state is 'unknown'
  return created;
}

const stateOf = (id: number) =>
  (db.prepare('SELECT state, attempts FROM outbox WHERE id = ?').get(id) as {
    state: string;
    attempts: number;
  }) ?? null;

describe('stopping the outbox', () => {
  it('records the answer in flight, and starts nothing after it: no next item, no reconnect work', async () => {
    const box = outbox({ concurrency: 1 });
    const reachable = vi.fn();
    box.onReachable(reachable);
    const first = box.submitSetup({ phoneNumber: NUMBER, firstName: 'Acme' });
    const second = box.submitSetup({ phoneNumber: OTHER, firstName: 'Acme' });
    const sending = await linq.next('createCard');

    const stopped = box.stop();
    publish.mockClear();
    // The answer would mark Linq reachable (which starts the sync and the lines refresh), and
    // free the slot for the next item: neither may happen now.
    sending.resolve(card(NUMBER));
    (await linq.next('probe')).resolve(undefined);
    await stopped;

    expect(stateOf(first.id)).toEqual({ state: 'done', attempts: 1 });
    expect(stateOf(second.id)).toEqual({ state: 'waiting', attempts: 0 });
    expect(reachable).not.toHaveBeenCalled();
    expect(publish).not.toHaveBeenCalled();
    expect(linq.calls.filter((name) => name !== 'probe')).toEqual(['createCard']);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a probe or retry timer would fire
    expect(linq.calls.filter((name) => name !== 'probe')).toEqual(['createCard']);
    expect(reportBug).not.toHaveBeenCalled();
  });

  it('starts no attempt for an item whose key was being read', async () => {
    const key = deferred<LinqConnection>();
    connection = () => key.promise;
    const box = outbox();
    const item = box.submitSetup({ phoneNumber: NUMBER, firstName: 'Acme' });
    const stopped = box.stop();
    key.resolve({ apiKey: 'linq_test_key', baseUrl: 'http://127.0.0.1:9' });
    await stopped;
    expect(stateOf(item.id)).toEqual({ state: 'waiting', attempts: 0 });
    expect(linq.calls).not.toContain('createCard');
  });

  it('keeps the card of a photo uploaded while stopping for the next start, with the upload', async () => {
    const upload = deferred<string>();
    const box = outbox({ uploadPhoto: () => upload.promise });
    const item = box.submitSetup({ phoneNumber: NUMBER, firstName: 'Acme', photo: PHOTO });
    await vi.waitFor(() => expect(stateOf(item.id)?.state).toBe('sending'));
    const stopped = box.stop();
    upload.resolve('https://cdn.linqapp.com/photo.png');
    await stopped;
    expect(linq.calls).not.toContain('createCard');
    const row = db.prepare('SELECT state, fields_json FROM outbox WHERE id = ?').get(item.id) as {
      state: string;
      fields_json: string;
    };
    expect(row.state).toBe('waiting');
    expect(JSON.parse(row.fields_json)).toMatchObject({
      imageUrl: 'https://cdn.linqapp.com/photo.png',
    });
    const attempt = db
      .prepare('SELECT outcome FROM outbox_attempts WHERE outbox_id = ? ORDER BY id DESC')
      .get(item.id) as { outcome: string };
    expect(attempt.outcome).toBe('not-sent');
  });

  it('records a 409 while stopping without reading the card it found', async () => {
    const box = outbox();
    const item = box.submitSetup({ phoneNumber: NUMBER, firstName: 'Acme' });
    const sending = await linq.next('createCard');
    const stopped = box.stop();
    sending.reject(AppFailure.of('CARD_EXISTS', { status: 409 }, undefined, 'answered'));
    await stopped;
    expect(stateOf(item.id)?.state).toBe('needs-decision');
    expect(linq.calls).not.toContain('getCard');
  });
});

describe('a request given up on when the database closes', () => {
  it.each([
    ['an answer', (call: Pending<unknown>) => call.resolve(card(NUMBER))],
    [
      'a failure',
      (call: Pending<unknown>) =>
        call.reject(AppFailure.of('NETWORK_UNREACHABLE', {}, undefined, 'unknown')),
    ],
  ])('drops its late outcome (%s) quietly; the next start reads it back', async (_kind, settle) => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const box = outbox();
      const item = box.submitSetup({ phoneNumber: NUMBER, firstName: 'Acme' });
      const sending = await linq.next('createCard');
      const stopped = box.stop();
      expect(box.abandon()).toBe(1);
      db.close();
      publish.mockClear();
      settle(sending);
      await stopped; // the late outcome has been dealt with
      await new Promise((resolve) => setTimeout(resolve, 200)); // a coalesced publish would run
      expect(reportBug).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
      expect(unhandled).not.toHaveBeenCalled();

      // Left as it was in the file: caught sending, which the next start reads as in doubt.
      db = openDatabase(dir);
      const now = () => new Date();
      const store = createOutboxStore(db, createCardRecord(db, now), now);
      expect(store.get(item.id)).toMatchObject({ state: 'sending', attempts: 1 });
      expect(store.recoverInterrupted(TIMEOUT_MS)).toBe(1);
      expect(store.get(item.id)).toMatchObject({ state: 'in-doubt' });
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
