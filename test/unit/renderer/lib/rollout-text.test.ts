// How a rollout reads in the Outbox: each state's sentence, the time in a named zone, and
// the choices it offers.
import { describe, expect, it } from 'vitest';
import type { RolloutSummary } from '../../../../shared/rollout.schema.ts';
import {
  duration,
  expectedLastText,
  heldText,
  lateNoticeText,
  linesToggleText,
  listedRollouts,
  rolloutActions,
  rolloutLineText,
  rolloutStateText,
  unnoticedLate,
  zonedTime,
} from '../../../../renderer/src/lib/rollout-text.ts';
import { outboxItem } from '../../../support/outbox-item.ts';

const base: RolloutSummary = {
  id: 3,
  label: 'stores.csv',
  importId: 1,
  state: 'held',
  pilot: { outboxId: 10, phoneNumber: '+14155553000', outcome: 'done' },
  sendAt: null,
  timeZone: null,
  total: 5,
  heldCount: 4,
  openCount: 0,
  doneCount: 1,
  cancelledCount: 0,
  lateByMs: null,
  sendsAt: null,
  lateLimitHours: 12,
  releasedHow: null,
  expectedLastAt: '2026-12-08T09:40:00Z',
  linesWaitingForBudget: 0,
};

describe('rollout text', () => {
  it('names the zone with the local time', () => {
    expect(zonedTime('2026-12-08T08:00:00Z', 'Europe/Berlin')).toMatch(/9:00.*\(Europe\/Berlin\)$/);
  });

  it('says what a held rollout waits for, by how its first line went', () => {
    expect(rolloutStateText(base, 'UTC')).toBe(
      'Held: waiting for you to check the first line (+14155553000) on a phone',
    );
    const sending = { ...base, pilot: { ...base.pilot!, outcome: 'pending' as const } };
    expect(rolloutStateText(sending, 'UTC')).toMatch(/^Sending the first line/);
    expect(rolloutActions(base).map((a) => a.label)).toEqual(['Send the rest', 'Cancel the rest']);
  });

  it('says when a scheduled one goes, and how late a late one is', () => {
    const scheduled = {
      ...base,
      state: 'scheduled' as const,
      pilot: null,
      sendAt: '2026-12-08T08:00:00Z',
    };
    expect(rolloutStateText(scheduled, 'UTC')).toMatch(/^Scheduled for .*8:00.*\(UTC\)$/);
    expect(rolloutActions(scheduled).map((a) => a.label)).toEqual(['Send now', 'Cancel']);
    const late = { ...scheduled, state: 'late' as const, lateByMs: 2 * 3_600_000 + 14 * 60_000 };
    expect(rolloutStateText(late, 'UTC')).toMatch(/2 h 14 min ago, while the app was not running/);
    expect(unnoticedLate([late, { ...late, id: 4, sendsAt: '2026-12-08T10:15:00Z' }])).toEqual([
      late,
    ]);
    expect(lateNoticeText({ ...late, heldCount: 1 }, '+1 303 555 0120', 'UTC')).toMatch(
      /^1 change to \+1 303 555 0120, .* is 2 h 14 min late because the app was not running\. It will be sent shortly unless you cancel\.$/,
    );
    const overdue = { ...late, state: 'overdue' as const, lateByMs: 3 * 24 * 3_600_000 };
    expect(lateNoticeText(overdue, 'stores.csv', 'UTC')).toMatch(
      /^4 changes to stores\.csv, .* are 3 days late .* nothing is sent until you choose\.$/,
    );
    expect(rolloutStateText(overdue, 'UTC')).toMatch(/3 days ago.*more than 12 h late/i);
  });

  it('gives the expected end, and the lines Linq’s limit holds back', () => {
    expect(expectedLastText(base, 'UTC')).toMatch(
      /^Once released, the last line should go at about 0?9:40( AM)?\.$/,
    );
    expect(expectedLastText({ ...base, linesWaitingForBudget: 2 }, 'UTC')).toMatch(
      /2 lines wait for Linq's limit/,
    );
    expect(expectedLastText({ ...base, expectedLastAt: null })).toBeNull();
    expect(duration(35 * 60_000)).toBe('35 min');
  });

  it('offers nothing once released or cancelled', () => {
    expect(rolloutActions({ ...base, state: 'released' })).toEqual([]);
    expect(rolloutActions({ ...base, state: 'cancelled' })).toEqual([]);
  });
});

describe('the status bar’s held changes', () => {
  it('adds up what open rollouts hold back, and says nothing when none', () => {
    const scheduled = { ...base, id: 4, state: 'scheduled' as const, heldCount: 1 };
    const released = { ...base, id: 5, state: 'released' as const, heldCount: 0 };
    expect(heldText([base, scheduled, released])).toBe('5 held or scheduled');
    expect(heldText([released])).toBeNull();
    expect(heldText([])).toBeNull();
  });
});

describe('a rollout’s lines', () => {
  const pilot = outboxItem({ id: 10, state: 'done', held: false, rolloutId: 3 });
  const heldLine = outboxItem({ id: 11, state: 'waiting', held: true, rolloutId: 3 });

  it('marks the line sent first, and says the others are held in the outbox’s words', () => {
    expect(rolloutLineText(pilot, base, null)).toEqual({
      label: 'Sent',
      tone: 'success',
      first: 'Sent first',
    });
    expect(rolloutLineText(heldLine, base, null)).toEqual({
      label: 'Held',
      tone: 'neutral',
      first: null,
    });
  });

  it('after Send the rest, a line reads as its Outbox row does', () => {
    const released = { ...base, state: 'released' as const };
    const sending = { ...heldLine, held: false, state: 'sending' as const };
    expect(rolloutLineText(sending, released, null).label).toBe('Sending');
    const decision = { ...heldLine, held: false, state: 'needs-decision' as const };
    expect(rolloutLineText(decision, released, null).label).toBe('Needs your decision');
    const cancelled = { ...heldLine, held: false, state: 'cancelled' as const };
    expect(rolloutLineText(cancelled, { ...base, state: 'cancelled' }, null).label).toBe(
      'Cancelled',
    );
  });

  it('a schedule’s lines wait for its time, the first one to go first', () => {
    const scheduled = { ...base, state: 'scheduled' as const };
    expect(rolloutLineText({ ...pilot, held: true, state: 'waiting' }, scheduled, null)).toEqual({
      label: 'Scheduled',
      tone: 'neutral',
      first: 'Goes first',
    });
    expect(rolloutLineText(heldLine, { ...scheduled, pilot: null }, null).first).toBeNull();
  });

  it('the button says how many lines, and what it does once open', () => {
    expect(linesToggleText(4, false)).toBe('Show the 4 lines');
    expect(linesToggleText(1, false)).toBe('Show the line');
    expect(linesToggleText(4, true)).toBe('Hide the lines');
    expect(linesToggleText(1, true)).toBe('Hide the line');
  });

  it('lists open rollouts, and finished ones only if their lines were opened', () => {
    const rollouts = [
      { ...base, id: 1, state: 'released' as const },
      { ...base, id: 2, state: 'held' as const },
      { ...base, id: 3, state: 'cancelled' as const },
      { ...base, id: 4, state: 'scheduled' as const },
    ];
    expect(listedRollouts(rollouts, []).map((r) => r.id)).toEqual([2, 4]);
    expect(listedRollouts(rollouts, [1, 9]).map((r) => r.id)).toEqual([1, 2, 4]);
  });
});
