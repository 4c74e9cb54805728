// View state of the New card screen: what is typed (kept when the user visits another screen
// and comes back), what is being sent, and how the last attempt ended.
import { create } from 'zustand';
import type { Card, CardSetup, CardUpdate } from '../../../shared/card.ts';
import { changedFields } from '../../../shared/card-diff.ts';
import type { CardResult, Result } from '../../../shared/contract.ts';
import type { AppError } from '../../../shared/errors.ts';
import { call } from '../api.ts';
import { EMPTY_CARD_FORM, type CardField, type CardFormValues } from '../lib/cardValidation.ts';
import { applyKeyError } from './mainState.ts';
import { openKeySettings } from './view.ts';

export interface CardOutcome {
  kind: 'setup' | 'update';
  card: Card;
}

export type ExistingCard =
  | { status: 'loading' }
  | { status: 'loaded'; card: Card | null }
  | { status: 'failed'; error: AppError };

/** The number already has a card: the user decides whether to update it instead. */
export interface Conflict {
  wanted: CardSetup;
  existing: ExistingCard;
}

export type Attempt = { kind: 'setup'; input: CardSetup } | { kind: 'update'; input: CardUpdate };

const NOTHING_TOUCHED: Record<CardField, boolean> = {
  firstName: false,
  lastName: false,
  phone: false,
  imageUrl: false,
};

interface CardFormState {
  values: CardFormValues;
  /** Fields the user has left at least once: their errors show from then on. */
  touched: Record<CardField, boolean>;
  /** Set by a submit attempt: every error shows. */
  showAllErrors: boolean;
  /** The image URL last committed (on blur) and valid, for the preview. */
  previewImageUrl: string | null;
  busy: 'setup' | 'update' | null;
  outcome: CardOutcome | null;
  error: AppError | null;
  lastAttempt: Attempt | null;
  conflict: Conflict | null;
}

export const useCardForm = create<CardFormState>()(() => ({
  values: EMPTY_CARD_FORM,
  touched: NOTHING_TOUCHED,
  showAllErrors: false,
  previewImageUrl: null,
  busy: null,
  outcome: null,
  error: null,
  lastAttempt: null,
  conflict: null,
}));

const set = useCardForm.setState;
const get = useCardForm.getState;

export function setFieldValue(field: CardField, value: string): void {
  set((state) => ({ values: { ...state.values, [field]: value } }));
}

export function touchField(field: CardField): void {
  set((state) => (state.touched[field] ? state : { touched: { ...state.touched, [field]: true } }));
}

export function setPreviewImageUrl(url: string | null): void {
  set({ previewImageUrl: url });
}

export function showAllErrors(): void {
  set({ showAllErrors: true });
}

export function dismissOutcome(): void {
  set({ outcome: null });
}

export function dismissError(): void {
  set({ error: null });
}

function succeeded(kind: CardOutcome['kind'], result: CardResult): void {
  // A fresh form for the next card; the default country lives in settings, so it stays.
  set({
    busy: null,
    conflict: null,
    error: null,
    outcome: { kind, card: result.card },
    values: EMPTY_CARD_FORM,
    touched: NOTHING_TOUCHED,
    showAllErrors: false,
    previewImageUrl: null,
  });
}

/** Errors every request shares: a refused key goes to the key settings, the rest show here. */
function failed(error: AppError): void {
  // The key could not be read: the header and the key settings say so too.
  if (error.code.startsWith('KEYCHAIN_')) applyKeyError(error);
  if (error.action === 'open-key-settings') {
    set({ busy: null, conflict: null, error: null });
    openKeySettings(error);
    return;
  }
  set({ busy: null, conflict: null, error });
}

async function send(
  attempt: Attempt,
  request: () => Promise<Result<CardResult>>,
): Promise<Result<CardResult>> {
  set({ busy: attempt.kind, error: null, outcome: null, lastAttempt: attempt });
  return request();
}

export async function submitSetup(input: CardSetup): Promise<void> {
  if (get().busy) return;
  const result = await send({ kind: 'setup', input }, () => call((api) => api.setupCard(input)));
  if (result.ok) return succeeded('setup', result.value);
  if (result.error.action === 'update-instead') {
    set({ busy: null, conflict: { wanted: input, existing: { status: 'loading' } } });
    await loadExistingCard();
    return;
  }
  failed(result.error);
}

export async function loadExistingCard(): Promise<void> {
  const conflict = get().conflict;
  if (!conflict) return;
  const phoneNumber = conflict.wanted.phoneNumber;
  set({ conflict: { ...conflict, existing: { status: 'loading' } } });
  const result = await call((api) => api.getCard({ phoneNumber }));
  const current = get().conflict;
  if (current?.wanted.phoneNumber !== phoneNumber) return; // closed or replaced meanwhile
  set({
    conflict: {
      ...current,
      existing: result.ok
        ? { status: 'loaded', card: result.value }
        : { status: 'failed', error: result.error },
    },
  });
}

/** The update the conflict dialog would send: only the fields that differ. */
export function pendingUpdate(conflict: Conflict): CardUpdate | null {
  const existing = conflict.existing.status === 'loaded' ? conflict.existing.card : null;
  return changedFields(existing, conflict.wanted);
}

export async function sendUpdate(update: CardUpdate): Promise<void> {
  if (get().busy) return;
  const result = await send({ kind: 'update', input: update }, () =>
    call((api) => api.updateCard(update)),
  );
  if (result.ok) return succeeded('update', result.value);
  failed(result.error);
}

export function closeConflict(): void {
  if (get().busy) return;
  set({ conflict: null });
}
