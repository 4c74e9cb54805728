import { describe, expect, it, vi } from 'vitest';
import { buildLinqApi, eventFunctionName } from '../../shared/bridge.ts';
import { EVENT_NAMES, REQUEST_NAMES, eventChannel, requestChannel } from '../../shared/contract.ts';
import { createDispatcher, type Handlers } from '../../electron/services/dispatch.ts';
import { AppFailure } from '../../electron/services/failure.ts';

// A stand-in for the sandboxed preload's Electron (contextBridge, ipcRenderer), which cannot
// load here: it records what the preload exposes and what it sends.
const exposed = new Map<string, unknown>();
const electronCalls: unknown[][] = [];
const rendererListeners = new Map<string, (event: unknown, payload: unknown) => void>();
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      electronCalls.push(['invoke', ...args]);
      return { ok: true, value: 'answered' };
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      electronCalls.push(['on', channel]);
      rendererListeners.set(channel, listener);
    },
    removeListener: (channel: string) => {
      electronCalls.push(['removeListener', channel]);
      rendererListeners.delete(channel);
    },
  },
}));

const status = {
  present: false,
  last4: null,
  verification: 'unverified',
  checkedAt: null,
  checkError: null,
} as const;

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(
    REQUEST_NAMES.map((name) => [name, unused]),
  ) as unknown as Handlers;
  return { ...all, getKeyStatus: () => status, ...overrides };
}

describe('buildLinqApi', () => {
  it('exposes exactly one named function per request and event, and nothing generic', () => {
    const api = buildLinqApi({
      invoke: async () => ({ ok: true, value: null }),
      subscribe: () => () => {},
    });
    const expected = [...REQUEST_NAMES, ...EVENT_NAMES.map(eventFunctionName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.isFrozen(api)).toBe(true);
    expect('invoke' in api).toBe(false);
  });

  it('passes the request name and payload to the transport, and wires subscriptions', async () => {
    const invoke = vi.fn(async () => ({ ok: true, value: 'x' }));
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const api = buildLinqApi({ invoke, subscribe });
    await api.saveKey({ key: 'abcdefgh1234' });
    expect(invoke).toHaveBeenCalledWith('saveKey', { key: 'abcdefgh1234' });
    const listener = () => {};
    api.onOutboxChanged(listener)();
    expect(subscribe).toHaveBeenCalledWith('outboxChanged', listener);
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('turns a transport failure into an error Result instead of a rejection', async () => {
    const api = buildLinqApi({
      invoke: async () => {
        throw new Error('host died');
      },
      subscribe: () => () => {},
    });
    const result = await api.getKeyStatus();
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('the preload', () => {
  it('exposes exactly the contract’s API as window.linq, and nothing else', async () => {
    await import('../../electron/preload/index.ts');
    expect([...exposed.keys()]).toEqual(['linq']);
    const api = exposed.get('linq') as Record<string, unknown>;
    const expected = [...REQUEST_NAMES, ...EVENT_NAMES.map(eventFunctionName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each request on its own channel and never hands the IPC event to the page', async () => {
    await import('../../electron/preload/index.ts');
    const api = exposed.get('linq') as Record<string, (...args: unknown[]) => unknown>;
    electronCalls.length = 0;
    for (const name of REQUEST_NAMES) {
      expect(await api[name]!({ probe: name })).toEqual({ ok: true, value: 'answered' });
    }
    expect(electronCalls).toEqual(
      REQUEST_NAMES.map((name) => ['invoke', requestChannel(name), { probe: name }]),
    );

    const received: unknown[][] = [];
    const unsubscribe = api.onOutboxChanged!((...args: unknown[]) =>
      received.push(args),
    ) as () => void;
    const forward = rendererListeners.get(eventChannel('outboxChanged'))!;
    forward({ sender: 'the IpcRendererEvent, with ipcRenderer on it' }, { counts: 1 });
    expect(received).toEqual([[{ counts: 1 }]]);
    unsubscribe();
    expect(rendererListeners.has(eventChannel('outboxChanged'))).toBe(false);
  });
});

describe('createDispatcher', () => {
  it('runs a valid request and validates its answer', async () => {
    const dispatch = createDispatcher(handlers());
    expect(await dispatch('getKeyStatus', undefined)).toEqual({ ok: true, value: status });
  });

  it('rejects unknown channels, including inherited property names', async () => {
    const dispatch = createDispatcher(handlers());
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      expect(await dispatch(name, undefined)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
  });

  it('rejects wrong types, missing and extra fields without echoing values', async () => {
    const saveKey = vi.fn(() => status);
    const dispatch = createDispatcher(handlers({ saveKey }));
    const secret = 'sk_live_DO_NOT_ECHO_1234';
    for (const payload of [
      undefined,
      42,
      {},
      { key: 42 },
      { key: secret, extra: true },
      { key: `${secret} with space` },
    ]) {
      const result = await dispatch('saveKey', payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(JSON.stringify(result)).not.toContain('DO_NOT_ECHO');
    }
    expect(saveKey).not.toHaveBeenCalled();
  });

  it('caps payload size and nesting depth, and survives __proto__ payloads', async () => {
    const saveKey = vi.fn(() => status);
    const dispatch = createDispatcher(handlers({ saveKey }));
    expect(await dispatch('saveKey', { key: 'x'.repeat(10 * 1024 * 1024) })).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(await dispatch('saveKey', deep)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const polluted = JSON.parse('{"key":"abcdefgh1234","__proto__":{"polluted":true}}');
    expect(await dispatch('saveKey', polluted)).toMatchObject({ ok: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(saveKey).not.toHaveBeenCalled();
  });

  it('never repeats the names of unknown fields (a key can be anything, even an API key)', async () => {
    const saveKey = vi.fn(() => status);
    const dispatch = createDispatcher(handlers({ saveKey }));
    const secret = 'sk_live_DO_NOT_ECHO_5678';
    for (const payload of [
      { key: 'abcdefgh1234', [secret]: 1 },
      { [secret]: secret },
      { key: 'abcdefgh1234', nested: { [secret]: true } },
    ]) {
      const result = await dispatch('saveKey', payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(JSON.stringify(result)).not.toContain('DO_NOT_ECHO');
    }
    const result = await dispatch('saveKey', { key: 'abcdefgh1234', extra: 1 });
    expect(result).toMatchObject({ error: { detail: 'Unknown field (1)' } });
    expect(saveKey).not.toHaveBeenCalled();
  });

  it('bounds its work on hostile shapes before JSON or zod see them', async () => {
    const saveKey = vi.fn(() => status);
    const dispatch = createDispatcher(handlers({ saveKey }));
    // Shared references (Electron's structured clone keeps them): 2^30 paths, 31 objects.
    let shared: Record<string, unknown> = { key: 'abcdefgh1234' };
    for (let i = 0; i < 30; i++) shared = { a: shared, b: shared };
    // A sparse array JSON would write as 4 billion "null"s.
    const sparse: unknown[] = [];
    sparse.length = 2 ** 32 - 1;
    const started = performance.now();
    expect(await dispatch('saveKey', shared)).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await dispatch('saveKey', sparse)).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await dispatch('saveKey', { key: 'k'.repeat(20_000_000) })).toMatchObject({
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    // Milliseconds in fact; unbounded, the first of these alone would take hours.
    expect(performance.now() - started).toBeLessThan(5_000);
    // A cycle (also possible over structured clone) is too deep, not a stack overflow.
    const cycle: Record<string, unknown> = { key: 'abcdefgh1234' };
    cycle.self = cycle;
    expect(await dispatch('saveKey', cycle)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(saveKey).not.toHaveBeenCalled();
  });

  it('refuses values JSON has no form for: typed arrays, Maps, Dates, BigInts', async () => {
    const saveKey = vi.fn(() => status);
    const dispatch = createDispatcher(handlers({ saveKey }));
    for (const payload of [
      new Uint8Array(50_000_000),
      { key: new Uint8Array(16) },
      new Map([['key', 'abcdefgh1234']]),
      { key: new Date(0) },
      { key: 10n },
      Object.assign(Object.create({ inherited: true }), { key: 'abcdefgh1234' }),
    ]) {
      expect(await dispatch('saveKey', payload)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', detail: 'Payload is not plain data' },
      });
    }
    // Prototype-less objects are plain data (some parsers make them).
    const bare = Object.assign(Object.create(null), { key: 'abcdefgh1234' });
    expect(await dispatch('saveKey', bare)).toEqual({ ok: true, value: status });
  });

  it('passes AppFailures through and hides unexpected exceptions', async () => {
    const reportBug = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        verifyKey: () => {
          throw AppFailure.of('KEYCHAIN_LOCKED');
        },
        removeKey: () => {
          throw new Error('secret internals sk_live_zzz');
        },
      }),
      reportBug,
    );
    expect(await dispatch('verifyKey', undefined)).toMatchObject({
      ok: false,
      error: { code: 'KEYCHAIN_LOCKED' },
    });
    const hidden = await dispatch('removeKey', undefined);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(hidden)).not.toContain('sk_live_zzz');
    expect(reportBug).toHaveBeenCalledTimes(1);
  });

  it('treats an answer that breaks the contract as a bug', async () => {
    const reportBug = vi.fn();
    const dispatch = createDispatcher(
      handlers({ getKeyStatus: () => ({ ...status, key: 'leak' }) as never }),
      reportBug,
    );
    expect(await dispatch('getKeyStatus', undefined)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(reportBug).toHaveBeenCalled();
  });
});

describe('channel names', () => {
  it('list exactly the requests and events the contract defines', async () => {
    const { contract } = await import('../../shared/contract.ts');
    expect([...REQUEST_NAMES].sort()).toEqual(Object.keys(contract.requests).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(contract.events).sort());
  });
});
