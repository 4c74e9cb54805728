// renderer/src/events.ts against the real bridge (buildLinqApi) over a stand-in transport:
// every event the contract names is subscribed, reaches its store, and is unsubscribed again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildLinqApi } from '../../../shared/bridge.ts';
import { EVENT_NAMES, type EventName } from '../../../shared/channels.ts';
import type { Settings } from '../../../shared/settings.schema.ts';
import { subscribeToMain } from '../../../renderer/src/events.ts';
import { useMainState } from '../../../renderer/src/store/main-state.ts';
import { installFakeWindow } from '../../support/fake-window.ts';

let listeners: Map<EventName, (payload: unknown) => void>;

beforeEach(() => {
  listeners = new Map();
  const api = buildLinqApi({
    invoke: async () => ({ ok: false, error: { code: 'INTERNAL', message: 'not here' } }),
    subscribe(name, listener) {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
  });
  installFakeWindow(api);
});

afterEach(() => vi.unstubAllGlobals());

describe('subscribeToMain', () => {
  it('subscribes to every event the contract names, and unsubscribes from all of them', () => {
    const unsubscribe = subscribeToMain();
    expect([...listeners.keys()].sort()).toEqual([...EVENT_NAMES].sort());
    unsubscribe();
    expect(listeners.size).toBe(0);
  });

  it('mirrors an event into its store', () => {
    const unsubscribe = subscribeToMain();
    const settings = { label: 'pushed' } as unknown as Settings;
    listeners.get('settingsChanged')!(settings);
    expect(useMainState.getState().settings).toEqual(settings);
    unsubscribe();
  });
});
