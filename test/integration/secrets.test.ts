// The keychain service against real keychains: the throwaway GNOME Keyring that
// scripts/with-test-keyring.sh provides, plus keyrings and buses the tests set up themselves
// (a locked keyring, no Secret Service, no bus at all), for the store alone and for the app's
// whole set of services.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../electron/services/failure.ts';
import { createKeychainSecretStore, type KeytarLike } from '../../electron/services/secrets.ts';
import { ERROR_CATALOGUE } from '../../shared/error-catalogue.ts';
import { startFakeLinq } from '../fake-linq/server.ts';
import { canaryFormsIn, canaryInFiles, listFiles } from '../support/canary.ts';
import { startHostProcess } from '../support/host-process.ts';
import {
  createSandbox,
  requireKeyringTools,
  requireTestKeyring,
  runFixture,
  startSession,
  type Sandbox,
} from '../support/keyring.ts';

const keytar = createRequire(import.meta.url)('keytar') as KeytarLike;

function uniqueService(label: string): string {
  return `linq-test-${label}-${randomBytes(6).toString('hex')}`;
}

function canaryKey(): string {
  return `canary-key-${randomBytes(12).toString('hex')}`;
}

/** Rejects with `what` when `promise` has not settled within `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
}

/** An in-memory stand-in, for tests about the store's own logic rather than the keychain. */
function memoryKeytar(overrides: Partial<KeytarLike> = {}): KeytarLike {
  const items = new Map<string, string>();
  return {
    getPassword: async (service, account) => items.get(`${service}/${account}`) ?? null,
    setPassword: async (service, account, password) => {
      items.set(`${service}/${account}`, password);
    },
    deletePassword: async (service, account) => items.delete(`${service}/${account}`),
    ...overrides,
  };
}

interface Call {
  method: keyof KeytarLike;
  account: string;
  password?: string;
}

/** Real keytar, recording calls and how many overlap; each call is held back a little so
 *  that operations which are not serialised would overlap. */
function recordingKeytar(): { keytar: KeytarLike; calls: Call[]; maxInFlight: () => number } {
  const calls: Call[] = [];
  let inFlight = 0;
  let max = 0;
  async function track<T>(call: Call, run: () => Promise<T>): Promise<T> {
    calls.push(call);
    inFlight += 1;
    max = Math.max(max, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 15));
      return await run();
    } finally {
      inFlight -= 1;
    }
  }
  return {
    calls,
    maxInFlight: () => max,
    keytar: {
      getPassword: (s, a) =>
        track({ method: 'getPassword', account: a }, () => keytar.getPassword(s, a)),
      setPassword: (s, a, p) =>
        track({ method: 'setPassword', account: a, password: p }, () =>
          keytar.setPassword(s, a, p),
        ),
      deletePassword: (s, a) =>
        track({ method: 'deletePassword', account: a }, () => keytar.deletePassword(s, a)),
    },
  };
}

describe('against the throwaway test keyring', () => {
  // Per test, so each one fails (not skips) with the reason when run outside the script.
  beforeEach(requireTestKeyring);

  it('stores, reads back, replaces and deletes the key in the OS keychain', async () => {
    const service = uniqueService('round-trip');
    const store = createKeychainSecretStore({ service });

    expect(await store.getKey()).toBeNull();
    await store.setKey('lk_first_0123456789');
    expect(await store.getKey()).toBe('lk_first_0123456789');
    // Really in the keychain under the default account, not held by the store.
    expect(await keytar.getPassword(service, 'api-key')).toBe('lk_first_0123456789');
    expect(await createKeychainSecretStore({ service }).getKey()).toBe('lk_first_0123456789');

    await store.setKey('lk_second_9876543210');
    expect(await store.getKey()).toBe('lk_second_9876543210');
    expect(await keytar.getPassword(service, 'api-key')).toBe('lk_second_9876543210');

    await store.deleteKey();
    expect(await store.getKey()).toBeNull();
    expect(await keytar.getPassword(service, 'api-key')).toBeNull();
    await expect(store.deleteKey()).resolves.toBeUndefined();
  });

  it('reads back exactly the key that was set, whatever printable characters it has', async () => {
    const service = uniqueService('characters');
    const store = createKeychainSecretStore({ service, account: 'unusual' });
    const keys = [
      ` spaces  inside and around `,
      `quotes ' " \` and shell $HOME ; & | < > ( ) { } [ ] \\ / % * ? ! # ~ ^ = + , .`,
      'non-ASCII: Ünïcødé – 日本語 – Ελληνικά – emoji 🔑🗝️ – math ∑∞≠',
      'x'.repeat(4096),
    ];
    for (const key of keys) {
      await store.setKey(key);
      expect(await store.getKey()).toBe(key);
      expect(await keytar.getPassword(service, 'unusual')).toBe(key);
    }
    await store.deleteKey();
  });

  it('refuses keys the keychain would not give back unchanged, without touching it', async () => {
    const service = uniqueService('refused');
    const store = createKeychainSecretStore({ service });
    await store.setKey('kept');
    for (const key of ['', 'before\0after', 'lone \uD800 surrogate']) {
      const failure = await failureOf(store.setKey(key));
      expect(failure.appError.code).toBe('INVALID_INPUT');
    }
    expect(await store.getKey()).toBe('kept');
    await store.deleteKey();
  });

  it('checks for a locked keyring with a throwaway item that never holds the key and is removed', async () => {
    const service = uniqueService('probe');
    const recorder = recordingKeytar();
    const store = createKeychainSecretStore({ service, loadKeytar: async () => recorder.keytar });

    expect(await store.getKey()).toBeNull();
    await store.deleteKey();
    const probes = recorder.calls.filter((call) => call.method === 'setPassword');
    // Without the probe a locked keyring would read as "no key" (see the locked test below).
    expect(probes).toHaveLength(2);
    for (const probe of probes) {
      expect(probe.account).not.toBe('api-key');
      expect(await keytar.getPassword(service, probe.account)).toBeNull();
    }

    const key = canaryKey();
    await store.setKey(key);
    recorder.calls.length = 0;
    expect(await store.getKey()).toBe(key);
    // A stored key needs no probe.
    expect(recorder.calls.map((call) => call.method)).toEqual(['getPassword']);
    await store.deleteKey();
  });

  it('runs one keychain operation at a time, so reads never race a replace', async () => {
    const service = uniqueService('serial');
    const recorder = recordingKeytar();
    let loads = 0;
    const loadKeytar = async () => {
      loads += 1;
      return recorder.keytar;
    };
    const store = createKeychainSecretStore({ service, loadKeytar });
    const other = createKeychainSecretStore({ service, account: 'other', loadKeytar });

    const results = await Promise.all([
      store.setKey('key-a'),
      store.getKey(),
      other.setKey('other-key'),
      store.setKey('key-b'),
      store.getKey(),
      other.getKey(),
      store.deleteKey(),
      store.getKey(),
      other.deleteKey(),
    ]);

    expect(results).toEqual([
      undefined,
      'key-a',
      undefined,
      undefined,
      'key-b',
      'other-key',
      undefined,
      null,
      undefined,
    ]);
    expect(recorder.maxInFlight()).toBe(1);
    // Loaded once per store and then reused.
    expect(loads).toBe(2);
  });
});

describe('keychain failures the store reports', () => {
  it('reports KEYCHAIN_LOAD_FAILED with a hint when keytar cannot load, and retries the load', async () => {
    let attempts = 0;
    const store = createKeychainSecretStore({
      service: uniqueService('load'),
      loadKeytar: async () => {
        attempts += 1;
        if (attempts <= 3) {
          throw new Error(
            'libsecret-1.so.0: cannot open shared object file: No such file or directory',
          );
        }
        return memoryKeytar();
      },
    });

    for (const operation of [() => store.getKey(), () => store.setKey('k'), store.deleteKey]) {
      const failure = await failureOf(operation());
      expect(failure.appError.code).toBe('KEYCHAIN_LOAD_FAILED');
      expect(failure.appError.detail).toMatch(/libsecret is missing/);
    }
    expect(attempts).toBe(3);
    await store.setKey('works-now');
    expect(await store.getKey()).toBe('works-now');
    expect(attempts).toBe(4);
  });

  it('reports KEYCHAIN_LOAD_FAILED when the loader throws outright or gives something else', async () => {
    const throwing = createKeychainSecretStore({
      service: uniqueService('load-throw'),
      loadKeytar: () => {
        throw new Error("Cannot find module 'keytar'");
      },
    });
    const failure = await failureOf(throwing.getKey());
    expect(failure.appError.code).toBe('KEYCHAIN_LOAD_FAILED');
    expect(failure.appError.detail).toMatch(/not installed/);

    const misshapen = createKeychainSecretStore({
      service: uniqueService('load-shape'),
      loadKeytar: async () => ({}) as KeytarLike,
    });
    expect((await failureOf(misshapen.setKey('k'))).appError.code).toBe('KEYCHAIN_LOAD_FAILED');
  });

  it.each([
    // A bus, but nothing on it provides the Secret Service, or it fails to start.
    ['The name org.freedesktop.secrets was not provided by any .service files', 'UNAVAILABLE'],
    [
      'Error calling StartServiceByName for org.freedesktop.secrets: Process org.freedesktop.secrets exited with status 1',
      'UNAVAILABLE',
    ],
    // No session bus: none given and no display to autolaunch one, or an address that is
    // empty, malformed or leads nowhere.
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'NO_SESSION_BUS'],
    ['Unable to autolaunch a dbus-daemon without a $DISPLAY for X11', 'NO_SESSION_BUS'],
    [
      'Error spawning command line “dbus-launch --autolaunch=0123 --binary-syntax --close-stderr”: Child process exited with code 1',
      'NO_SESSION_BUS',
    ],
    ['The given address is empty', 'NO_SESSION_BUS'],
    ['Address element “garbage” does not contain a colon (:)', 'NO_SESSION_BUS'],
    ['Unknown or unsupported transport “disabled” for address “disabled:”', 'NO_SESSION_BUS'],
    ['Could not connect: No such file or directory', 'NO_SESSION_BUS'],
    ['Could not connect to 127.0.0.1: Connection refused', 'NO_SESSION_BUS'],
    ['Failed to connect to socket /run/user/1000/bus: Connection refused', 'NO_SESSION_BUS'],
    ['The connection is closed', 'NO_SESSION_BUS'],
    ['Cannot create an item in a locked collection', 'LOCKED'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'FAILED'],
    ['Something else went wrong', 'FAILED'],
  ])('classifies “%s” as KEYCHAIN_%s', async (message, code) => {
    const store = createKeychainSecretStore({
      service: uniqueService('classify'),
      loadKeytar: async () =>
        memoryKeytar({
          getPassword: async () => {
            throw new Error(message);
          },
          setPassword: async () => {
            throw new Error(message);
          },
        }),
    });
    for (const operation of [store.getKey, () => store.setKey('lk_classify_key')]) {
      const failure = await failureOf(operation());
      expect(failure.appError.code).toBe(`KEYCHAIN_${code}`);
      expect(failure.appError.detail).toBe(message);
    }
  });

  it('never lets the key into the error, its detail, cause or stack', async () => {
    const key = canaryKey();
    const store = createKeychainSecretStore({
      service: uniqueService('canary'),
      loadKeytar: async () =>
        memoryKeytar({
          // A keychain that echoes its input back in the error is the worst case.
          setPassword: async (_service, _account, password) => {
            throw new Error(`Cannot create an item in a locked collection: ${password}`);
          },
        }),
    });

    const failure = await failureOf(store.setKey(key));
    expect(failure.appError.code).toBe('KEYCHAIN_LOCKED');
    expect(failure.appError.detail).toBe(
      'Cannot create an item in a locked collection: [redacted]',
    );
    expect(JSON.stringify(failure.appError)).not.toContain(key);
    expect(inspect(failure, { depth: Infinity })).not.toContain(key);
    expect(String(failure.stack)).not.toContain(key);
  });
});

describe('a locked GNOME Keyring (its own nested D-Bus session)', () => {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    requireKeyringTools();
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox?.cleanup());

  it('reports KEYCHAIN_LOCKED for reads, writes and removal, never "no key"', async () => {
    if (!sandbox) throw new Error('no sandbox');
    const service = uniqueService('locked');
    const key = canaryKey();

    // Unlocking with password A creates the login keyring with A; store the key in it.
    const created = await runFixture({
      sandbox,
      session: 'keyring',
      unlockPassword: 'password-A',
      service,
      key,
      ops: ['set', 'get'],
    });
    expect(created.results).toEqual([
      { op: 'set', ok: true },
      { op: 'get', ok: true, value: key },
    ]);

    // Restarted with another password, gnome-keyring leaves the collection locked: keytar's
    // lookup then answers null, which the store must not pass on as "no key".
    const otherKey = canaryKey();
    const locked = await runFixture({
      sandbox,
      session: 'keyring',
      unlockPassword: 'password-B',
      service,
      key: otherKey,
      ops: ['get', 'set', 'delete'],
    });
    const lockedFailure = { ok: false, code: 'KEYCHAIN_LOCKED', leaked: false };
    expect(locked.results).toEqual([
      expect.objectContaining({ op: 'get', ...lockedFailure }),
      expect.objectContaining({ op: 'set', ...lockedFailure }),
      expect.objectContaining({ op: 'delete', ...lockedFailure }),
    ]);
    expect(locked.results[1]?.detail).toMatch(/locked collection/);

    // A service with nothing stored is just as locked: the probe decides, not the item.
    const empty = await runFixture({
      sandbox,
      session: 'keyring',
      unlockPassword: 'password-B',
      service: uniqueService('locked-empty'),
      ops: ['get', 'delete'],
    });
    expect(empty.results).toEqual([
      expect.objectContaining({ op: 'get', ok: false, code: 'KEYCHAIN_LOCKED' }),
      expect.objectContaining({ op: 'delete', ok: false, code: 'KEYCHAIN_LOCKED' }),
    ]);

    // Unlocked with the right password again, the original key is still there: nothing was
    // overwritten or removed while locked.
    const reopened = await runFixture({
      sandbox,
      session: 'keyring',
      unlockPassword: 'password-A',
      service,
      ops: ['get', 'delete', 'get'],
    });
    expect(reopened.results).toEqual([
      { op: 'get', ok: true, value: key },
      { op: 'delete', ok: true },
      { op: 'get', ok: true, value: null },
    ]);
  }, 60_000);
});

describe('no Secret Service or no session bus', () => {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    requireKeyringTools();
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox?.cleanup());

  const noSecretService = { ok: false, code: 'KEYCHAIN_UNAVAILABLE', leaked: false };
  const noSessionBus = { ok: false, code: 'KEYCHAIN_NO_SESSION_BUS', leaked: false };
  const allOps = ['get', 'set', 'delete'];

  it('reports KEYCHAIN_UNAVAILABLE when nothing on the bus provides org.freedesktop.secrets', async () => {
    if (!sandbox) throw new Error('no sandbox');
    const { results } = await runFixture({
      sandbox,
      session: 'no-secret-service',
      service: uniqueService('no-service'),
      key: canaryKey(),
      ops: allOps,
    });
    expect(results).toEqual(
      allOps.map((op) => expect.objectContaining({ op, ...noSecretService })),
    );
    expect(results[0]?.detail).toMatch(/org\.freedesktop\.secrets/);
  });

  it('reports KEYCHAIN_UNAVAILABLE when the Secret Service is installed but fails to start', async () => {
    if (!sandbox) throw new Error('no sandbox');
    const { results } = await runFixture({
      sandbox,
      session: 'failing-secret-service',
      service: uniqueService('failing-service'),
      key: canaryKey(),
      ops: allOps,
    });
    expect(results).toEqual(
      allOps.map((op) => expect.objectContaining({ op, ...noSecretService })),
    );
    expect(results[0]?.detail).toMatch(/exited/);
  });

  it('reports KEYCHAIN_NO_SESSION_BUS when the session bus address leads nowhere', async () => {
    if (!sandbox) throw new Error('no sandbox');
    const { results } = await runFixture({
      sandbox,
      session: 'no-bus',
      env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${sandbox.dir}/no-such-bus` },
      service: uniqueService('dead-bus'),
      key: canaryKey(),
      ops: allOps,
    });
    expect(results).toEqual(allOps.map((op) => expect.objectContaining({ op, ...noSessionBus })));
  });

  it('reports KEYCHAIN_NO_SESSION_BUS when the session bus address is malformed', async () => {
    if (!sandbox) throw new Error('no sandbox');
    for (const address of ['garbage', 'disabled:', '']) {
      const { results } = await runFixture({
        sandbox,
        session: 'no-bus',
        env: { DBUS_SESSION_BUS_ADDRESS: address },
        service: uniqueService('bad-address'),
        key: canaryKey(),
        ops: allOps,
      });
      expect(results).toEqual(allOps.map((op) => expect.objectContaining({ op, ...noSessionBus })));
    }
  });

  it('reports KEYCHAIN_NO_SESSION_BUS when there is no bus and no display to autolaunch one', async () => {
    if (!sandbox) throw new Error('no sandbox');
    const { results } = await runFixture({
      sandbox,
      session: 'no-bus',
      service: uniqueService('no-bus'),
      key: canaryKey(),
      ops: allOps,
    });
    expect(results).toEqual(allOps.map((op) => expect.objectContaining({ op, ...noSessionBus })));
    expect(results[0]?.detail).toMatch(/autolaunch/i);
  });
});

// The same three failures, one level up: the app's whole set of services in a headless host
// (the process Electron's main would be), started against each broken keychain. It must
// start, report exactly which problem it has, and keep the key nowhere else.
describe('the app with a broken keychain', () => {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    requireKeyringTools();
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox?.cleanup());

  const modes = [
    ['no session bus', 'KEYCHAIN_NO_SESSION_BUS'],
    ['no Secret Service on the bus', 'KEYCHAIN_UNAVAILABLE'],
    ['a locked keyring', 'KEYCHAIN_LOCKED'],
  ] as const;

  it('has a different message for each problem', () => {
    const messages = modes.map(([, code]) => ERROR_CATALOGUE[code].message);
    expect(new Set(messages).size).toBe(modes.length);
  });

  it.each(modes)(
    'with %s it starts, says so (%s), and stores the key nowhere',
    async (mode, code) => {
      if (!sandbox) throw new Error('no sandbox');
      const session =
        mode === 'no session bus'
          ? null
          : await startSession(
              sandbox,
              mode === 'a locked keyring' ? 'locked-keyring' : 'no-secret-service',
            );
      const env = session?.env ?? {
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${sandbox.dir}/no-such-bus`,
      };
      const fake = await startFakeLinq();
      const dataDir = await mkdtemp(join(tmpdir(), 'linq-keychain-modes-'));
      const host = await startHostProcess({
        dataDir,
        apiBaseUrl: fake.baseUrl,
        keychainService: uniqueService('app'),
        env,
      });
      try {
        const expected = { code, message: ERROR_CATALOGUE[code].message };

        // It starts: the handshake answers, with the keychain problem in place of a key status.
        const state = await host.invoke('getAppState');
        expect(state).toMatchObject({
          ok: true,
          value: { keyStatus: null, keyError: expected },
        });

        // The key screen's save is refused with the same reason before the key goes anywhere,
        // and so is the drivers' way of storing a key without a check.
        const key = canaryKey();
        const saved = await host.invoke('saveKey', { key });
        expect(saved).toMatchObject({ ok: false, error: expected });
        expect(JSON.stringify(saved)).not.toContain(key);
        const stored = await host.storeKeyUnchecked(key).then(
          () => 'stored',
          (error: Error) => error.message,
        );
        expect(stored).toContain(`"code":"${code}"`);
        expect(stored).not.toContain(key);
        expect(await host.invoke('getKeyStatus')).toMatchObject({ ok: false, error: expected });
        expect(await host.invoke('verifyKey')).toMatchObject({ ok: false, error: expected });

        // A card submitted meanwhile is kept, and sending pauses on the same reason (which the
        // status bar shows) instead of being retried as if Linq were down.
        const paused = new Promise<unknown>((resolve) => {
          const stop = host.onEvent((name, payload) => {
            const status = (payload as { status?: { pausedBy?: unknown } }).status;
            if (name !== 'outboxChanged' || !status?.pausedBy) return;
            stop();
            resolve(status.pausedBy);
          });
        });
        const submitted = await host.invoke('setupCard', {
          phoneNumber: '+13035550101',
          firstName: 'Denver',
        });
        expect(submitted).toMatchObject({ ok: true, value: { state: 'waiting' } });
        expect(await withTimeout(paused, 10_000, 'no pause of the outbox')).toMatchObject(expected);

        // Nowhere else: not in any file of the data folder (the database's WAL included, read
        // while the app still has it open), not in its output, and never sent to Linq.
        const files = await listFiles(dataDir);
        expect(files).toContain('linq-contact-cards.sqlite-wal');
        expect(await canaryInFiles(dataDir, key)).toEqual([]);
        expect(canaryFormsIn(host.output.join(''), key)).toEqual([]);
        expect(fake.requests).toEqual([]);
      } finally {
        await host.stop();
        await fake.close();
        await session?.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    30_000,
  );
});
