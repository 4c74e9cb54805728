// Restoring an earlier version through the real services and the fake Linq API: only the
// fields that differ from the card Linq shows now are sent, as one update through the outbox;
// a card changed at Linq since is compared as Linq has it; an image address that no longer
// serves an image makes the stored photo go up again; with neither, nothing at all is sent;
// a restore interrupted by a restart is still sent exactly once; the same request id (twice,
// at once, or after a restart) makes one restore; and a scheduled restore waits for its time.
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhotoRef } from '../../shared/card.schema.ts';
import type { CardHistory, CardVersion } from '../../shared/card-history.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { Schedule } from '../../shared/rollout.schema.ts';
import type { RestorePlan, RestoreResult } from '../../shared/versions.schema.ts';
import { ONLY_GONE_PHOTO_DIFFERS_NOTE } from '../../shared/versions.rules.ts';
import { readFixture } from '../support/image-bytes.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';
import { dropAttachmentAt, uploadedElsewhere } from '../support/uploaded-elsewhere.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
const HOUR = 3_600_000;
let h: Harness;
/** How far the services' clock is ahead of the real one (a schedule's time is reached). */
let aheadMs = 0;

beforeEach(async () => {
  aheadMs = 0;
  h = await startHarness({ clock: () => new Date(Date.now() + aheadMs) });
  await h.withKey();
});

afterEach(async () => {
  await h.close();
});

const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

async function send(name: 'setupCard' | 'updateCard', card: object): Promise<OutboxItem> {
  const item = await h.value<OutboxItem>(name, { phoneNumber: NUMBER, ...card });
  return h.waitForItem(item.id, finished);
}

async function versionsOf(): Promise<CardVersion[]> {
  return (await h.value<CardHistory>('getCardHistory', { phoneNumber: NUMBER })).versions;
}

/** The requests that write: card writes and attachment uploads (not reads). */
const writesFrom = (start: number) =>
  h.fake.requests
    .slice(start)
    .filter((r) => r.method !== 'GET')
    .map((r) => ({ method: r.method, path: r.path, body: r.body }));

async function storePhoto(fixture: string): Promise<PhotoRef> {
  const bytes = readFixture(fixture);
  return h.value<PhotoRef>('storePhoto', {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentType: fixture.endsWith('.png') ? 'image/png' : 'image/jpeg',
    base64: Buffer.from(bytes).toString('base64'),
  });
}

async function restore(
  versionId: number,
  namesOnly?: boolean,
  more: { requestId?: string; schedule?: Schedule } = {},
): Promise<RestoreResult> {
  return h.value<RestoreResult>('restoreVersion', {
    phoneNumber: NUMBER,
    versionId,
    requestId: randomUUID(),
    ...(namesOnly ? { namesOnly } : {}),
    ...more,
  });
}

async function restored(result: RestoreResult): Promise<OutboxItem> {
  expect(result.status).toBe('queued');
  if (result.status !== 'queued') throw new Error('not queued');
  return h.waitForItem(result.item.id, finished);
}

describe('restoring a version', () => {
  it('sends exactly the fields that differ, once, and records a version restored from it', async () => {
    await send('setupCard', { firstName: 'Acme', lastName: 'Support' });
    await send('updateCard', { lastName: 'Help' });
    const [, first] = await versionsOf();
    const start = h.fake.requests.length;

    const plan = await h.value<RestorePlan>('planRestore', {
      phoneNumber: NUMBER,
      versionId: first!.id,
    });
    expect(plan).toMatchObject({
      comparedWith: 'linq-now',
      sameAsNow: false,
      changes: [{ field: 'lastName', from: 'Help', to: 'Support' }],
      image: 'none',
    });
    const item = await restored(await restore(first!.id));
    expect(item.state).toBe('done');

    const writes = writesFrom(start);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.method).toBe('PATCH');
    expect(writes[0]!.body).toEqual({ last_name: 'Support' });
    expect(h.fake.cards.get(NUMBER)).toMatchObject({ first_name: 'Acme', last_name: 'Support' });
    const [now] = await versionsOf();
    expect(now).toMatchObject({
      lastName: 'Support',
      madeBy: 'restore',
      restoredFrom: first!.id,
      outboxId: item.id,
      current: true,
    });
  });

  it('sends nothing for the version Linq shows now', async () => {
    await send('setupCard', { firstName: 'Acme', lastName: 'Support' });
    const [current] = await versionsOf();
    const start = h.fake.requests.length;
    const plan = await h.value<RestorePlan>('planRestore', {
      phoneNumber: NUMBER,
      versionId: current!.id,
    });
    expect(plan).toMatchObject({ sameAsNow: true, changes: [] });
    expect(await restore(current!.id)).toMatchObject({ status: 'same-as-now' });
    expect(writesFrom(start)).toEqual([]);
    expect(h.services.outboxSnapshot().items).toHaveLength(1); // the set-up only
  });

  it('compares with the card Linq shows now when it was changed elsewhere since', async () => {
    await send('setupCard', { firstName: 'Acme', lastName: 'Support' });
    await send('updateCard', { firstName: 'Acme Corp' });
    const [, first] = await versionsOf();
    // Changed at Linq (another tool): the first name as the version had it, the last name not.
    Object.assign(h.fake.cards.get(NUMBER)!, { first_name: 'Acme', last_name: 'Elsewhere' });
    const start = h.fake.requests.length;

    const item = await restored(await restore(first!.id));
    expect(item.state).toBe('done');
    const writes = writesFrom(start);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toEqual({ last_name: 'Support' });
    // The change made elsewhere became a version first, as a sync would have made it.
    expect((await versionsOf()).map((v) => [v.firstName, v.lastName, v.madeBy])).toEqual([
      ['Acme', 'Support', 'restore'],
      ['Acme', 'Elsewhere', 'seen-at-linq'],
      ['Acme Corp', 'Support', 'submission'],
      ['Acme', 'Support', 'submission'],
    ]);
  });

  it('sends the old image address again while it still serves an image', async () => {
    const logo = await storePhoto('photo.jpg');
    await send('setupCard', { firstName: 'Acme', photo: logo });
    await send('updateCard', { photo: await storePhoto('transparent.png') });
    const [, first] = await versionsOf();
    const start = h.fake.requests.length;
    const plan = await h.value<RestorePlan>('planRestore', {
      phoneNumber: NUMBER,
      versionId: first!.id,
    });
    expect(plan.image).toBe('old-address');
    await restored(await restore(first!.id));
    const writes = writesFrom(start);
    expect(writes).toEqual([
      {
        method: 'PATCH',
        path: '/api/partner/v3/contact_card',
        body: { image_url: first!.imageUrl },
      },
    ]);
    expect((await versionsOf())[0]).toMatchObject({
      imageUrl: first!.imageUrl,
      photoSha256: logo.sha256,
      madeBy: 'restore',
    });
  });

  it('uploads the stored photo again when the old address no longer serves an image', async () => {
    const logo = await storePhoto('photo.jpg');
    await send('setupCard', { firstName: 'Acme', photo: logo });
    await send('updateCard', {
      firstName: 'Acme Corp',
      photo: await storePhoto('transparent.png'),
    });
    const [, first] = await versionsOf();
    dropAttachmentAt(h.fake, first!.imageUrl!);
    const start = h.fake.requests.length;

    const plan = await h.value<RestorePlan>('planRestore', {
      phoneNumber: NUMBER,
      versionId: first!.id,
    });
    expect(plan.image).toBe('re-upload');
    await restored(await restore(first!.id));
    const writes = writesFrom(start);
    // A new attachment (reserved, then its bytes), then one PATCH with its new address: the
    // cached address of the dropped upload is not reused.
    expect(
      writes.map((w) => `${w.method} ${w.path.replace(/\/__uploads\/.*/, '/__uploads/*')}`),
    ).toEqual([
      'POST /api/partner/v3/attachments',
      'PUT /__uploads/*',
      'PATCH /api/partner/v3/contact_card',
    ]);
    const patch = writes[2]!.body as Record<string, string>;
    expect(Object.keys(patch).sort()).toEqual(['first_name', 'image_url']);
    expect(patch.image_url).not.toBe(first!.imageUrl);
    expect(h.fake.cards.get(NUMBER)).toMatchObject({
      first_name: 'Acme',
      image_url: patch.image_url,
    });
    expect((await versionsOf())[0]).toMatchObject({ photoSha256: logo.sha256, madeBy: 'restore' });
  });

  it('refuses before sending anything when neither the address nor the photo remains', async () => {
    // A card set up elsewhere with an image this computer has no photo of, later replaced.
    h.fake.seedCard({
      phone_number: NUMBER,
      first_name: 'Other',
      image_url: await uploadedElsewhere(h.fake, readFixture('photo.jpg')),
    });
    await h.value('syncCards');
    await send('updateCard', {
      firstName: 'Acme Corp',
      photo: await storePhoto('transparent.png'),
    });
    const [, byAddress] = await versionsOf();
    expect(byAddress).toMatchObject({ firstName: 'Other', photoSha256: null });
    dropAttachmentAt(h.fake, byAddress!.imageUrl!);
    const start = h.fake.requests.length;

    const plan = await h.value<RestorePlan>('planRestore', {
      phoneNumber: NUMBER,
      versionId: byAddress!.id,
    });
    expect(plan.image).toBe('unavailable');
    expect(await restore(byAddress!.id)).toMatchObject({ status: 'image-unavailable' });
    expect(writesFrom(start)).toEqual([]);

    // The names only, when the user agrees.
    await restored(await restore(byAddress!.id, true));
    const writes = writesFrom(start);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toEqual({ first_name: 'Other' });
  });

  it('says only the gone photo differs when the names already match, and sends nothing', async () => {
    h.fake.seedCard({
      phone_number: NUMBER,
      first_name: 'Other',
      image_url: await uploadedElsewhere(h.fake, readFixture('photo.jpg')),
    });
    await h.value('syncCards');
    await send('updateCard', { photo: await storePhoto('transparent.png') });
    const [, byAddress] = await versionsOf();
    expect(byAddress).toMatchObject({ firstName: 'Other', photoSha256: null });
    dropAttachmentAt(h.fake, byAddress!.imageUrl!);
    const start = h.fake.requests.length;

    expect(await restore(byAddress!.id, true)).toMatchObject({
      status: 'same-as-now',
      message: ONLY_GONE_PHOTO_DIFFERS_NOTE,
    });
    expect(writesFrom(start)).toEqual([]);
  });

  it('is sent exactly once across a restart while it is being sent', async () => {
    await send('setupCard', { firstName: 'Acme', lastName: 'Support' });
    await send('updateCard', { lastName: 'Help' });
    const [, first] = await versionsOf();
    h.fake.setLatency(400);
    const result = await restore(first!.id);
    expect(result.status).toBe('queued');
    const id = result.status === 'queued' ? result.item.id : 0;
    await h.waitForItem(id, (item) => item.state === 'sending');
    await h.restart();
    await h.withKey();
    h.fake.setLatency(0);
    const item = await h.waitForItem(id, finished);
    expect(item.state).toBe('done');
    const applied = h.fake.ledger.filter(
      (entry) =>
        entry.effect === 'card.updated' &&
        (entry.body as { last_name?: string }).last_name === 'Support',
    );
    expect(applied).toHaveLength(1);
    expect((await versionsOf())[0]).toMatchObject({ madeBy: 'restore', restoredFrom: first!.id });
  });
});

describe('one restore per request', () => {
  /** Two versions of the card, and the first one to restore: its last name differs now. */
  async function twoVersions(): Promise<CardVersion> {
    await send('setupCard', { firstName: 'Acme', lastName: 'Support' });
    await send('updateCard', { lastName: 'Help' });
    const [, first] = await versionsOf();
    return first!;
  }

  const patchesFrom = (start: number) => writesFrom(start).filter((w) => w.method === 'PATCH');

  it('answers the same request again with the same item, sequentially and at once', async () => {
    const first = await twoVersions();
    const start = h.fake.requests.length;
    const requestId = randomUUID();
    const once = await restore(first.id, false, { requestId });
    const item = await restored(once);
    // Sent already: without the id, the same request would now be "same as now" (or, before
    // the send, the whole version again after it).
    const again = await restore(first.id, false, { requestId });
    expect(again).toMatchObject({ status: 'queued', item: { id: item.id } });

    // Two identical requests racing: both read Linq's card before either enqueues.
    await send('updateCard', { lastName: 'Help again' });
    const racing = randomUUID();
    const beforeRace = h.fake.requests.length;
    h.fake.setLatency(150);
    const [a, b] = await Promise.all([
      restore(first.id, false, { requestId: racing }),
      restore(first.id, false, { requestId: racing }),
    ]);
    h.fake.setLatency(0);
    expect(a.status).toBe('queued');
    expect(b).toMatchObject({
      status: 'queued',
      item: { id: a.status === 'queued' ? a.item.id : 0 },
    });
    await restored(a);
    await drainOthers();
    const items = h.services.outboxSnapshot().items.filter((i) => i.phoneNumber === NUMBER);
    expect(items).toHaveLength(5); // set-up, two updates, and one restore per request id
    expect(patchesFrom(start).map((w) => w.body)).toEqual([
      { last_name: 'Support' },
      { last_name: 'Help again' },
      { last_name: 'Support' },
    ]);
    expect(patchesFrom(beforeRace)).toHaveLength(1);
  });

  it('answers with the same item after a restart, sending nothing new', async () => {
    const first = await twoVersions();
    const requestId = randomUUID();
    const item = await restored(await restore(first.id, false, { requestId }));
    await h.restart();
    await h.withKey();
    const start = h.fake.requests.length;
    const again = await restore(first.id, false, { requestId });
    expect(again).toMatchObject({ status: 'queued', item: { id: item.id, state: 'done' } });
    await drainOthers();
    expect(patchesFrom(start)).toEqual([]);
  });

  it('refuses a request id already used for another version', async () => {
    const first = await twoVersions();
    const requestId = randomUUID();
    await restored(await restore(first.id, false, { requestId }));
    const [, second] = await versionsOf();
    const refused = await h.call('restoreVersion', {
      phoneNumber: NUMBER,
      versionId: second!.id,
      requestId,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('waits for its chosen time, then sends exactly the fields that differ', async () => {
    await send('setupCard', { firstName: 'Acme', lastName: 'Support', imageUrl: undefined });
    await send('updateCard', { firstName: 'Acme Corp', lastName: 'Help' });
    const [, first] = await versionsOf();
    const start = h.fake.requests.length;
    const sendAt = new Date(Date.now() + HOUR);
    const result = await restore(first!.id, false, {
      schedule: { sendAt: sendAt.toISOString(), timeZone: 'Europe/Berlin' },
    });
    expect(result).toMatchObject({ status: 'queued', item: { held: true, state: 'waiting' } });
    const id = result.status === 'queued' ? result.item.id : 0;
    const [rollout] = h.services.outboxSnapshot().rollouts ?? [];
    expect(rollout).toMatchObject({
      state: 'scheduled',
      heldCount: 1,
      timeZone: 'Europe/Berlin',
      sendAt: sendAt.toISOString(),
    });
    await drainOthers();
    expect(patchesFrom(start)).toEqual([]);

    aheadMs = HOUR + 30_000; // its time has come while the app runs
    h.services.networkHint(); // as a wake from sleep: schedules are judged again
    const item = await h.waitForItem(id, finished);
    expect(item).toMatchObject({ state: 'done', held: false });
    expect(patchesFrom(start).map((w) => w.body)).toEqual([
      { first_name: 'Acme', last_name: 'Support' },
    ]);
    expect((await versionsOf())[0]).toMatchObject({ madeBy: 'restore', restoredFrom: first!.id });
  });
});

/** An unrelated card (a new number each time), set up and done: what was due has gone. */
let others = 0;
async function drainOthers(): Promise<void> {
  const item = await h.value<OutboxItem>('setupCard', {
    phoneNumber: `+1415555019${others++}`,
    firstName: 'Other',
  });
  await h.waitForItem(item.id, finished);
}
