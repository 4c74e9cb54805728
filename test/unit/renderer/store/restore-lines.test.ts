// The "Restore lines to an earlier time" dialog's store (store/restore-lines.ts): a moment to
// come or none asks main nothing and sends nothing; a moment that has passed is planned with the
// list's search and filter; a plan that changed meanwhile (a later moment) wins; confirming
// sends the lines, the moment, this computer's zone, the count shown and the rollout chosen,
// once per request id; and a success follows the job on the Import screen's progress.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportProgress } from '../../../../shared/import.schema.ts';
import type {
  RestoreLinesPlan,
  RestoreLinesPlanRequest,
  RestoreLinesRequest,
} from '../../../../shared/restore-lines.schema.ts';
import { useImportFlow } from '../../../../renderer/src/features/import/store/import-flow.ts';
import { useImportRun } from '../../../../renderer/src/features/import/store/import-run.ts';
import { localInputValue } from '../../../../renderer/src/lib/rollout-choice.ts';
import {
  closeRestoreLines,
  confirmRestoreLines,
  momentProblem,
  openRestoreLines,
  setRestoreLinesRollout,
  setRestoreMoment,
  useRestoreLines,
} from '../../../../renderer/src/store/restore-lines.ts';
import { useView } from '../../../../renderer/src/store/view.ts';
import { deferred, installFakeWindow } from '../../../support/fake-window.ts';

const LINES = { query: 'acme', status: 'active' } as const;
const plan = (restore: number, blocking = 0): RestoreLinesPlan => ({
  at: '2026-12-03T13:00:00.000Z',
  key: 'a'.repeat(64),
  lines: 5,
  counts: { restore, unchanged: 1, noCardThen: 1, blocking, photoByAddress: 0 },
});
const PROGRESS: ImportProgress = {
  id: 9,
  fileName: 'Restore of 3 lines to 3 Dec 14:00',
  kind: 'restore',
  createdAt: '2026-12-07T12:00:00.000Z',
  total: 3,
  counts: {
    setUp: 0,
    updated: 0,
    failed: 0,
    cancelled: 0,
    needsDecision: 0,
    pending: 3,
    skipped: 2,
  },
  finishedAt: null,
};

let planned: RestoreLinesPlanRequest[];
let sent: RestoreLinesRequest[];
let answer: () => Promise<RestoreLinesPlan>;
let started: { ok: true; value: ImportProgress } | { ok: false; error: object };

const anHourAgo = () => localInputValue(Date.now() - 3_600_000);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  useRestoreLines.setState(useRestoreLines.getInitialState(), true);
  planned = [];
  sent = [];
  answer = async () => plan(3);
  started = { ok: false, error: { code: 'OFFLINE', message: 'Offline.' } };
  installFakeWindow({
    planRestoreLines: async (request: RestoreLinesPlanRequest) => {
      planned.push(request);
      return { ok: true, value: await answer() };
    },
    restoreLines: async (request: RestoreLinesRequest) => {
      sent.push(request);
      return started;
    },
    getImport: async () => ({ ok: true, value: PROGRESS }),
    listImportRows: async () => ({ ok: true, value: { total: 0, rows: [] } }),
  } as never);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('momentProblem', () => {
  const now = Date.parse('2026-12-07T12:00:00');
  it('wants a moment that has passed', () => {
    expect(momentProblem('', now)).toMatch(/Choose the date and time/);
    expect(momentProblem('2026-12-07T13:00', now)).toMatch(/has passed/);
    expect(momentProblem('2026-12-07T12:00', now)).toBeNull(); // this minute counts as passed
    expect(momentProblem('2026-12-03T14:00', now)).toBeNull();
  });
});

describe('the restore of lines', () => {
  it('asks main nothing until a moment that has passed is chosen', async () => {
    openRestoreLines(LINES, 5);
    setRestoreMoment(localInputValue(Date.now() + 3_600_000));
    await settle();
    expect(planned).toEqual([]);
    await confirmRestoreLines();
    expect(sent).toEqual([]);
    expect(useRestoreLines.getState().problem).toMatch(/Nothing was sent: choose a time that has/);

    const at = anHourAgo();
    setRestoreMoment(at);
    await settle();
    expect(planned).toEqual([{ lines: LINES, at: new Date(at).toISOString() }]);
    expect(useRestoreLines.getState().plan).toEqual(plan(3));
  });

  it('keeps the plan of the moment chosen last when an earlier answer comes late', async () => {
    openRestoreLines(LINES, 5);
    const slow = deferred<RestoreLinesPlan>();
    answer = () => slow.promise;
    setRestoreMoment(localInputValue(Date.now() - 7_200_000));
    await settle();
    answer = async () => plan(2);
    const later = anHourAgo();
    setRestoreMoment(later);
    slow.resolve(plan(4));
    await settle();
    await settle();
    expect(planned.at(-1)?.at).toBe(new Date(later).toISOString());
    expect(useRestoreLines.getState().plan?.counts.restore).toBe(2);
  });

  it('sends nothing while a line is still being sent, or when nothing goes back', async () => {
    openRestoreLines(LINES, 5);
    answer = async () => plan(3, 1);
    setRestoreMoment(anHourAgo());
    await settle();
    await confirmRestoreLines();
    answer = async () => plan(0);
    setRestoreMoment(anHourAgo());
    await settle();
    await confirmRestoreLines();
    expect(sent).toEqual([]);
  });

  it('sends the lines, the moment, the zone, the count shown and the choice, once per request', async () => {
    openRestoreLines(LINES, 5);
    const at = anHourAgo();
    setRestoreMoment(at);
    await settle();
    setRestoreLinesRollout({ firstLineFirst: true });
    await confirmRestoreLines();
    await confirmRestoreLines(); // a retry after the error: the same restore
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      requestId: expect.any(String),
      lines: LINES,
      at: new Date(at).toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      expectedPlan: 'a'.repeat(64),
      rollout: { firstLineFirst: true },
    });
    expect(sent[1]!.requestId).toBe(sent[0]!.requestId);
    expect(useRestoreLines.getState().error).toMatchObject({ code: 'OFFLINE' });
    // Another choice is another restore.
    setRestoreLinesRollout({ firstLineFirst: false });
    await confirmRestoreLines();
    expect(sent[2]!.requestId).not.toBe(sent[0]!.requestId);
    expect(sent[2]).not.toHaveProperty('rollout');
  });

  it('follows the restore on the Import screen once it has started', async () => {
    started = { ok: true, value: PROGRESS };
    openRestoreLines(LINES, 5);
    setRestoreMoment(anHourAgo());
    await settle();
    await confirmRestoreLines();
    expect(useRestoreLines.getState().lines).toBeNull();
    expect(useImportRun.getState().progress?.id).toBe(9);
    expect(useImportFlow.getState().step).toBe('progress');
    expect(useView.getState().view).toBe('import');
  });

  it('closes, but not while the restore is starting', async () => {
    openRestoreLines(LINES, 5);
    useRestoreLines.setState({ starting: true });
    closeRestoreLines();
    expect(useRestoreLines.getState().lines).toEqual(LINES);
    useRestoreLines.setState({ starting: false });
    closeRestoreLines();
    expect(useRestoreLines.getState().lines).toBeNull();
  });
});
