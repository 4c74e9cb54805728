// An undo held back like an import, through the real services, the fake Linq API and SQLite:
// "one line first" sends one card back and nothing else until Send the rest (across a restart);
// a scheduled undo sends nothing before its time and goes at it (the services' clock moved);
// the Outbox's rollout names the undo and points at it, so its progress says what is held; the
// same request twice makes one undo and one rollout; a time that has passed is refused before
// anything is cancelled.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UndoPlan } from '../../shared/undo.schema.ts';
import type { ImportProgress } from '../../shared/import.schema.ts';
import type { RolloutOptions, RolloutSummary } from '../../shared/rollout.schema.ts';
import {
  drainUnrelated,
  rolloutNumber,
  rollouts,
  waitForAllDone,
  waitForRollout,
} from '../support/rollouts.ts';
import { movedClockHarness } from '../support/moved-clock.ts';
import { requireTestKeyring, type Harness } from '../support/services-harness.ts';
import { importFinished, progressOf, summaryRows, undoImport } from '../support/undo.ts';

requireTestKeyring();

const HOUR = 3_600_000;
const { clock, started } = movedClockHarness();

/** `count` cards at Linq renamed by an import (sent at once), finished. */
async function renamedByImport(h: Harness, count: number, first: number) {
  const numbers = Array.from({ length: count }, (_, i) => rolloutNumber(first + i));
  for (const phone of numbers) {
    h.fake.seedCard({ phone_number: phone, first_name: 'Old', last_name: 'Name' });
  }
  await h.value('syncCards');
  const imported = await h.value<ImportProgress>('importCards', {
    requestId: randomUUID(),
    fileName: 'stores.csv',
    rows: numbers.map((phoneNumber, i) => ({
      line: i + 2,
      action: 'update',
      phoneNumber,
      firstName: 'New',
      lastName: 'Brand',
    })),
    skipped: [],
  });
  await importFinished(h, imported.id);
  return { numbers, imported, ledgerAt: h.fake.ledger.length };
}

/** The numbers written since ledger entry `from`, in order. */
const writtenSince = (h: Harness, from: number, among: readonly string[]) =>
  h.fake.ledger
    .slice(from)
    .flatMap((entry) =>
      entry.phoneNumber && among.includes(entry.phoneNumber) ? [entry.phoneNumber] : [],
    );

const undoRollout = (
  h: Harness,
  undoId: number,
  done: (r: RolloutSummary) => boolean = () => true,
) => waitForRollout(h, (r) => r.importId === undoId && done(r));

describe('an undo sent to one line first', () => {
  it('sends one card back and nothing else until Send the rest, across a restart', async () => {
    const h = await started();
    const { numbers, imported, ledgerAt } = await renamedByImport(h, 4, 0);
    const requestId = randomUUID();
    const request = {
      requestId,
      importId: imported.id,
      include: [],
      rollout: { firstLineFirst: true },
    };
    const undo = await h.value<ImportProgress>('undoImport', request);
    expect(undo).toMatchObject({ fileName: 'Undo of stores.csv', total: 4 });

    const held = await undoRollout(h, undo.id, (r) => r.pilot?.outcome === 'done');
    expect(held).toMatchObject({
      label: 'Undo of stores.csv',
      state: 'held',
      pilot: { phoneNumber: numbers[0] },
      heldCount: 3,
      doneCount: 1,
    });
    // The same request again: the same undo, and no second rollout.
    expect((await h.value<ImportProgress>('undoImport', request)).id).toBe(undo.id);

    await h.restart();
    await drainUnrelated(h, 1);
    expect(writtenSince(h, ledgerAt, numbers)).toEqual([numbers[0]]);
    expect(h.fake.cards.get(numbers[1]!)).toMatchObject({ first_name: 'New' });
    // Its progress counts the held cards as still to send (the window says they are held).
    const progress = await progressOf(h, undo.id);
    expect(progress).toMatchObject({ finishedAt: null, counts: { updated: 1, pending: 3 } });
    expect((await rollouts(h)).filter((r) => r.importId === undo.id)).toHaveLength(1);

    await h.value('decideRollout', { id: held.id, action: 'send-rest' });
    await waitForAllDone(h, held.id);
    expect((await importFinished(h, undo.id)).counts).toMatchObject({ updated: 4, pending: 0 });
    expect(writtenSince(h, ledgerAt, numbers).sort()).toEqual([...numbers].sort());
    for (const phone of numbers) {
      expect(h.fake.cards.get(phone)).toMatchObject({ first_name: 'Old', last_name: 'Name' });
    }
  });
});

describe('a held undo cancelled in the Outbox', () => {
  it('undid nothing, so the import can be undone again; an undo itself cannot be undone', async () => {
    const h = await started();
    const { numbers, imported, ledgerAt } = await renamedByImport(h, 2, 20);
    clock.aheadMs = -HOUR;
    const schedule = { sendAt: new Date(Date.now()).toISOString(), timeZone: 'UTC' };
    const first = await undoImport(h, imported.id, { firstLineFirst: false, schedule });
    const scheduled = await undoRollout(h, first.id);
    await h.value('decideRollout', { id: scheduled.id, action: 'cancel' });
    expect((await importFinished(h, first.id)).counts).toMatchObject({ cancelled: 2 });
    expect(
      (await h.value<UndoPlan>('planUndoImport', { importId: imported.id })).undoneBy,
    ).toBeNull();

    clock.aheadMs = 0;
    const again = await undoImport(h, imported.id);
    expect(again.id).not.toBe(first.id);
    expect((await importFinished(h, again.id)).counts).toMatchObject({ updated: 2 });
    expect(writtenSince(h, ledgerAt, numbers).sort()).toEqual([...numbers].sort());
    expect(
      (await h.value<UndoPlan>('planUndoImport', { importId: imported.id })).undoneBy?.id,
    ).toBe(again.id);

    // An undo (or a restore job) is put right with a restore, not undone: main refuses it.
    const refused = await h.call('undoImport', {
      requestId: randomUUID(),
      importId: again.id,
      include: [],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await h.call('planUndoImport', { importId: again.id })).toMatchObject({ ok: false });
  });
});

describe('a scheduled undo', () => {
  it('sends nothing before its time, and goes at it', async () => {
    const h = await started();
    const { numbers, imported, ledgerAt } = await renamedByImport(h, 3, 10);
    // Made an hour before its time on the services' clock, which then moves on to it.
    clock.aheadMs = -HOUR;
    const schedule = { sendAt: new Date(Date.now()).toISOString(), timeZone: 'Europe/Berlin' };
    const undo = await undoImport(h, imported.id, { firstLineFirst: false, schedule });
    const scheduled = await undoRollout(h, undo.id);
    expect(scheduled).toMatchObject({
      label: 'Undo of stores.csv',
      state: 'scheduled',
      sendAt: schedule.sendAt,
      timeZone: 'Europe/Berlin',
      heldCount: 3,
    });
    await drainUnrelated(h, 10);
    expect(writtenSince(h, ledgerAt, numbers)).toEqual([]);
    expect((await progressOf(h, undo.id)).counts).toMatchObject({ pending: 3, updated: 0 });

    clock.aheadMs = 0;
    h.services.networkHint(); // as a wake from sleep would: the schedule's time has come
    const released = await undoRollout(h, undo.id, (r) => r.state === 'released');
    expect(released.releasedHow).toBe('on-time');
    await waitForAllDone(h, released.id);
    expect((await importFinished(h, undo.id)).counts).toMatchObject({ updated: 3 });
    expect(writtenSince(h, ledgerAt, numbers).sort()).toEqual([...numbers].sort());
  });

  it('is refused for a time that has passed, before a row not sent yet is cancelled', async () => {
    const h = await started();
    const phone = rolloutNumber(20);
    h.fake.seedCard({ phone_number: phone, first_name: 'Old' });
    await h.value('syncCards');
    await h.fake.goOffline();
    const imported = await h.value<ImportProgress>('importCards', {
      requestId: randomUUID(),
      fileName: 'late.csv',
      rows: [{ line: 2, action: 'update', phoneNumber: phone, firstName: 'New' }],
      skipped: [],
    });
    const [row] = await summaryRows(h, imported.id);
    await h.waitForItem(row!.outboxId!, (item) => item.state === 'waiting' && !!item.lastError);
    const past: RolloutOptions = {
      firstLineFirst: false,
      schedule: { sendAt: new Date(Date.now() - HOUR).toISOString(), timeZone: 'UTC' },
    };
    const refused = await h.call('undoImport', {
      requestId: randomUUID(),
      importId: imported.id,
      include: [],
      rollout: past,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(h.services.outboxSnapshot().items.find((i) => i.id === row!.outboxId)?.state).toBe(
      'waiting',
    );
    expect(await rollouts(h)).toEqual([]);
  });
});
