// A mirror of what main owns (settings, key status, the outbox). Nothing here is durable: it is
// filled by the `getAppState` handshake on every load and kept current by main's events.
import { create } from 'zustand';
import type { AppState, KeyStatus } from '../../../shared/contract.ts';
import type { OutboxSnapshot } from '../../../shared/outbox.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { Settings } from '../../../shared/settings.schema.ts';
import { call } from '../api.ts';

export type LoadStatus =
  { status: 'loading' } | { status: 'ready' } | { status: 'failed'; error: AppError };

interface MainState {
  load: LoadStatus;
  version: string | null;
  settings: Settings | null;
  keyStatus: KeyStatus | null;
  /** Set when the keychain could not be read at all (locked, missing): not the same as no key. */
  keyError: AppError | null;
  /** The outbox: what waits, what is being sent, what needs the user. */
  outbox: OutboxSnapshot | null;
}

export const useMainState = create<MainState>()(() => ({
  load: { status: 'loading' },
  version: null,
  settings: null,
  keyStatus: null,
  keyError: null,
  outbox: null,
}));

type Pushed = 'settings' | 'keyStatus' | 'outbox';
// Events that arrive while a handshake is in flight are newer than its snapshot.
const pushedDuringLoad = new Set<Pushed>();
let loadGeneration = 0;

export function applyKeyStatus(keyStatus: KeyStatus): void {
  pushedDuringLoad.add('keyStatus');
  useMainState.setState({ keyStatus, keyError: null });
}

export function applySettings(settings: Settings): void {
  pushedDuringLoad.add('settings');
  useMainState.setState({ settings });
}

export function applyOutbox(outbox: OutboxSnapshot): void {
  pushedDuringLoad.add('outbox');
  useMainState.setState({ outbox });
}

/** Records a keychain failure seen by a request (the next key status event clears it). */
export function applyKeyError(keyError: AppError): void {
  useMainState.setState({ keyError });
}

/** The `ready` handshake. Resolves with the snapshot, or null when it failed or was superseded. */
export async function loadAppState(): Promise<AppState | null> {
  const generation = ++loadGeneration;
  pushedDuringLoad.clear();
  if (useMainState.getState().load.status === 'failed') {
    useMainState.setState({ load: { status: 'loading' } });
  }
  const result = await call((api) => api.getAppState());
  if (generation !== loadGeneration) return null;
  if (!result.ok) {
    useMainState.setState({ load: { status: 'failed', error: result.error } });
    return null;
  }
  const state = result.value;
  useMainState.setState({
    load: { status: 'ready' },
    version: state.version,
    ...(pushedDuringLoad.has('settings') ? {} : { settings: state.settings }),
    ...(pushedDuringLoad.has('keyStatus')
      ? {}
      : { keyStatus: state.keyStatus, keyError: state.keyError }),
    ...(pushedDuringLoad.has('outbox') ? {} : { outbox: state.outbox }),
  });
  return state;
}

/** True when the user has to deal with the key before anything else works. */
export function needsKeyAttention(keyStatus: KeyStatus | null, keyError: AppError | null): boolean {
  return keyError !== null || keyStatus === null || !keyStatus.present;
}
