// The outbox's view state and the user's actions (store/outbox.ts) against a stand-in bridge:
// an action under way is not repeated, its failure is kept with its item, dialogs close only
// when main took the action, and finished uploads are forgotten.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../../shared/contract.ts';
import type { OutboxItem, OutboxSnapshot } from '../../../../shared/outbox.schema.ts';
import {
  applyUploadProgress,
  askToCancel,
  cancelItem,
  checkConnection,
  decide,
  findItem,
  openDecision,
  postponeDecisions,
  retryItem,
  useOutboxUi,
} from '../../../../renderer/src/store/outbox.ts';
import { useMainState } from '../../../../renderer/src/store/main-state.ts';
import { deferred, installFakeWindow } from '../../../support/fake-window.ts';

const item = (id: number) => ({ id, phoneNumber: `+1${id}` }) as unknown as OutboxItem;
const REFUSED = { code: 'INTERNAL', message: 'No.' } as never;

/** The answers main gives, in order; each request takes the next. */
let answers: ReturnType<typeof deferred<Result<OutboxItem>>>[];
let requests: string[];

function answered(name: string) {
  return async (input?: unknown) => {
    requests.push(`${name} ${JSON.stringify(input)}`);
    const answer = deferred<Result<OutboxItem>>();
    answers.push(answer);
    return answer.promise;
  };
}

beforeEach(() => {
  useOutboxUi.setState(useOutboxUi.getInitialState(), true);
  answers = [];
  requests = [];
  installFakeWindow({
    retryOutboxItem: answered('retry'),
    cancelOutboxItem: answered('cancel'),
    decideOutboxItem: answered('decide'),
    checkConnection: answered('check') as never,
  });
});

afterEach(() => vi.unstubAllGlobals());

const ui = () => useOutboxUi.getState();

describe('actions on items', () => {
  it('marks the item busy while the action runs, and does not send it twice', async () => {
    const first = retryItem(7);
    expect(ui().busy).toEqual({ 7: 'retry' });
    expect(await retryItem(7)).toBe(false);
    expect(requests).toEqual(['retry {"id":7}']);
    answers[0]!.resolve({ ok: true, value: item(7) });
    expect(await first).toBe(true);
    expect(ui().busy).toEqual({});
  });

  it('keeps a failed action’s error with its item', async () => {
    const retrying = retryItem(7);
    answers[0]!.resolve({ ok: false, error: REFUSED });
    expect(await retrying).toBe(false);
    expect(ui().error).toEqual({ id: 7, error: REFUSED });
    expect(ui().busy).toEqual({});
  });

  it('closes the cancel confirmation only when main cancelled the item', async () => {
    askToCancel(7);
    const failing = cancelItem(7);
    answers[0]!.resolve({ ok: false, error: REFUSED });
    await failing;
    expect(ui().confirmCancel).toBe(7);
    const cancelling = cancelItem(7);
    answers[1]!.resolve({ ok: true, value: item(7) });
    await cancelling;
    expect(ui().confirmCancel).toBeNull();
  });

  it('closes the decision dialog only when main took the decision', async () => {
    openDecision(7);
    const failing = decide(7, 'send-again');
    answers[0]!.resolve({ ok: false, error: REFUSED });
    await failing;
    expect(ui().decisionFor).toBe(7);
    const deciding = decide(7, 'send-again');
    answers[1]!.resolve({ ok: true, value: item(7) });
    await deciding;
    expect(ui().decisionFor).toBeNull();
    expect(requests.at(-1)).toBe('decide {"id":7,"decision":"send-again"}');
  });
});

describe('view state', () => {
  it('postpones each decision once', () => {
    postponeDecisions([1, 2]);
    postponeDecisions([2, 3]);
    expect(ui().postponed).toEqual([1, 2, 3]);
  });

  it('shows an upload until all its bytes are sent', () => {
    applyUploadProgress({ itemId: 4, sentBytes: 10, totalBytes: 100 });
    expect(ui().uploads[4]).toEqual({ itemId: 4, sentBytes: 10, totalBytes: 100 });
    applyUploadProgress({ itemId: 4, sentBytes: 100, totalBytes: 100 });
    expect(ui().uploads).toEqual({});
  });

  it('does not ask for a second connection check while one runs', async () => {
    const checking = checkConnection();
    void checkConnection();
    expect(requests).toEqual(['check undefined']);
    answers[0]!.resolve({ ok: true, value: item(0) });
    await checking;
    expect(ui().checking).toBe(false);
  });

  it('finds an item in the outbox main last sent', () => {
    useMainState.setState({ outbox: { items: [item(1), item(2)] } as unknown as OutboxSnapshot });
    expect(findItem(2)).toEqual(item(2));
    expect(findItem(3)).toBeNull();
    expect(findItem(null)).toBeNull();
  });
});
