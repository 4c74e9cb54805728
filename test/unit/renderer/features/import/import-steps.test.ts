// The Import screen's stores below the screen (renderer/src/features/import/store): the plan
// derived from the inputs after each change, the request id tied to the plan it was made
// for, and a confirm clicked twice sending one import. The parse runs the real import job
// through a stand-in Worker; main is a stand-in window.linq. Under test/unit/renderer/, like
// every test of renderer modules, so it is type-checked with DOM settings (tsconfig.e2e.json).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportRequest, KnownCard } from '../../../../../shared/import.schema.ts';
import type { LineList } from '../../../../../shared/lines.schema.ts';
import { runImportJob } from '../../../../../renderer/src/features/import/parse/import-job.ts';
import {
  decide,
  setIncludeOtherNumbers,
  setPasted,
  setPolicy,
  setRolloutChoice,
  startOver,
  stepFocused,
  useImportFlow,
} from '../../../../../renderer/src/features/import/store/import-flow.ts';
import { currentPlan } from '../../../../../renderer/src/features/import/store/import-plan-selectors.ts';
import { readPastedRows } from '../../../../../renderer/src/features/import/store/import-source.ts';
import { startImport } from '../../../../../renderer/src/features/import/store/import-steps.ts';
import { useLines } from '../../../../../renderer/src/store/lines.ts';

class InProcessWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private terminated = false;
  postMessage(data: unknown): void {
    const request = structuredClone(data) as Parameters<typeof runImportJob>[0];
    setTimeout(() => {
      void runImportJob(request, (message) => {
        const copy = structuredClone(message);
        setTimeout(() => {
          if (!this.terminated) this.onmessage?.({ data: copy });
        });
      });
    });
  }
  terminate(): void {
    this.terminated = true;
  }
}

const ADA = '+14155550101';
const BOB = '+14155550102';
const ADA_CARD: KnownCard = {
  phoneNumber: ADA,
  firstName: 'Ada',
  lastName: null,
  status: 'active',
  isActive: true,
  imageUrl: null,
  photoSha256: null,
};

function lineList(numbers: string[]): LineList {
  return {
    lines: numbers.map((phoneNumber, index) => ({
      id: `line-${index}`,
      phoneNumber,
      reputation: null,
      reputationDocUrl: null,
      card: null,
    })),
    refreshedAt: '2026-01-01T00:00:00.000Z',
    refreshing: false,
    error: null,
  };
}

const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value });

function progress(id: number) {
  const counts = {
    setUp: 0,
    updated: 0,
    failed: 0,
    cancelled: 0,
    needsDecision: 0,
    pending: 1,
    skipped: 0,
  };
  return { id, fileName: 'Pasted rows', createdAt: '', total: 1, counts, finishedAt: null };
}

let sent: ImportRequest[];
let importAnswer: () => Promise<unknown>;

beforeEach(async () => {
  sent = [];
  importAnswer = () => ok(progress(1));
  vi.stubGlobal('Worker', InProcessWorker);
  vi.stubGlobal('window', {
    linq: {
      lookupCards: () => ok({ cards: [ADA_CARD] }),
      checkImportImages: () => ok({ results: [] }),
      listImportRows: () => ok({ rows: [], total: 0 }),
      importCards: (request: ImportRequest) => {
        sent.push(request);
        return importAnswer();
      },
    },
  });
  // Both numbers are lines, so nothing is held back unless a test says otherwise.
  useLines.setState({ list: lineList([ADA, BOB]) });
  startOver();
  setPasted(`Phone\tFirst name\n${ADA}\tAda Lovelace\n${BOB}\tBob`);
  readPastedRows();
  await vi.waitFor(() => expect(useImportFlow.getState().known).not.toBeNull());
});

afterEach(() => {
  startOver();
  vi.unstubAllGlobals();
});

const actions = () => currentPlan().rows.map((row) => row.action);

describe('the plan is derived from the inputs', () => {
  it('follows each input as it changes', () => {
    // Ada has a card and the policy is 'skip'; Bob is new.
    expect(actions()).toEqual([null, 'setup']);
    expect(currentPlan().counts).toMatchObject({ setup: 1, skip: 1, hasCard: 1 });

    setPolicy('update');
    expect(actions()).toEqual(['update', 'setup']);

    setPolicy('ask');
    expect(currentPlan().counts.decide).toBe(1);
    decide(ADA, 'update');
    expect(actions()).toEqual(['update', 'setup']);
    decide(ADA, null);
    expect(currentPlan().rows[0]!.status).toBe('decide');

    // The account's lines change: Bob is no longer one, so his row is held back...
    useLines.setState({ list: lineList([ADA]) });
    expect(currentPlan().rows[1]).toMatchObject({ action: null, otherNumber: 'held-back' });
    // ...until the user includes such rows.
    setIncludeOtherNumbers(true);
    expect(currentPlan().rows[1]).toMatchObject({ action: 'setup', otherNumber: 'included' });
  });

  it('gives back the same plan while its inputs are the same', () => {
    const plan = currentPlan();
    expect(currentPlan()).toBe(plan);
    // Changes elsewhere in the store, and the lines re-published with the same numbers (as
    // main does when a line's card changes), do not re-plan.
    setPasted('typed');
    stepFocused();
    useLines.setState({ list: lineList([ADA, BOB]) });
    expect(currentPlan()).toBe(plan);
    setPolicy('update');
    expect(currentPlan()).not.toBe(plan);
  });
});

describe("the import's request id", () => {
  it('is kept for a retry of the same plan, even across re-derivations', async () => {
    importAnswer = () => Promise.resolve({ ok: false, error: { code: 'OFFLINE' } });
    await startImport();
    expect(useImportFlow.getState().submitError).not.toBeNull();
    const first = sent[0]!.requestId;
    expect(useImportFlow.getState().request?.id).toBe(first);

    // Things that make the plan be derived again without changing it do not drop the id.
    useLines.setState({ list: lineList([ADA, BOB]) });
    setPasted('something else');
    currentPlan();
    expect(useImportFlow.getState().request?.id).toBe(first);

    importAnswer = () => ok(progress(7));
    await startImport();
    expect(sent.map((request) => request.requestId)).toEqual([first, first]);
  });

  it('is new for a changed plan', async () => {
    importAnswer = () => Promise.resolve({ ok: false, error: { code: 'OFFLINE' } });
    await startImport();
    setPolicy('update');
    await startImport();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.requestId).not.toBe(sent[0]!.requestId);
    expect(sent[1]!.rows.map((row) => row.action)).toEqual(['update', 'setup']);
  });

  it('is sent once when confirm is clicked twice', async () => {
    const answers: ((value: unknown) => void)[] = [];
    importAnswer = () => new Promise((resolve) => answers.push(resolve));
    const first = startImport();
    const second = startImport();
    for (const answer of answers) answer({ ok: true, value: progress(3) });
    await Promise.all([first, second]);
    expect(sent).toHaveLength(1);
    expect(useImportFlow.getState().step).toBe('progress');
  });
});

describe('"How to send"', () => {
  it("goes out as the request's rollout; a changed choice after a failure gets a new id", async () => {
    importAnswer = () => Promise.resolve({ ok: false, error: { code: 'OFFLINE' } });
    setRolloutChoice({ firstLineFirst: true });
    await startImport();
    expect(sent[0]!.rollout).toEqual({ firstLineFirst: true });

    const sendAtMs = Date.now() + 3_600_000;
    const local = new Date(sendAtMs - new Date(sendAtMs).getTimezoneOffset() * 60_000);
    setRolloutChoice({ when: 'at', sendAt: local.toISOString().slice(0, 16) });
    await startImport();
    expect(sent[1]!.rollout).toMatchObject({
      firstLineFirst: true,
      schedule: { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    });
    expect(sent[1]!.requestId).not.toBe(sent[0]!.requestId);
  });

  it('sends nothing for a time that has passed, and points at the time', async () => {
    setRolloutChoice({ when: 'at', sendAt: '2020-01-01T09:00' });
    await startImport();
    expect(sent).toHaveLength(0);
    // The reason itself is under the time field (SendOptions); the button's error points there.
    expect(useImportFlow.getState().stepError).toMatch(/check the time under "How to send"/);
  });
});
