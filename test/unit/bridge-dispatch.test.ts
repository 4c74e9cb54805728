import { describe, expect, it, vi } from 'vitest';
import { buildLinqApi, eventFunctionName } from '../../shared/bridge.ts';
import { EVENT_NAMES, REQUEST_NAMES } from '../../shared/contract.ts';
import { createDispatcher, type Handlers } from '../../electron/services/dispatch.ts';
import { AppFailure } from '../../electron/services/failure.ts';

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
    await api.setKey({ key: 'abcdefgh1234' });
    expect(invoke).toHaveBeenCalledWith('setKey', { key: 'abcdefgh1234' });
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
    const setKey = vi.fn(() => status);
    const dispatch = createDispatcher(handlers({ setKey }));
    const secret = 'sk_live_DO_NOT_ECHO_1234';
    for (const payload of [
      undefined,
      42,
      {},
      { key: 42 },
      { key: secret, extra: true },
      { key: `${secret} with space` },
    ]) {
      const result = await dispatch('setKey', payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(JSON.stringify(result)).not.toContain('DO_NOT_ECHO');
    }
    expect(setKey).not.toHaveBeenCalled();
  });

  it('caps payload size and nesting depth, and survives __proto__ payloads', async () => {
    const setKey = vi.fn(() => status);
    const dispatch = createDispatcher(handlers({ setKey }));
    expect(await dispatch('setKey', { key: 'x'.repeat(10 * 1024 * 1024) })).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(await dispatch('setKey', deep)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const polluted = JSON.parse('{"key":"abcdefgh1234","__proto__":{"polluted":true}}');
    expect(await dispatch('setKey', polluted)).toMatchObject({ ok: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(setKey).not.toHaveBeenCalled();
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
