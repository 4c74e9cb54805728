// Putting several lines back to an earlier moment, through the real services, the fake Linq API
// and SQLite: cards changed by hand after the moment go back to the cards Linq had confirmed
// then, each sending exactly the fields that differ; a line with no card then is left alone and
// counted; a line already as then sends nothing; a change still in the Outbox refuses the
// restore; the same request id twice (even at once) makes one job; "one line first" holds the
// rest until Send the rest; and a photo whose address is gone goes back from this computer's
// copy, or, with none, the card goes back with its names only, counted before and said after.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardHistory } from '../../shared/card-history.schema.ts';
import type { ImportProgress } from '../../shared/import.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { RestoreLinesPlan } from '../../shared/restore-lines.schema.ts';
import type { RolloutOptions } from '../../shared/rollout.schema.ts';
import { rolloutNumber, waitForAllDone, waitForRollout } from '../support/rollouts.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';
import { readFixture } from '../support/image-bytes.ts';
import { cardWrites, importFinished, storePhoto, summaryRows } from '../support/undo.ts';
import { dropAttachmentAt, uploadedElsewhere } from '../support/uploaded-elsewhere.ts';

requireTestKeyring();

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await h.withKey();
});

afterEach(async () => {
  await h.close();
});

const ALL = { query: '', status: 'all' } as const;
const [A, B, C, LATE, SAME] = [0, 1, 2, 3, 4].map(rolloutNumber) as [
  string,
  string,
  string,
  string,
  string,
];

const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

async function send(name: 'setupCard' | 'updateCard', card: object): Promise<OutboxItem> {
  const item = await h.value<OutboxItem>(name, card);
  return h.waitForItem(item.id, finished);
}

/**
 * Four cards at Linq before the moment (A, B, C, SAME); after it A, B and C are changed by
 * hand and LATE is set up. Returns the moment.
 */
async function rebrandedByHand(): Promise<string> {
  for (const phone of [A, B, C, SAME]) {
    h.fake.seedCard({ phone_number: phone, first_name: 'Acme', last_name: 'Pharmacy' });
  }
  await h.value('syncCards');
  await sleep(20);
  const moment = new Date().toISOString();
  await sleep(20);
  await send('updateCard', { phoneNumber: A, firstName: 'Zen' });
  await send('updateCard', { phoneNumber: B, lastName: 'Health' });
  await send('updateCard', { phoneNumber: C, firstName: 'Zen', lastName: 'Health' });
  await send('setupCard', { phoneNumber: LATE, firstName: 'Zen', lastName: 'New' });
  return moment;
}

const plan = (at: string) => h.value<RestoreLinesPlan>('planRestoreLines', { lines: ALL, at });

/** Starts with the key of a plan shown earlier: the answer, a refusal included. */
const startAsShown = (at: string, shown: RestoreLinesPlan) =>
  h.call('restoreLines', {
    requestId: randomUUID(),
    lines: ALL,
    at,
    timeZone: 'Europe/Berlin',
    expectedPlan: shown.key,
  });

/** Plans, then starts with the plan's key, as the dialog does. */
async function restoreLines(
  at: string,
  more: { requestId?: string; rollout?: RolloutOptions } = {},
) {
  const { key } = await plan(at);
  return h.value<ImportProgress>('restoreLines', {
    requestId: more.requestId ?? randomUUID(),
    lines: ALL,
    at,
    timeZone: 'Europe/Berlin',
    expectedPlan: key,
    ...(more.rollout ? { rollout: more.rollout } : {}),
  });
}

/** The body each number's PATCH carried, from request `start` on. */
const patchesFrom = (start: number) =>
  Object.fromEntries(cardWrites(h, start).map((r) => [r.query.phone_number, r.body]));

describe('restoring lines to an earlier time', () => {
  it('puts each line back exactly as it was then, and leaves the others, saying why', async () => {
    const moment = await rebrandedByHand();
    expect(await plan(moment)).toMatchObject({
      lines: 5,
      counts: { restore: 3, unchanged: 1, noCardThen: 1, blocking: 0, photoByAddress: 0 },
    });
    const start = h.fake.requests.length;

    const job = await restoreLines(moment);
    expect(job.fileName).toMatch(/^Restore of 3 lines to \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}$/);
    expect(job.total).toBe(3);
    const done = await importFinished(h, job.id);
    expect(done.counts).toMatchObject({ updated: 3, skipped: 2, failed: 0, pending: 0 });

    // Exactly the differing fields, one PATCH per line, nothing for the others.
    expect(cardWrites(h, start).map((r) => r.method)).toEqual(['PATCH', 'PATCH', 'PATCH']);
    expect(patchesFrom(start)).toEqual({
      [A]: { first_name: 'Acme' },
      [B]: { last_name: 'Pharmacy' },
      [C]: { first_name: 'Acme', last_name: 'Pharmacy' },
    });
    for (const phone of [A, B, C, SAME]) {
      expect(h.fake.cards.get(phone)).toMatchObject({ first_name: 'Acme', last_name: 'Pharmacy' });
    }
    expect(h.fake.cards.get(LATE)).toMatchObject({ first_name: 'Zen', last_name: 'New' });

    const rows = await summaryRows(h, job.id);
    expect(rows.find((r) => r.phoneNumber === LATE)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('Linq has no way to delete a card'),
    });
    expect(rows.find((r) => r.phoneNumber === SAME)).toMatchObject({
      outcome: 'skipped',
      reason: 'Already as it was then.',
    });
    expect(rows.find((r) => r.phoneNumber === C)).toMatchObject({
      outcome: 'updated',
      firstName: 'Acme',
      lastName: 'Pharmacy',
    });

    // The History says each card was restored, from which version.
    const history = await h.value<CardHistory>('getCardHistory', { phoneNumber: A });
    const [now, , then] = history.versions;
    expect(then).toMatchObject({ firstName: 'Acme' });
    expect(now).toMatchObject({ firstName: 'Acme', madeBy: 'restore', restoredFrom: then!.id });
    // Afterwards, the lines are as they were then: a second plan finds nothing to send.
    expect((await plan(moment)).counts).toMatchObject({ restore: 0, unchanged: 4 });
  });

  it('makes one job for the same request id, even sent twice at once', async () => {
    const moment = await rebrandedByHand();
    const start = h.fake.requests.length;
    const requestId = randomUUID();
    const [first, second] = await Promise.all([
      restoreLines(moment, { requestId }),
      restoreLines(moment, { requestId }),
    ]);
    expect(second.id).toBe(first.id);
    await importFinished(h, first.id);
    expect((await restoreLines(moment, { requestId })).id).toBe(first.id);
    expect(cardWrites(h, start)).toHaveLength(3);
  });

  it('waits while a line has a change in the Outbox, and refuses a moment to come', async () => {
    const moment = await rebrandedByHand();
    // A change held for a time to come: not final, so the restore would race it.
    const schedule = {
      sendAt: new Date(Date.now() + 3_600_000).toISOString(),
      timeZone: 'Europe/Berlin',
    };
    await h.value('updateCard', { phoneNumber: B, firstName: 'Later', schedule });
    const waiting = await plan(moment);
    expect(waiting.counts).toMatchObject({ blocking: 1, restore: 2 });
    const start = h.fake.requests.length;
    const refused = await startAsShown(moment, waiting);
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('1 line has a change still in the Outbox') },
    });
    const future = await h.call('planRestoreLines', {
      lines: ALL,
      at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(cardWrites(h, start)).toEqual([]);
  });

  it('refuses a start whose plan changed since it was shown, sending nothing', async () => {
    const moment = await rebrandedByHand();
    const shown = await plan(moment);
    // The same number of lines, but one of them changed again meanwhile.
    await send('updateCard', { phoneNumber: SAME, firstName: 'Changed' });
    expect((await plan(moment)).lines).toBe(shown.lines);
    const start = h.fake.requests.length;
    const stale = await startAsShown(moment, shown);
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('have changed since') },
    });
    expect(cardWrites(h, start)).toEqual([]);
  });

  it('reads Linq again at the start: a card changed there since the plan stops it, then goes back in full', async () => {
    const moment = await rebrandedByHand();
    const shown = await plan(moment);
    expect(shown.counts).toMatchObject({ restore: 3, unchanged: 1 });
    // Changed at Linq (by another tool): this app has not seen it yet.
    h.fake.seedCard({ phone_number: SAME, first_name: 'Elsewhere', last_name: 'Pharmacy' });
    const start = h.fake.requests.length;
    const stale = await startAsShown(moment, shown);
    expect(stale).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('have changed since') },
    });
    expect(cardWrites(h, start)).toEqual([]);

    // Opened again, the plan has seen it: that line goes back too.
    expect((await plan(moment)).counts).toMatchObject({ restore: 4, unchanged: 0 });
    const job = await restoreLines(moment);
    expect((await importFinished(h, job.id)).counts).toMatchObject({ updated: 4 });
    expect(patchesFrom(start)[SAME]).toEqual({ first_name: 'Acme' });
  });

  it('sends one line first and holds the rest until Send the rest', async () => {
    const moment = await rebrandedByHand();
    const start = h.fake.requests.length;
    const job = await restoreLines(moment, { rollout: { firstLineFirst: true } });
    const held = await waitForRollout(
      h,
      (r) => r.importId === job.id && r.pilot?.outcome === 'done',
    );
    expect(held).toMatchObject({ label: job.fileName, state: 'held', heldCount: 2 });
    const first = held.pilot!.phoneNumber;
    expect(Object.keys(patchesFrom(start))).toEqual([first]);
    expect((await h.value<ImportProgress>('getImport', { id: job.id })).counts).toMatchObject({
      updated: 1,
      pending: 2,
    });

    await h.value('decideRollout', { id: held.id, action: 'send-rest' });
    await waitForAllDone(h, held.id);
    expect((await importFinished(h, job.id)).counts).toMatchObject({ updated: 3 });
    expect(Object.keys(patchesFrom(start)).sort()).toEqual([A, B, C].sort());
  });

  it('uploads the stored photo where its address is gone, else sends the names only', async () => {
    const photo = await storePhoto(h, 'photo.jpg');
    const setUp = await h.value<OutboxItem>('setupCard', {
      phoneNumber: A,
      firstName: 'Acme',
      photo,
    });
    await h.waitForItem(setUp.id, (item) => item.state === 'done');
    const ownUrl = h.fake.cards.get(A)!.image_url!;
    const foreignUrl = await uploadedElsewhere(h.fake, readFixture('photo.jpg'));
    h.fake.seedCard({ phone_number: B, first_name: 'Beta', image_url: foreignUrl });
    await h.value('syncCards');
    await sleep(20);
    const moment = new Date().toISOString();
    await sleep(20);
    const newImage = 'https://images.example.com/new-logo.png';
    await send('updateCard', { phoneNumber: A, imageUrl: newImage });
    await send('updateCard', { phoneNumber: B, firstName: 'Zen', imageUrl: newImage });
    dropAttachmentAt(h.fake, ownUrl);
    dropAttachmentAt(h.fake, foreignUrl);
    // Before anything is sent: one card's earlier photo is known only by its address.
    expect((await plan(moment)).counts).toMatchObject({ restore: 2, photoByAddress: 1 });

    const start = h.fake.requests.length;
    const job = await h.value<ImportProgress>('restoreLines', {
      requestId: randomUUID(),
      lines: ALL,
      at: moment,
      timeZone: 'UTC',
      expectedPlan: (await plan(moment)).key,
    });
    expect(await importFinished(h, job.id)).toMatchObject({
      kind: 'restore',
      counts: { updated: 2, failed: 0 },
    });
    const uploads = h.fake.requests.slice(start).filter((r) => r.path.endsWith('/attachments'));
    expect(uploads).toHaveLength(1);
    const patches = patchesFrom(start);
    expect(Object.keys(patches[A] as object)).toEqual(['image_url']);
    expect(patches[A]).not.toEqual({ image_url: ownUrl });
    expect(patches[B]).toEqual({ first_name: 'Beta' });
    const rows = await summaryRows(h, job.id);
    expect(rows.find((r) => r.phoneNumber === B)?.reason).toMatch(
      /names went back; the photo could not/,
    );
    expect(rows.find((r) => r.phoneNumber === A)?.reason).toBeNull();
  });
});
