// The renderer's mirror of main (store/main-state.ts): the getAppState handshake fills it, and
// an event pushed while the handshake is in flight is newer than its snapshot, so it stays.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState, KeyStatus, Result } from '../../../../shared/contract.ts';
import type { OutboxSnapshot } from '../../../../shared/outbox.schema.ts';
import type { Settings } from '../../../../shared/settings.schema.ts';
import {
  applyKeyStatus,
  applyOutbox,
  applySettings,
  loadAppState,
  needsKeyAttention,
  useMainState,
} from '../../../../renderer/src/store/main-state.ts';
import { deferred, installFakeWindow } from '../../../support/fake-window.ts';

// Only identity matters here: the store copies these objects, it does not read them.
const settings = (label: string) => ({ label }) as unknown as Settings;
const keyStatus = (present: boolean) => ({ present }) as unknown as KeyStatus;
const outbox = (label: string) => ({ label }) as unknown as OutboxSnapshot;

function snapshot(label: string): AppState {
  return {
    version: `v-${label}`,
    settings: settings(label),
    keyStatus: keyStatus(true),
    keyError: null,
    outbox: outbox(label),
    sync: null,
  } as unknown as AppState;
}

let answers: ReturnType<typeof deferred<Result<AppState>>>[];

beforeEach(() => {
  useMainState.setState(useMainState.getInitialState(), true);
  answers = [];
  installFakeWindow({
    getAppState: () => {
      const answer = deferred<Result<AppState>>();
      answers.push(answer);
      return answer.promise;
    },
  });
});

afterEach(() => vi.unstubAllGlobals());

describe('loadAppState', () => {
  it('fills the mirror from the snapshot and says it is ready', async () => {
    const loading = loadAppState();
    expect(useMainState.getState().load.status).toBe('loading');
    answers[0]!.resolve({ ok: true, value: snapshot('a') });
    await loading;
    const state = useMainState.getState();
    expect(state.load.status).toBe('ready');
    expect(state.version).toBe('v-a');
    expect(state.settings).toEqual(settings('a'));
    expect(state.outbox).toEqual(outbox('a'));
  });

  it('keeps what events pushed while the handshake was in flight', async () => {
    const loading = loadAppState();
    applySettings(settings('pushed'));
    applyOutbox(outbox('pushed'));
    answers[0]!.resolve({ ok: true, value: snapshot('old') });
    await loading;
    const state = useMainState.getState();
    expect(state.settings).toEqual(settings('pushed'));
    expect(state.outbox).toEqual(outbox('pushed'));
    expect(state.keyStatus).toEqual(keyStatus(true)); // not pushed: the snapshot's
  });

  it('forgets pushes seen before a later handshake began', async () => {
    applyKeyStatus(keyStatus(false));
    const loading = loadAppState();
    answers[0]!.resolve({ ok: true, value: snapshot('b') });
    await loading;
    expect(useMainState.getState().keyStatus).toEqual(keyStatus(true));
  });

  it('drops the answer of a handshake a later one superseded', async () => {
    const first = loadAppState();
    const second = loadAppState();
    answers[1]!.resolve({ ok: true, value: snapshot('second') });
    expect(await second).not.toBeNull();
    answers[0]!.resolve({ ok: true, value: snapshot('first') });
    expect(await first).toBeNull();
    expect(useMainState.getState().version).toBe('v-second');
  });

  it('says it failed, and is loading again on the next try', async () => {
    const failing = loadAppState();
    answers[0]!.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } as never });
    expect(await failing).toBeNull();
    expect(useMainState.getState().load.status).toBe('failed');
    void loadAppState();
    expect(useMainState.getState().load.status).toBe('loading');
  });
});

describe('needsKeyAttention', () => {
  it('asks for the key when there is none, it is unknown, or the keychain failed', () => {
    expect(needsKeyAttention(keyStatus(true), null)).toBe(false);
    expect(needsKeyAttention(keyStatus(false), null)).toBe(true);
    expect(needsKeyAttention(null, null)).toBe(true);
    expect(needsKeyAttention(keyStatus(true), { code: 'KEYCHAIN_LOCKED' } as never)).toBe(true);
  });
});
