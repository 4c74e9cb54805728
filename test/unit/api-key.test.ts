// The API key service keeps the key it read last in memory for a few seconds, so the outbox
// does not read the keychain for every request. A key that was replaced, removed or refused
// must never be handed out again from that copy, and a keychain that fails or comes up empty
// must be noticed as before.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createApiKeyService,
  KEY_CACHE_MS,
  type ApiKeyService,
} from '../../electron/services/api-key.ts';
import { AppFailure } from '../../electron/services/failure.ts';
import type { SecretStore } from '../../electron/services/secrets.ts';
import { openDatabase, type Database } from '../../electron/services/store.ts';

const OLD_KEY = 'linq_old_key_000000001111';
const NEW_KEY = 'linq_new_key_000000002222';

/** A keychain in memory that counts reads, can fail, and can hold a read until released. */
function fakeKeychain() {
  const state = {
    key: null as string | null,
    reads: 0,
    failWith: null as AppFailure | null,
    /** While set, reads wait for it (a slow D-Bus round trip) and then read what is stored. */
    gate: null as Promise<void> | null,
  };
  const store: SecretStore = {
    async getKey() {
      state.reads++;
      const seen = state.gate;
      if (seen) await seen;
      if (state.failWith) throw state.failWith;
      return state.key;
    },
    async setKey(key) {
      if (state.failWith) throw state.failWith;
      state.key = key;
    },
    async deleteKey() {
      if (state.failWith) throw state.failWith;
      state.key = null;
    },
  };
  return { state, store };
}

const quietLog = { info() {}, warn() {}, error() {} };

let dataDir: string;
let db: Database;
let clock: number;
let keychain: ReturnType<typeof fakeKeychain>;
let apiKey: ApiKeyService;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'linq-api-key-cache-'));
  db = openDatabase(dataDir);
  clock = 1_000;
  keychain = fakeKeychain();
  apiKey = createApiKeyService(
    keychain.store,
    db,
    () => new Date(),
    quietLog,
    () => clock,
  );
});

afterEach(async () => {
  db.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function missing(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof AppFailure ? error.appError.code : String(error);
  }
}

describe('the key kept in memory', () => {
  it('reads the keychain once for many calls, and again once the copy is old', async () => {
    await apiKey.set(OLD_KEY);
    const before = keychain.state.reads;
    for (let i = 0; i < 50; i++) expect(await apiKey.require()).toBe(OLD_KEY);
    expect(keychain.state.reads - before).toBe(1);

    clock += KEY_CACHE_MS - 1;
    expect(await apiKey.require()).toBe(OLD_KEY);
    expect(keychain.state.reads - before).toBe(1);
    clock += 1;
    expect(await apiKey.require()).toBe(OLD_KEY);
    expect(keychain.state.reads - before).toBe(2);
  });

  it('never hands out a replaced key', async () => {
    await apiKey.set(OLD_KEY);
    expect(await apiKey.require()).toBe(OLD_KEY);
    await apiKey.set(NEW_KEY);
    expect(await apiKey.require()).toBe(NEW_KEY);
  });

  it('never hands out a removed key', async () => {
    await apiKey.set(OLD_KEY);
    expect(await apiKey.require()).toBe(OLD_KEY);
    await apiKey.remove();
    expect(await missing(apiKey.require())).toBe('KEY_MISSING');
  });

  it('reads the keychain again after Linq refused the key', async () => {
    await apiKey.set(OLD_KEY);
    expect(await apiKey.require()).toBe(OLD_KEY);
    // Replaced outside the app (another tool, the keychain's own window): the refusal makes
    // the next call read what is stored now instead of the refused copy.
    keychain.state.key = NEW_KEY;
    await apiKey.markRejected(OLD_KEY, { code: 'KEY_REJECTED' } as never);
    expect(await apiKey.require()).toBe(NEW_KEY);
  });

  it('does not keep the old key from a read that overlapped a replacement', async () => {
    await apiKey.set(OLD_KEY);
    let release!: () => void;
    keychain.state.gate = new Promise<void>((resolve) => (release = resolve));
    const slowRead = apiKey.require(); // reads while the key is replaced
    const replacing = apiKey.set(NEW_KEY);
    keychain.state.gate = null;
    await replacing;
    // The slow read answers with what it saw, but must not become the copy in memory.
    keychain.state.key = OLD_KEY; // as the overlapping read saw it
    release();
    await slowRead;
    keychain.state.key = NEW_KEY;
    expect(await apiKey.require()).toBe(NEW_KEY);
  });

  it('does not keep a key read while it was being removed', async () => {
    await apiKey.set(OLD_KEY);
    let release!: () => void;
    keychain.state.gate = new Promise<void>((resolve) => (release = resolve));
    const slowRead = apiKey.require();
    keychain.state.gate = null;
    await apiKey.remove();
    keychain.state.key = OLD_KEY; // the overlapping read still saw the old key
    release();
    expect(await slowRead).toBe(OLD_KEY);
    keychain.state.key = null;
    expect(await missing(apiKey.require())).toBe('KEY_MISSING');
  });

  it('drops the copy when a keychain read fails or finds nothing', async () => {
    await apiKey.set(OLD_KEY);
    expect(await apiKey.require()).toBe(OLD_KEY);
    // The status check (the settings screen, the app's start) finds the keychain locked.
    keychain.state.failWith = AppFailure.of('KEYCHAIN_LOCKED');
    expect(await missing(apiKey.status())).toBe('KEYCHAIN_LOCKED');
    expect(await missing(apiKey.require())).toBe('KEYCHAIN_LOCKED');
    keychain.state.failWith = null;
    expect(await apiKey.require()).toBe(OLD_KEY);

    keychain.state.key = null; // removed outside the app, seen by a status check
    expect(await apiKey.status()).toMatchObject({ present: false });
    expect(await missing(apiKey.require())).toBe('KEY_MISSING');
  });

  it('drops the copy when storing a key fails', async () => {
    await apiKey.set(OLD_KEY);
    expect(await apiKey.require()).toBe(OLD_KEY);
    keychain.state.failWith = AppFailure.of('KEYCHAIN_LOCKED');
    expect(await missing(apiKey.set(NEW_KEY))).toBe('KEYCHAIN_LOCKED');
    expect(await missing(apiKey.require())).toBe('KEYCHAIN_LOCKED');
  });
});

/** A promise settled from outside (a check with Linq that answers when the test says). */
function deferred() {
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('changes to the key, one at a time', () => {
  it('never stores a key that could not be checked over one Linq accepted meanwhile', async () => {
    // First run: no key. Save A, whose check finds Linq unreachable only later; meanwhile
    // save B, which Linq accepts. A must be judged against the keychain B leaves, not the
    // empty one it saw first.
    const checkA = deferred();
    checkA.promise.catch(() => {});
    const savingA = apiKey.replace(OLD_KEY, () => checkA.promise);
    const savingB = apiKey.replace(NEW_KEY, async () => {});
    await new Promise((resolve) => setTimeout(resolve, 10));
    checkA.reject(AppFailure.of('NETWORK_UNREACHABLE'));
    // A, judged first (no key then), is stored not verified; then B replaces it, verified.
    await expect(savingA).resolves.toMatchObject({ verification: 'unverified' });
    await expect(savingB).resolves.toMatchObject({ verification: 'verified' });
    expect(keychain.state.key).toBe(NEW_KEY);
  });

  it('lets a removal asked for during a check stand', async () => {
    const check = deferred();
    const saving = apiKey.replace(NEW_KEY, () => check.promise);
    const removing = apiKey.remove();
    await new Promise((resolve) => setTimeout(resolve, 10));
    check.resolve();
    await saving;
    await removing;
    expect(keychain.state.key).toBeNull();
  });
});
