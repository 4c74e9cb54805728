// The New card form's rules (store/card-form.ts) against a stand-in bridge: an edit of a
// history card sends only what changed (nothing at all is refused), a changed number is a
// setup, an edited failed item replaces it, Linq's refusal stays marked until the field
// changes, and choosing a line never replaces what was typed unasked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardSetup } from '../../../../shared/card.schema.ts';
import type { CardHistory, CardRow } from '../../../../shared/card-history.schema.ts';
import type { Result } from '../../../../shared/contract.ts';
import type { Line } from '../../../../shared/lines.schema.ts';
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import {
  answerLoadQuestion,
  chooseLine,
  editCard,
  editItem,
  refusalFor,
  setFieldValue,
  setSendChoice,
  submitCard,
  useCardForm,
} from '../../../../renderer/src/store/card-form.ts';
import { useMainState } from '../../../../renderer/src/store/main-state.ts';
import { localInputValue, SEND_NOW } from '../../../../renderer/src/lib/rollout-choice.ts';
import { installFakeWindow } from '../../../support/fake-window.ts';

const NUMBER = '+14155550132';

function cardRow(overrides: Partial<CardRow> = {}): CardRow {
  return {
    phoneNumber: NUMBER,
    firstName: 'Ada',
    lastName: 'Lovelace',
    imageUrl: null,
    photoSha256: null,
    isActive: true,
    ...overrides,
  } as CardRow;
}

const stored = { id: 99 } as unknown as OutboxItem;
let sent: { request: string; input: unknown }[];
let answer: Result<OutboxItem>;
let history: CardRow | null;

beforeEach(() => {
  useCardForm.setState(useCardForm.getInitialState(), true);
  useMainState.setState(useMainState.getInitialState(), true);
  sent = [];
  answer = { ok: true, value: stored };
  history = cardRow();
  const request = (name: string) => async (input: unknown) => {
    sent.push({ request: name, input });
    return answer;
  };
  installFakeWindow({
    setupCard: request('setupCard'),
    updateCard: request('updateCard'),
    getCardHistory: async () => ({
      ok: true,
      value: history ? ({ card: history, events: [] } as unknown as CardHistory) : null,
    }),
  });
});

afterEach(() => vi.unstubAllGlobals());

const form = () => useCardForm.getState();
const input = (overrides: Partial<CardSetup> = {}): CardSetup => ({
  phoneNumber: NUMBER,
  firstName: 'Ada',
  lastName: 'Lovelace',
  ...overrides,
});

describe('submitting an edit of a history card', () => {
  it('sends only the fields that changed, as an update', async () => {
    editCard(cardRow());
    await submitCard(input({ firstName: 'Augusta' }));
    expect(sent).toEqual([
      { request: 'updateCard', input: { phoneNumber: NUMBER, firstName: 'Augusta' } },
    ]);
  });

  it('sends nothing when nothing changed, and says so', async () => {
    editCard(cardRow());
    await submitCard(input());
    expect(sent).toEqual([]);
    expect(form().error?.message).toBe('Nothing to send: the card already has these details.');
  });

  it('sets up a card when the number was changed', async () => {
    editCard(cardRow());
    await submitCard(input({ phoneNumber: '+14155550199' }));
    expect(sent.map((call) => call.request)).toEqual(['setupCard']);
  });

  it('sets up a number Linq has no card for', async () => {
    editCard(cardRow({ isActive: null }));
    await submitCard(input());
    expect(sent.map((call) => call.request)).toEqual(['setupCard']);
  });
});

describe('submitting', () => {
  it('clears the form once main stored the card', async () => {
    setFieldValue('firstName', 'Ada');
    await submitCard(input());
    expect(form().submitted).toBe(stored);
    expect(form().values.firstName).toBe('');
    expect(form().saving).toBe(false);
  });

  it('keeps what was typed when the card could not be stored, and reports a keychain failure', async () => {
    const locked = { code: 'KEYCHAIN_LOCKED', message: 'Locked.' } as never;
    answer = { ok: false, error: locked };
    setFieldValue('firstName', 'Ada');
    await submitCard(input());
    expect(form().values.firstName).toBe('Ada');
    expect(form().error).toBe(locked);
    expect(useMainState.getState().keyError).toBe(locked);
  });
});

describe('sending at a chosen time', () => {
  const HOUR = 3_600_000;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  /** A datetime-local value `offsetMs` from now, whole minutes, as the input gives it. */
  const localTime = (offsetMs: number) => localInputValue(Date.now() + offsetMs);
  const scheduleOf = (sendAt: string) => ({
    sendAt: new Date(sendAt).toISOString(),
    timeZone: zone,
  });

  it('adds the schedule, in this computer’s zone, to a setup', async () => {
    const at = localTime(HOUR);
    setSendChoice({ when: 'at', sendAt: at });
    await submitCard(input());
    expect(sent).toEqual([
      { request: 'setupCard', input: { ...input(), schedule: scheduleOf(at) } },
    ]);
    expect(form().submittedSchedule).toEqual(scheduleOf(at));
  });

  it('adds the schedule to an update of only what changed', async () => {
    editCard(cardRow());
    const at = localTime(2 * HOUR);
    setSendChoice({ when: 'at', sendAt: at });
    await submitCard(input({ firstName: 'Augusta' }));
    expect(sent).toEqual([
      {
        request: 'updateCard',
        input: { phoneNumber: NUMBER, firstName: 'Augusta', schedule: scheduleOf(at) },
      },
    ]);
  });

  it('never asks for one line first: a single change has only its one line', async () => {
    setSendChoice({ firstLineFirst: true });
    await submitCard(input());
    expect(sent).toEqual([{ request: 'setupCard', input: input() }]);
  });

  it('sends nothing for a time that has passed, says why, and keeps what was typed', async () => {
    setFieldValue('firstName', 'Ada');
    setSendChoice({ when: 'at', sendAt: localTime(-2 * HOUR) });
    await submitCard(input());
    expect(sent).toEqual([]);
    expect(form().scheduleProblem).toBe(
      'The chosen time has passed. Choose a later time, or send now.',
    );
    expect(form().values.firstName).toBe('Ada');
    expect(form().saving).toBe(false);
    // Changing the choice takes the refusal away; the field says anew what is wrong, if anything.
    setSendChoice({ sendAt: localTime(HOUR) });
    expect(form().scheduleProblem).toBeNull();
  });

  it('says a time that passed while the card was being prepared under the time field', async () => {
    setFieldValue('firstName', 'Ada');
    setSendChoice({ when: 'at', sendAt: localTime(HOUR) });
    // The clock moves on once saving has begun, as a large photo's preparation can take it.
    const realNow = Date.now.bind(Date);
    let shift = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + shift);
    const stop = useCardForm.subscribe((state) => {
      if (state.saving) shift = 2 * HOUR;
    });
    await submitCard(input());
    stop();
    vi.restoreAllMocks();
    expect(sent).toEqual([]);
    expect(form().error).toBeNull();
    expect(form().scheduleProblem).toBe(
      'The chosen time has passed. Choose a later time, or send now.',
    );
    expect(form().saving).toBe(false);
  });

  it('sends nothing when no time was typed, and asks for one', async () => {
    setSendChoice({ when: 'at' });
    await submitCard(input());
    expect(sent).toEqual([]);
    expect(form().scheduleProblem).toBe('Choose the date and time to send at.');
  });

  it('goes back to Now once the scheduled card is stored, so the next card is not held', async () => {
    setSendChoice({ when: 'at', sendAt: localTime(HOUR) });
    await submitCard(input());
    expect(form().sendChoice).toEqual(SEND_NOW);
    await submitCard(input());
    expect(sent[1]).toEqual({ request: 'setupCard', input: input() });
    expect(form().submittedSchedule).toBeNull();
  });

  it('keeps the chosen time when the card could not be stored', async () => {
    answer = { ok: false, error: { code: 'STORAGE_FAILED', message: 'Disk full.' } as never };
    const at = localTime(HOUR);
    setSendChoice({ when: 'at', sendAt: at });
    await submitCard(input());
    expect(form().sendChoice).toEqual({ ...SEND_NOW, when: 'at', sendAt: at });
  });
});

describe('editing a failed item', () => {
  const failed = {
    id: 5,
    action: 'setup',
    phoneNumber: NUMBER,
    fields: { firstName: 'Ada!' },
    lastError: {
      code: 'LINQ_REFUSED',
      message: 'Refused.',
      field: 'firstName',
      detail: 'Bad name',
    },
  } as unknown as OutboxItem;

  it('replaces the failed item when submitted', async () => {
    editItem(failed);
    await submitCard(input());
    expect(sent).toEqual([{ request: 'setupCard', input: { ...input(), replaces: 5 } }]);
  });

  it('marks the refused field with Linq’s reason until its value changes', () => {
    editItem(failed);
    const refused = form().refused;
    expect(refusalFor(refused, 'firstName', 'Ada!')).toContain('Bad name');
    expect(refusalFor(refused, 'firstName', 'Ada')).toBeNull();
    expect(refusalFor(refused, 'lastName', '')).toBeNull();
  });
});

describe('choosing a line that has a card', () => {
  const line = { phoneNumber: NUMBER, card: { firstName: 'Ada' } } as unknown as Line;

  it('loads the card into an empty form, as an update of it', async () => {
    await chooseLine(line, '(415) 555-0132');
    expect(form().values).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' });
    expect(form().editing?.action).toBe('update');
    expect(form().loadQuestion).toBeNull();
  });

  it('asks before replacing names already typed, and keeping them fills only the empty fields', async () => {
    setFieldValue('firstName', 'Augusta');
    await chooseLine(line, '(415) 555-0132');
    expect(form().loadQuestion?.card.phoneNumber).toBe(NUMBER);
    expect(form().values.firstName).toBe('Augusta');
    answerLoadQuestion('keep');
    expect(form().values).toMatchObject({ firstName: 'Augusta', lastName: 'Lovelace' });
    expect(form().editing?.action).toBe('update');
  });

  it('leaves the form alone when the number was typed on meanwhile', async () => {
    const choosing = chooseLine(line, '(415) 555-0132');
    setFieldValue('phone', '(415) 555-01');
    await choosing;
    expect(form().values.firstName).toBe('');
    expect(form().editing).toBeNull();
  });
});
