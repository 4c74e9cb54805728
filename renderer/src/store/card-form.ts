// View state of the New card screen: what is typed (kept when the user visits another screen
// and comes back), the submission being stored, and the last submission, followed live
// through the outbox until the user starts another card.
import { create } from 'zustand';
import type { Card, CardSetup } from '../../../shared/card.schema.ts';
import { changedFields } from '../../../shared/card.rules.ts';
import type { CardRow } from '../../../shared/card-history.schema.ts';
import type { Line } from '../../../shared/lines.schema.ts';
import { appError } from '../../../shared/error-catalogue.ts';
import type { AppError, RefusedField } from '../../../shared/errors.schema.ts';
import type { OutboxItem } from '../../../shared/outbox.schema.ts';
import type { Schedule } from '../../../shared/rollout.schema.ts';
import type { LinqApi } from '../../../shared/bridge.ts';
import type { Result } from '../../../shared/contract.ts';
import { call } from '../api.ts';
import { EMPTY_CARD_FORM, type CardField, type CardFormValues } from '../lib/card-validation.ts';
import { linqReason } from '../lib/outbox-text.ts';
import { rolloutFromChoice, SEND_NOW, type RolloutChoice } from '../lib/rollout-choice.ts';
import { localTimeZone } from '../lib/rollout-text.ts';
import { applyKeyError } from './main-state.ts';
import { clearPhoto, preparePhoto, usePhoto } from './photo.ts';
import { navigate } from './view.ts';

const NOTHING_TOUCHED: Record<CardField, boolean> = {
  firstName: false,
  lastName: false,
  phone: false,
  imageUrl: false,
};

/**
 * The form holds an edited copy of a failed item (submitting replaces it), or of a card from
 * the history (submitting sends a PATCH of only what differs from `base`).
 */
export interface Editing {
  id: number | null;
  action: OutboxItem['action'];
  base?: Card;
  /** The local copy of the base card's photo, when this computer sent it. */
  basePhotoSha256?: string | null;
}

/** A line with a card was chosen over names already typed: load its card, or keep them? */
export interface LoadQuestion {
  card: CardRow;
  /** The number as the phone field shows it. */
  display: string;
}

interface CardFormState {
  values: CardFormValues;
  /** Fields the user has left at least once: their errors show from then on. */
  touched: Record<CardField, boolean>;
  /** Set by a submit attempt: every error shows. */
  showAllErrors: boolean;
  /** The image URL last committed (on blur) and valid, for the preview. */
  previewImageUrl: string | null;
  /** The submission is being stored by main (milliseconds; nothing is sent yet). */
  saving: boolean;
  /** The last submission from this form, as main stored it; its live state is in the outbox. */
  submitted: OutboxItem | null;
  /** The submission could not be stored (the form keeps what was typed). */
  error: AppError | null;
  editing: Editing | null;
  /** Asked before the card of a chosen line replaces what was typed. */
  loadQuestion: LoadQuestion | null;
  /** The image address field is shown (it hides behind "Use an image address instead"). */
  imageAddressOpen: boolean;
  /** The detail Linq refused in the item being edited, marked until the user changes it. */
  refused: Refusal | null;
  /** When to send: now (the default), or at a chosen time (a single change has no first line). */
  sendChoice: RolloutChoice;
  /** Why the last submit was refused for its time (said under the time field); null if not. */
  scheduleProblem: string | null;
  /** The time the last submission was scheduled for; null when it was sent at once. */
  submittedSchedule: Schedule | null;
}

/** A detail of an edited item that Linq refused, with the value it refused and its words. */
export interface Refusal {
  field: CardField;
  value: string;
  message: string;
}

export const useCardForm = create<CardFormState>()(() => ({
  values: EMPTY_CARD_FORM,
  touched: NOTHING_TOUCHED,
  showAllErrors: false,
  previewImageUrl: null,
  saving: false,
  submitted: null,
  error: null,
  editing: null,
  refused: null,
  loadQuestion: null,
  imageAddressOpen: false,
  sendChoice: SEND_NOW,
  scheduleProblem: null,
  submittedSchedule: null,
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

export function dismissSubmitted(): void {
  set({ submitted: null, submittedSchedule: null });
}

export function setImageAddressOpen(open: boolean): void {
  set({ imageAddressOpen: open });
}

export function dismissError(): void {
  set({ error: null });
}

export function setSendChoice(change: Partial<RolloutChoice>): void {
  set((state) => ({ sendChoice: { ...state.sendChoice, ...change }, scheduleProblem: null }));
}

/**
 * The schedule the submission carries ({} for now), or null when its time cannot be used: then
 * the reason is kept for the time field. Only the time counts: a single change has one line.
 */
function scheduleOfChoice(): { schedule?: Schedule } | null {
  const choice = { ...get().sendChoice, firstLineFirst: false };
  const outcome = rolloutFromChoice(choice, Date.now(), localTimeZone());
  if (!outcome.ok) {
    set({ scheduleProblem: outcome.problem });
    return null;
  }
  return outcome.rollout?.schedule ? { schedule: outcome.rollout.schedule } : {};
}

/** Whether the chosen time can be used; if not, says why under the time field. */
export function checkSendTime(): boolean {
  return scheduleOfChoice() !== null;
}

/** Stores the card in the outbox; main sends it (now, or once Linq can be reached). */
export async function submitCard(input: CardSetup): Promise<void> {
  if (get().saving) return;
  const editing = get().editing;
  // Checked before the photo is prepared, and again here although the form checked it: a
  // question asked in between (a number that is not a line) may have let the time pass.
  if (!scheduleOfChoice()) return;
  set({ saving: true, error: null });
  // The photo is processed and stored in main first, so the submission can refer to it.
  const photo = await preparePhoto();
  if (photo && 'code' in photo) {
    set({ saving: false, error: photo });
    return;
  }
  // Once more after the photo: preparing a large one can take long enough for a time chosen
  // a moment ago to pass, and then the reason belongs under the time field, not in an alert.
  const when = scheduleOfChoice();
  if (!when) {
    set({ saving: false });
    return;
  }
  const replaces = editing?.id ? { replaces: editing.id } : {};
  let request: (api: LinqApi) => Promise<Result<OutboxItem>>;
  // Changing the number while editing makes it a different card: a setup of that number.
  const sameNumber = !editing?.base || editing.base.phoneNumber === input.phoneNumber;
  if (editing?.action === 'update' && sameNumber) {
    // An update sends only what differs from the card it edits (all of it for a failed one).
    const update = editing.base ? changedFields(editing.base, input) : input;
    if (!update && !photo) {
      set({
        saving: false,
        error: appError('INVALID_INPUT', {
          message: 'Nothing to send: the card already has these details.',
        }),
      });
      return;
    }
    const { imageUrl, ...fields } = update ?? { phoneNumber: input.phoneNumber };
    const image = photo ? { photo } : imageUrl !== undefined ? { imageUrl } : {};
    request = (api) => api.updateCard({ ...fields, ...image, ...replaces, ...when });
  } else {
    const { imageUrl, ...fields } = input;
    const image = photo ? { photo } : imageUrl !== undefined ? { imageUrl } : {};
    request = (api) => api.setupCard({ ...fields, ...image, ...replaces, ...when });
  }
  const result = await call(request);
  if (!result.ok) {
    if (result.error.code.startsWith('KEYCHAIN_')) applyKeyError(result.error);
    set({ saving: false, error: result.error });
    return;
  }
  // Stored durably: the form is free for the next card, the default country stays. The next
  // card goes now again: a time kept from this one would hold the next back unnoticed.
  clearPhoto();
  set({
    saving: false,
    submitted: result.value,
    submittedSchedule: when.schedule ?? null,
    sendChoice: SEND_NOW,
    scheduleProblem: null,
    editing: null,
    refused: null,
    values: EMPTY_CARD_FORM,
    touched: NOTHING_TOUCHED,
    showAllErrors: false,
    previewImageUrl: null,
    imageAddressOpen: false,
  });
}

const FORM_FIELDS: Partial<Record<RefusedField, CardField>> = {
  firstName: 'firstName',
  lastName: 'lastName',
  phoneNumber: 'phone',
  imageUrl: 'imageUrl',
};

/** The field of the form that holds what Linq refused, with Linq's reason under it. */
function refusalOf(error: AppError | null, values: CardFormValues): Refusal | null {
  const field = error?.field ? FORM_FIELDS[error.field] : undefined;
  if (!error || !field) return null;
  const reason = linqReason(error);
  return {
    field,
    value: values[field],
    message: reason
      ? `Linq refused this: “${reason}”. Change it, then submit the card again.`
      : 'Linq refused this. Change it, then submit the card again.',
  };
}

/** Linq's reason under the field it refused, while the field still holds the refused value. */
export function refusalFor(
  refused: Refusal | null,
  field: CardField,
  value: string,
): string | null {
  return refused?.field === field && refused.value === value ? refused.message : null;
}

/** Puts a failed item back into the form; submitting it replaces the failed one. */
export function editItem(item: OutboxItem): void {
  const values = {
    firstName: item.fields.firstName ?? '',
    lastName: item.fields.lastName ?? '',
    phone: item.phoneNumber,
    imageUrl: item.fields.imageUrl ?? '',
  };
  set({
    values,
    refused: refusalOf(item.lastError, values),
    touched: { firstName: true, lastName: true, phone: true, imageUrl: true },
    showAllErrors: true,
    previewImageUrl: item.fields.imageUrl ?? null,
    submitted: null,
    submittedSchedule: null,
    // Another card is being edited from elsewhere: it goes now unless a time is chosen for it.
    sendChoice: SEND_NOW,
    scheduleProblem: null,
    error: null,
    editing: { id: item.id, action: item.action },
    loadQuestion: null,
    imageAddressOpen: Boolean(item.fields.imageUrl),
  });
  navigate('card');
}

/** How the form edits a card the history knows: an update of it, or a setup if Linq has none. */
function editingOf(card: CardRow): Editing {
  if (card.isActive === null) return { id: null, action: 'setup' };
  const base: Card = {
    phoneNumber: card.phoneNumber,
    firstName: card.firstName ?? '',
    lastName: card.lastName,
    imageUrl: card.imageUrl,
    isActive: card.isActive,
  };
  return { id: null, action: 'update', base, basePhotoSha256: card.photoSha256 };
}

/** The form's values for a card: what it has, and nothing else. */
function valuesOf(card: CardRow, phone: string): CardFormValues {
  return {
    firstName: card.firstName ?? '',
    lastName: card.lastName ?? '',
    phone,
    imageUrl: card.imageUrl ?? '',
  };
}

/**
 * Puts a card from the history into the form; submitting sends only what changes. A number
 * with no card at Linq yet (it failed, or was cancelled) is set up instead.
 */
export function editCard(card: CardRow): void {
  clearPhoto();
  set({
    values: valuesOf(card, card.phoneNumber),
    touched: NOTHING_TOUCHED,
    showAllErrors: false,
    previewImageUrl: card.imageUrl,
    submitted: null,
    submittedSchedule: null,
    // Another card is being edited from elsewhere: it goes now unless a time is chosen for it.
    sendChoice: SEND_NOW,
    scheduleProblem: null,
    error: null,
    editing: editingOf(card),
    refused: null,
    loadQuestion: null,
    imageAddressOpen: false,
  });
  navigate('card');
}

/**
 * Whether loading `card` would throw away something the user typed or chose: a name or an image
 * address that differs from the card's, or a new photo.
 */
function wouldLose(values: CardFormValues, card: CardRow): boolean {
  const differs = (typed: string, known: string | null) =>
    typed.trim() !== '' && typed.trim() !== (known ?? '').trim();
  return (
    differs(values.firstName, card.firstName) ||
    differs(values.lastName, card.lastName) ||
    differs(values.imageUrl, card.imageUrl) ||
    usePhoto.getState().photo.status === 'ready'
  );
}

/**
 * The user chose one of the account's lines in the phone field. A line that has a card leads
 * to an update of that card: its names and photo are loaded into the form, so the user sees
 * what the card shows now. If that would replace what was already typed, the user is asked
 * first (loadQuestion); nothing is replaced unseen.
 */
export async function chooseLine(line: Line, display: string): Promise<void> {
  const editing = get().editing;
  set((state) => ({
    values: { ...state.values, phone: display },
    // A history edit of another number would otherwise claim to edit "an existing card".
    editing: editing?.base && editing.base.phoneNumber !== line.phoneNumber ? null : editing,
    loadQuestion: null,
  }));
  // An edit of a refused submission keeps replacing it, whatever number it ends up with; a
  // card already being edited is already in the form.
  if (!line.card || editing?.id || editing?.base?.phoneNumber === line.phoneNumber) return;
  const result = await call((api) => api.getCardHistory({ phoneNumber: line.phoneNumber }));
  // Typed on meanwhile, or nothing known after all: the form stays as the user left it.
  if (!result.ok || !result.value || get().values.phone !== display) return;
  const card = result.value.card;
  if (wouldLose(get().values, card)) set({ loadQuestion: { card, display } });
  else loadCard(card, display);
}

/** The chosen line's card replaces the form's names, image address and any new photo. */
function loadCard(card: CardRow, display: string): void {
  clearPhoto();
  set({
    values: valuesOf(card, display),
    touched: NOTHING_TOUCHED,
    showAllErrors: false,
    previewImageUrl: card.imageUrl,
    error: null,
    editing: editingOf(card),
    refused: null,
    loadQuestion: null,
    imageAddressOpen: false,
  });
}

/**
 * The answer to loadQuestion. 'load' replaces what was typed with the card; 'keep' keeps it as
 * the update of that card (the fields left empty take the card's values), which the form then
 * shows side by side with the card before anything is sent.
 */
export function answerLoadQuestion(answer: 'load' | 'keep'): void {
  const question = get().loadQuestion;
  if (!question) return;
  const { card, display } = question;
  if (answer === 'load') {
    loadCard(card, display);
    return;
  }
  set((state) => {
    const keep = (typed: string, known: string | null) =>
      typed.trim() !== '' ? typed : (known ?? '');
    return {
      values: {
        firstName: keep(state.values.firstName, card.firstName),
        lastName: keep(state.values.lastName, card.lastName),
        phone: display,
        imageUrl: keep(state.values.imageUrl, card.imageUrl),
      },
      previewImageUrl: state.values.imageUrl.trim() !== '' ? state.previewImageUrl : card.imageUrl,
      editing: editingOf(card),
      loadQuestion: null,
    };
  });
}

export function stopEditing(): void {
  set({ editing: null, refused: null });
}
