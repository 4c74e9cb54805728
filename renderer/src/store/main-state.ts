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
  /**
   * The `getAppState` handshake in flight: its number (a later one supersedes it) and what
   * main's events pushed since it began, which is newer than its snapshot. No view reads it.
   */
  handshake: Handshake;
}

type Pushed = 'settings' | 'keyStatus' | 'outbox';

interface Handshake {
  generation: number;
  pushed: readonly Pushed[];
}

export const useMainState = create<MainState>()(() => ({
  load: { status: 'loading' },
  version: null,
  settings: null,
  keyStatus: null,
  keyError: null,
  outbox: null,
  handshake: { generation: 0, pushed: [] },
}));

/** Records that `what` was pushed, so a handshake in flight does not overwrite it. */
function pushed(state: MainState, what: Pushed): Pick<MainState, 'handshake'> {
  const { handshake } = state;
  if (handshake.pushed.includes(what)) return { handshake };
  return { handshake: { ...handshake, pushed: [...handshake.pushed, what] } };
}

export function applyKeyStatus(keyStatus: KeyStatus): void {
  useMainState.setState((state) => ({ keyStatus, keyError: null, ...pushed(state, 'keyStatus') }));
}

export function applySettings(settings: Settings): void {
  useMainState.setState((state) => ({ settings, ...pushed(state, 'settings') }));
}

export function applyOutbox(outbox: OutboxSnapshot): void {
  useMainState.setState((state) => ({ outbox, ...pushed(state, 'outbox') }));
}

/** Records a keychain failure seen by a request (the next key status event clears it). */
export function applyKeyError(keyError: AppError): void {
  useMainState.setState({ keyError });
}

/** The `ready` handshake. Resolves with the snapshot, or null when it failed or was superseded. */
export async function loadAppState(): Promise<AppState | null> {
  const generation = useMainState.getState().handshake.generation + 1;
  useMainState.setState((current) => ({
    handshake: { generation, pushed: [] },
    ...(current.load.status === 'failed' ? { load: { status: 'loading' } } : {}),
  }));
  const result = await call((api) => api.getAppState());
  const { handshake } = useMainState.getState();
  if (generation !== handshake.generation) return null;
  if (!result.ok) {
    useMainState.setState({ load: { status: 'failed', error: result.error } });
    return null;
  }
  const state = result.value;
  const newer = (what: Pushed) => handshake.pushed.includes(what);
  useMainState.setState({
    load: { status: 'ready' },
    version: state.version,
    ...(newer('settings') ? {} : { settings: state.settings }),
    ...(newer('keyStatus') ? {} : { keyStatus: state.keyStatus, keyError: state.keyError }),
    ...(newer('outbox') ? {} : { outbox: state.outbox }),
  });
  return state;
}

/** True when the user has to deal with the key before anything else works. */
export function needsKeyAttention(keyStatus: KeyStatus | null, keyError: AppError | null): boolean {
  return keyError !== null || keyStatus === null || !keyStatus.present;
}
