// Schedules through the real services, the fake Linq API and SQLite, with the services' clock
// moved: a schedule goes at its time; one whose time passed while the app was not running is
// marked late and goes only after a window has shown it; beyond the late limit it waits for
// the user's Send now; Send now and Cancel work before its time.
import { describe, expect, it } from 'vitest';
import type { CardHistory } from '../../shared/card-history.schema.ts';
import type { AppState } from '../../shared/contract.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { RolloutSummary } from '../../shared/rollout.schema.ts';
import { movedClockHarness } from '../support/moved-clock.ts';
import { requireTestKeyring, type Harness } from '../support/services-harness.ts';
import {
  drainUnrelated,
  importWith,
  rolloutItems,
  rolloutNumber,
  rollouts,
  setupRows,
  waitForAllDone,
  waitForRollout,
  writtenNumbers,
} from '../support/rollouts.ts';

requireTestKeyring();

const HOUR = 3_600_000;
const { clock, started } = movedClockHarness();

const inAnHour = () => ({
  sendAt: new Date(Date.now() + clock.aheadMs + HOUR).toISOString(),
  timeZone: 'Europe/Berlin',
});

/** Three set-ups scheduled an hour ahead; the app then closes and the clock moves on. */
async function scheduledThenClosedFor(h: Harness, closedForMs: number, first: number) {
  clock.aheadMs = -closedForMs;
  await h.restart();
  const rows = setupRows(3, first);
  const numbers = rows.map((row) => row.phoneNumber);
  const schedule = inAnHour();
  await importWith(h, rows, { firstLineFirst: false, schedule });
  const [scheduled] = await rollouts(h);
  expect(scheduled).toMatchObject({
    state: 'scheduled',
    sendAt: new Date(schedule.sendAt).toISOString(),
    timeZone: 'Europe/Berlin',
    heldCount: 3,
  });
  expect(scheduled!.lateLimitHours).toBe(
    (await h.value<AppState>('getAppState')).settings.lateSendLimitHours,
  );
  // Planned from its time: fresh lines go at once then.
  expect(Date.parse(scheduled!.expectedLastAt!)).toBeGreaterThanOrEqual(
    Date.parse(schedule.sendAt),
  );
  clock.aheadMs += closedForMs;
  await h.restart();
  return { numbers, id: scheduled!.id };
}

describe('a schedule', () => {
  it('missed while the app was closed is late: nothing goes before the window has shown it', async () => {
    const h = await started();
    const { numbers, id } = await scheduledThenClosedFor(h, 2 * HOUR, 0);
    const late = await waitForRollout(h, (r) => r.id === id);
    expect(late).toMatchObject({ state: 'late', lateLimitHours: 12 });
    expect(late.lateByMs).toBeGreaterThanOrEqual(HOUR - 1_000);
    await drainUnrelated(h, 10);
    expect(writtenNumbers(h, numbers)).toEqual([]);

    const noticed = await h.value<RolloutSummary>('rolloutNoticeShown', { id });
    expect(['late', 'released']).toContain(noticed.state);
    const released = await waitForRollout(h, (r) => r.id === id && r.state === 'released');
    expect(released.releasedHow).toBe('late');
    await waitForAllDone(h, id);
    expect(writtenNumbers(h, numbers).sort()).toEqual([...numbers].sort());
  });

  it('beyond the late limit waits for the user: the notice alone sends nothing, Send now does', async () => {
    const h = await started();
    const { numbers, id } = await scheduledThenClosedFor(h, 3 * 24 * HOUR, 10);
    const overdue = await waitForRollout(h, (r) => r.id === id);
    expect(overdue.state).toBe('overdue');
    expect(await h.value<RolloutSummary>('rolloutNoticeShown', { id })).toMatchObject({
      state: 'overdue',
    });
    await drainUnrelated(h, 11);
    expect(writtenNumbers(h, numbers)).toEqual([]);

    const sent = await h.value<RolloutSummary>('decideRollout', { id, action: 'send-now' });
    expect(sent).toMatchObject({ state: 'released', releasedHow: 'send-now' });
    await waitForAllDone(h, id);
    expect(writtenNumbers(h, numbers).sort()).toEqual([...numbers].sort());
  });

  it('a limit of 0 hours always asks, however little late', async () => {
    const h = await started();
    await h.value('updateSettings', { lateSendLimitHours: 0 });
    const { numbers, id } = await scheduledThenClosedFor(h, HOUR + 10 * 60_000, 20);
    expect((await waitForRollout(h, (r) => r.id === id)).state).toBe('overdue');
    await drainUnrelated(h, 21);
    expect(writtenNumbers(h, numbers)).toEqual([]);
  });

  it('goes at its time while the app runs, and a single change can be scheduled', async () => {
    const h = await started();
    const phoneNumber = rolloutNumber(30);
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber,
      firstName: 'Soon',
      schedule: { sendAt: new Date(Date.now() + 1_500).toISOString(), timeZone: 'UTC' },
    });
    expect(item).toMatchObject({ held: true, state: 'waiting' });
    const [scheduled] = await rollouts(h);
    expect(scheduled).toMatchObject({ label: phoneNumber, state: 'scheduled', heldCount: 1 });
    // History says it is held back, not that it goes as soon as Linq can be reached.
    const history = await h.value<CardHistory>('getCardHistory', { phoneNumber });
    expect(history.events.map((e) => [e.kind, e.detail])).toEqual([
      ['held', expect.stringContaining(`held back with rollout #${scheduled!.id}`)],
    ]);
    await drainUnrelated(h, 30);
    expect(writtenNumbers(h, [phoneNumber])).toEqual([]);
    const done = await h.waitForItem(item.id, (i) => i.state === 'done');
    expect(done.held).toBe(false);
    expect((await rollouts(h))[0]).toMatchObject({ state: 'released', releasedHow: 'on-time' });
    expect(writtenNumbers(h, [phoneNumber])).toEqual([phoneNumber]);
  });

  it('Send now sends it before its time; Cancel sends nothing; a past time is refused', async () => {
    const h = await started();
    const early = setupRows(2, 40);
    await importWith(h, early, { firstLineFirst: false, schedule: inAnHour() });
    const cancelled = setupRows(2, 50);
    await importWith(h, cancelled, { firstLineFirst: false, schedule: inAnHour() });
    const [first, second] = await rollouts(h);

    await h.value('decideRollout', { id: second!.id, action: 'cancel' });
    await h.value('decideRollout', { id: first!.id, action: 'send-now' });
    await waitForAllDone(h, first!.id);
    await drainUnrelated(h, 40);
    expect(
      writtenNumbers(
        h,
        cancelled.map((row) => row.phoneNumber),
      ),
    ).toEqual([]);
    expect((await rolloutItems(h, second!.id)).map((i) => i.state)).toEqual([
      'cancelled',
      'cancelled',
    ]);

    const past = await h.call('setupCard', {
      phoneNumber: rolloutNumber(60),
      firstName: 'Late',
      schedule: { sendAt: new Date(Date.now() - 10 * 60_000).toISOString(), timeZone: 'UTC' },
    });
    expect(past).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('with one line first sends that line at its time, and holds the rest', async () => {
    const h = await started();
    const rows = setupRows(3, 70);
    const numbers = rows.map((row) => row.phoneNumber);
    await importWith(h, rows, { firstLineFirst: true, schedule: inAnHour() });
    const [scheduled] = await rollouts(h);
    await h.value('decideRollout', { id: scheduled!.id, action: 'send-now' });
    const held = await waitForRollout(h, (r) => r.pilot?.outcome === 'done');
    expect(held).toMatchObject({ state: 'held', heldCount: 2 });
    await drainUnrelated(h, 70);
    expect(writtenNumbers(h, numbers)).toEqual([numbers[0]]);
  });
});

it('refuses a schedule in a time zone nobody knows, before anything is stored', async () => {
  const h = await started();
  const refused = await h.call('setupCard', {
    phoneNumber: rolloutNumber(80),
    firstName: 'Nowhere',
    schedule: { sendAt: new Date(Date.now() + HOUR).toISOString(), timeZone: 'Mars/Olympus' },
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await rollouts(h)).toEqual([]);
});
