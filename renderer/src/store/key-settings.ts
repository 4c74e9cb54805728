// View state of the API key settings: what is in progress and how the last action ended.
// The key itself is never stored here; the field that holds it lives and dies with its form.
import { create } from 'zustand';
import { checkApiKey } from '../../../shared/rules.ts';
import type { KeyStatus } from '../../../shared/contract.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import { CONNECTION_FAILURE_CODES } from '../../../shared/error-catalogue.ts';
import { call } from '../api.ts';
import { applyKeyError, applyKeyStatus, useMainState } from './main-state.ts';
import { clearKeyNotice } from './view.ts';

export type KeyPhase = 'idle' | 'verifying' | 'removing' | 'checking';

export interface KeyOutcome {
  tone: 'success' | 'warning' | 'danger';
  title: string;
  message: string;
  error?: AppError;
  /** The key works: offer to go and set up cards. */
  ready?: boolean;
  /** The key status this outcome describes; a different status pushed by main makes it stale. */
  about?: Pick<KeyStatus, 'present' | 'verification'>;
}

interface KeySettingsState {
  phase: KeyPhase;
  outcome: KeyOutcome | null;
  /** The key form is open to replace a stored key. */
  replacing: boolean;
}

export const useKeySettings = create<KeySettingsState>()(() => ({
  phase: 'idle',
  outcome: null,
  replacing: false,
}));

const set = useKeySettings.setState;
const get = useKeySettings.getState;

export function isKeychainError(error: AppError): boolean {
  return error.code.startsWith('KEYCHAIN_');
}

/** Failures that say nothing about the key: it stays saved, waiting to be checked. */
const OFFLINE_CODES = new Set<string>([
  ...CONNECTION_FAILURE_CODES,
  'SERVER_ERROR',
  'RATE_LIMITED',
  'MALFORMED_RESPONSE',
  'SETUP_INCOMPLETE',
]);

function rejectedOutcome(error?: AppError | null): KeyOutcome {
  const outcome: KeyOutcome = {
    tone: 'danger',
    title: 'Linq did not accept this key',
    message:
      error?.code === 'PERMISSION_DENIED'
        ? error.message
        : 'Check that you copied the whole key, or ask your Linq admin for a new one, then use Replace key.',
  };
  if (error) outcome.error = error;
  return outcome;
}

function uncheckedOutcome(error: AppError | null, verifiedBefore: boolean): KeyOutcome {
  const later = verifiedBefore
    ? 'Linq accepted this key before, so it stays marked as verified.'
    : 'The key is saved; it will be checked again the next time the app talks to Linq, or when you choose Verify again.';
  const outcome: KeyOutcome = {
    tone: 'warning',
    title: verifiedBefore ? 'Could not check the key again' : 'Key saved, but not verified yet',
    message: error ? `${error.message} ${later}` : later,
  };
  if (error) outcome.error = error;
  return outcome;
}

/** What a finished check means for the user. */
export function outcomeOfStatus(status: KeyStatus): KeyOutcome {
  return {
    ...describeStatus(status),
    about: { present: status.present, verification: status.verification },
  };
}

function describeStatus(status: KeyStatus): KeyOutcome {
  if (status.verification === 'rejected') return rejectedOutcome(status.checkError);
  if (status.checkError) {
    return uncheckedOutcome(status.checkError, status.verification === 'verified');
  }
  if (status.verification === 'verified') {
    return {
      tone: 'success',
      title: 'Key verified',
      message: 'Linq accepted this key. You can set up contact cards now.',
      ready: true,
    };
  }
  return uncheckedOutcome(null, false);
}

function outcomeOfError(error: AppError, doing: string): KeyOutcome {
  if (error.code === 'KEY_REJECTED' || error.code === 'PERMISSION_DENIED') {
    return rejectedOutcome(error);
  }
  if (OFFLINE_CODES.has(error.code)) return uncheckedOutcome(error, false);
  return { tone: 'danger', title: `Could not ${doing}`, message: error.message, error };
}

function recordError(error: AppError, doing: string): void {
  if (isKeychainError(error)) {
    // Shown by the key settings as the keychain problem it is (not as "no key").
    applyKeyError(error);
    set({ phase: 'idle', outcome: null });
    return;
  }
  set({ phase: 'idle', outcome: outcomeOfError(error, doing) });
}

/** Client-side check of a typed key; returns the problem to show at the field, if any. */
export function keyInputProblem(key: string): string | null {
  if (key.trim() === '') return 'Enter your API key.';
  const checked = checkApiKey(key);
  return checked.ok ? null : checked.message;
}

/** How a save ended for the form: saved, or the problem to show at the field (which stays). */
export type KeySaveResult = { saved: true } | { saved: false; fieldProblem: string | null };

/** The stored key the user keeps when a new one is not taken, in words ("•••• 1234"). */
function keptKeyWords(): string | null {
  const status = useMainState.getState().keyStatus;
  if (!status?.present) return null;
  return status.last4 ? `your current key (•••• ${status.last4})` : 'your current key';
}

/** Why a new key was not saved, said at the field; null when it is not about this key. */
function refusedKeyProblem(error: AppError): string | null {
  const kept = keptKeyWords();
  const keeps = kept ? ` Nothing was changed: ${kept} stays in use.` : '';
  if (error.code === 'KEY_REJECTED') {
    return `Linq did not accept this key. Check that you copied the whole key, or ask your Linq admin for a new one.${keeps}`;
  }
  if (error.code === 'PERMISSION_DENIED') return `${error.message}${keeps}`;
  // Linq could not judge it: with a key stored, main keeps that one (it may work; this may not).
  if (kept && OFFLINE_CODES.has(error.code)) {
    return `${error.message} The new key could not be checked, so it was not saved: ${kept} stays in use. Choose Save key again once Linq can be reached.`;
  }
  return null;
}

export async function verifyKey(): Promise<void> {
  set({ phase: 'verifying' });
  const result = await call((api) => api.verifyKey());
  if (!result.ok) return recordError(result.error, 'check the key');
  applyKeyStatus(result.value);
  const outcome = outcomeOfStatus(result.value);
  if (outcome.tone === 'success') clearKeyNotice();
  set({ phase: 'idle', outcome });
}

/**
 * Checks the key with Linq and, if Linq takes it (or cannot judge it and no key is stored),
 * saves it in the keychain. A key Linq refuses is not saved; the form stays open with why.
 */
export async function saveKey(key: string): Promise<KeySaveResult> {
  if (get().phase !== 'idle') return { saved: false, fieldProblem: null };
  set({ phase: 'verifying', outcome: null });
  const result = await call((api) => api.saveKey({ key }));
  if (!result.ok) {
    const fieldProblem = refusedKeyProblem(result.error);
    if (fieldProblem) set({ phase: 'idle' });
    else recordError(result.error, 'save the key');
    return { saved: false, fieldProblem };
  }
  applyKeyStatus(result.value);
  clearKeyNotice(); // the notice was about the key that was just replaced
  set({ phase: 'idle', replacing: false, outcome: outcomeOfStatus(result.value) });
  return { saved: true };
}

export async function removeKey(): Promise<void> {
  if (get().phase !== 'idle') return;
  set({ phase: 'removing', outcome: null });
  const result = await call((api) => api.removeKey());
  if (!result.ok) return recordError(result.error, 'remove the key');
  applyKeyStatus(result.value);
  clearKeyNotice();
  set({
    phase: 'idle',
    replacing: false,
    outcome: {
      tone: 'success',
      title: 'Key removed',
      message: 'The key was deleted from this computer. Add a key to set up cards again.',
    },
  });
}

/** Reads the key status again, for example after the user unlocked the keychain. */
export async function recheckKeychain(): Promise<void> {
  if (get().phase !== 'idle') return;
  set({ phase: 'checking', outcome: null });
  const result = await call((api) => api.getKeyStatus());
  if (!result.ok) {
    recordError(result.error, 'read the keychain');
    if (isKeychainError(result.error)) {
      set({
        outcome: {
          tone: 'warning',
          title: 'Still not readable',
          message: `Checked again at ${new Date().toLocaleTimeString()}. Follow the advice above, then check again.`,
        },
      });
    }
    return;
  }
  applyKeyStatus(result.value);
  set({ phase: 'idle' });
}

/**
 * Main pushed a new key status (say, Linq refused the key on a card request): an outcome panel
 * about an earlier status ("Key verified") would now contradict it, so it goes.
 */
export function dropStaleOutcome(status: KeyStatus): void {
  const about = get().outcome?.about;
  if (about && (about.present !== status.present || about.verification !== status.verification)) {
    set({ outcome: null });
  }
}

/** A success message has been read (it fades): it goes, unless another one replaced it. */
export function dismissOutcome(outcome: KeyOutcome): void {
  if (get().outcome === outcome) set({ outcome: null });
}

export function startReplacing(): void {
  set({ replacing: true, outcome: null });
}

export function cancelReplacing(): void {
  set({ replacing: false });
}
