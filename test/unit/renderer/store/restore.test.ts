// The restore dialog's store (store/restore.ts) against a stand-in bridge: a confirmed plan goes
// out under one request id, kept when the same plan is sent again after an error (so main can
// answer with a restore it made already) and new for a new plan; a chosen time goes with it,
// in this computer's zone, and a held restore's outcome names its rollout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardVersion } from '../../../../shared/card-history.schema.ts';
import type { Result } from '../../../../shared/contract.ts';
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import type {
  RestorePlan,
  RestoreResult,
  RestoreVersionRequest,
} from '../../../../shared/versions.schema.ts';
import type * as Module from '../../../../renderer/src/store/restore.ts';
import { installFakeWindow } from '../../../support/fake-window.ts';

let store: typeof Module;
let sent: RestoreVersionRequest[];
/** What the next restoreVersion answers. */
let answers: Result<RestoreResult>[];

const VERSION = { id: 7, phoneNumber: '+14155550132', firstName: 'Acme' } as CardVersion;
const PLAN = {
  phoneNumber: VERSION.phoneNumber,
  versionId: VERSION.id,
  current: { firstName: 'Acme Corp', lastName: null, imageUrl: null },
  comparedWith: 'linq-now',
  pendingAhead: false,
  changes: [{ field: 'firstName', from: 'Acme Corp', to: 'Acme' }],
  image: 'none',
  sameAsNow: false,
} satisfies RestorePlan;
const LOST = { ok: false, error: { code: 'INTERNAL', message: 'Lost.' } } as Result<RestoreResult>;
const queued = (item: Partial<OutboxItem>): Result<RestoreResult> => ({
  ok: true,
  value: { status: 'queued', item: { id: 3, held: false, ...item } as OutboxItem },
});

beforeEach(async () => {
  sent = [];
  answers = [];
  installFakeWindow({
    planRestore: async () => ({ ok: true, value: { ...PLAN } }),
    restoreVersion: async (request) => {
      sent.push(request);
      return answers.shift() ?? queued({});
    },
  });
  vi.resetModules();
  store = await import('../../../../renderer/src/store/restore.ts');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const state = () => store.useRestore.getState();

describe('the request id', () => {
  it('is kept for a retry of the same plan, and new for a new plan', async () => {
    await store.openRestore(VERSION);
    answers = [LOST, queued({})];
    await store.confirmRestore();
    expect(state().error).toMatchObject({ message: 'Lost.' });
    await store.confirmRestore(); // Retry
    expect(sent).toHaveLength(2);
    expect(sent[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]!.requestId).toBe(sent[0]!.requestId);
    expect(state().outcome?.text).toMatch(/^Restore queued as #3/);

    await store.openRestore(VERSION); // a new plan, read again
    await store.confirmRestore();
    expect(sent[2]!.requestId).not.toBe(sent[0]!.requestId);
  });

  it('is new when the dialog is opened again after a failed try', async () => {
    await store.openRestore(VERSION);
    answers = [LOST];
    await store.confirmRestore();
    store.closeRestore();
    await store.openRestore(VERSION);
    await store.confirmRestore();
    expect(sent[1]!.requestId).not.toBe(sent[0]!.requestId);
  });

  it('is sent once for a double click', async () => {
    await store.openRestore(VERSION);
    await Promise.all([store.confirmRestore(), store.confirmRestore()]);
    expect(sent).toHaveLength(1);
  });
});

describe('a chosen time', () => {
  it('goes with the restore in this computer’s zone; the outcome names the held rollout', async () => {
    await store.openRestore(VERSION);
    store.setRestoreChoice({ when: 'at', sendAt: '2099-12-08T09:00' });
    answers = [queued({ id: 4, held: true, rolloutId: 9 })];
    await store.confirmRestore();
    expect(sent[0]!.schedule).toEqual({
      sendAt: new Date('2099-12-08T09:00').toISOString(),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    expect(state().outcome).toMatchObject({ held: { itemId: 4, rolloutId: 9 } });
    expect(state().version).toBeNull();
  });

  it('sends nothing without a time, and says where to look', async () => {
    await store.openRestore(VERSION);
    store.setRestoreChoice({ when: 'at' });
    await store.confirmRestore();
    expect(sent).toEqual([]);
    expect(state().choiceError).toMatch(/choose a time under “When to restore”/);
    store.setRestoreChoice({ when: 'now' });
    expect(state().choiceError).toBeNull();
    await store.confirmRestore();
    expect(sent[0]!.schedule).toBeUndefined();
  });
});
