// What the outbox row, the status bar and the New card screen say when Linq's own limits hold
// a change back: the number's 3 writes in 10 minutes (until when), a line on hold after
// 503/4004, a card stored but not active (next check), and changes combined into one request.
import { describe, expect, it } from 'vitest';
import {
  carriesText,
  combinedByCarrier,
  describeBehind,
  describeItem,
  historyNote,
  limitWait,
  openItemsByNumber,
  queuedBehindLimit,
  submissionTitle,
} from '../../../../renderer/src/lib/outbox-text.ts';
import { shortClock } from '../../../../renderer/src/lib/clock.ts';
import { appError } from '../../../../shared/errors.schema.ts';
import type { OutboxItem, OutboxStatus } from '../../../../shared/outbox.schema.ts';
import { outboxItem } from '../../../support/outbox-item.ts';

const status: OutboxStatus = {
  connection: 'reachable',
  unreachableReason: null,
  pausedBy: null,
  counts: { waiting: 1, sending: 0, inDoubt: 0, needsDecision: 0, failed: 0 },
  nextAttemptAt: null,
};

// Local times, so the expectations hold in any time zone.
const NOW = new Date(2026, 11, 7, 14, 5).getTime();
const AT_1420 = new Date(2026, 11, 7, 14, 20).toISOString();
const TOMORROW_0930 = new Date(2026, 11, 8, 9, 30).toISOString();

const item = (patch: Partial<OutboxItem>): OutboxItem =>
  outboxItem({
    ...{
      id: 13,
      action: 'update',
      createdAt: '2026-12-07T00:00:00.000Z',
      updatedAt: '2026-12-07T00:00:00.000Z',
    },
    ...patch,
  });

describe('shortClock', () => {
  it('is the time alone today, and the time with the date on another day', () => {
    expect(shortClock(AT_1420, NOW, 'en-GB')).toBe('14:20');
    expect(shortClock(TOMORROW_0930, NOW, 'en-GB')).toBe('8 Dec, 9:30');
    expect(shortClock(AT_1420, NOW, 'en-US')).toBe('2:20 PM');
  });
});

describe('describeItem under Linq’s limits', () => {
  it('says a change kept back by the write budget waits for Linq’s limit, until when', () => {
    const text = describeItem(
      item({ waitingFor: 'write-budget', nextAttemptAt: AT_1420 }),
      status,
      NOW,
      'en-GB',
    );
    expect(text.label).toBe('Waiting for Linq’s limit');
    expect(text.line).toBe(
      'This line has had 3 changes in the last 10 minutes, Linq’s limit. This change is sent at 14:20; changes made meanwhile are combined with it.',
    );
  });

  it('gives the date too when the wait ends on another day', () => {
    const text = describeItem(
      item({ waitingFor: 'write-budget', nextAttemptAt: TOMORROW_0930 }),
      status,
      NOW,
      'en-GB',
    );
    expect(text.line).toContain('This change is sent at 8 Dec, 9:30;');
  });

  it('says a line on hold after 503/4004 is held until when, and why not to send sooner', () => {
    const text = describeItem(
      item({
        waitingFor: 'line-hold',
        nextAttemptAt: AT_1420,
        attempts: 1,
        lastError: appError('LINE_WRITE_LIMITED'),
      }),
      status,
      NOW,
      'en-GB',
    );
    expect(text.label).toBe('Line on hold');
    expect(text.tone).toBe('warning');
    expect(text.line).toContain('holding back changes to this line until 14:20');
    expect(text.line).toContain('sending sooner would make the hold longer');
  });

  it('says a card Linq keeps not active is checked again at a time, with the reason', () => {
    const text = describeItem(
      item({
        state: 'in-doubt',
        attempts: 1,
        nextAttemptAt: AT_1420,
        lastError: appError('CARD_NOT_ACTIVE'),
      }),
      status,
      NOW,
      'en-GB',
    );
    expect(text.label).toBe('Not active yet');
    expect(text.line).toMatch(/^Not active yet — next check at 14:20\. Linq stored the card/);
    // An ordinary lost answer keeps its own words.
    expect(describeItem(item({ state: 'in-doubt' }), status, NOW).label).toBe('Checking');
  });

  it('asks about a card left not active after several tries in its own words', () => {
    const text = describeItem(
      item({ state: 'needs-decision', decision: { reason: 'not-active', serverCard: null } }),
      status,
      NOW,
    );
    expect(text.line).toBe(
      'Linq keeps this card not active after several tries. Choose whether to try again or leave it as it is.',
    );
  });

  it('names the request a combined change goes with', () => {
    const text = describeItem(item({ combinedInto: 12, waitingFor: 'write-budget' }), status, NOW);
    expect(text.label).toBe('Combined');
    expect(text.line).toMatch(/^Combined with #12 — sent as one request\./);
    expect(submissionTitle(item({ combinedInto: 12 }), '+1 415 555 0132')).toBe(
      'Card for +1 415 555 0132 saved — combined with #12',
    );
  });

  it('keeps the ordinary waiting words when nothing holds the item back', () => {
    expect(describeItem(item({}), status, NOW).line).toBe('Saved — will be sent shortly.');
  });
});

describe('limitWait', () => {
  it('is the reason and time of a wait still to come, and nothing once it has passed', () => {
    expect(
      limitWait(item({ waitingFor: 'line-hold', nextAttemptAt: AT_1420 }), NOW, 'en-GB'),
    ).toEqual({ reason: 'line-hold', until: '14:20', untilMs: Date.parse(AT_1420) });
    expect(
      limitWait(item({ waitingFor: 'line-hold', nextAttemptAt: AT_1420 }), Date.parse(AT_1420)),
    ).toBeNull();
    expect(limitWait(item({ nextAttemptAt: AT_1420 }), NOW)).toBeNull();
    expect(
      limitWait(
        item({ combinedInto: 12, waitingFor: 'write-budget', nextAttemptAt: AT_1420 }),
        NOW,
      ),
    ).toBeNull();
  });
});

describe('combinedByCarrier', () => {
  it('lists, per carrier, the open items combined into its request, in order', () => {
    const items = [
      item({ id: 12 }),
      item({ id: 15, combinedInto: 12 }),
      item({ id: 13, combinedInto: 12 }),
      item({ id: 14, combinedInto: 9, state: 'done' }),
    ];
    const map = combinedByCarrier(items);
    expect(map.get(12)).toEqual([13, 15]);
    expect(map.has(9)).toBe(false);
    expect(carriesText(map.get(12)!)).toBe('Sends #13, #15 with it as one request.');
    expect(carriesText([])).toBeNull();
  });
});

describe('historyNote', () => {
  it('shows a not-active follow-up with its next check and the reason', () => {
    const followUp = item({
      id: 20,
      state: 'in-doubt',
      nextAttemptAt: AT_1420,
      lastError: appError('CARD_NOT_ACTIVE'),
    });
    const open = openItemsByNumber([item({ id: 3, state: 'done' }), followUp]);
    const note = historyNote(open.get('+14155550132'), NOW, 'en-GB');
    expect(note).toMatchObject({
      label: 'Not active yet',
      line: 'Not active yet — next check at 14:20',
      reason: appError('CARD_NOT_ACTIVE').message,
    });
  });

  it('shows a wait for Linq’s limit and a combined change, and nothing for plain waiting', () => {
    expect(
      historyNote(item({ waitingFor: 'write-budget', nextAttemptAt: AT_1420 }), NOW, 'en-GB')?.line,
    ).toContain('sent at 14:20');
    expect(historyNote(item({ id: 14, combinedInto: 12 }), NOW)?.line).toBe(
      'The latest change (#14) is combined with #12 — sent as one request.',
    );
    expect(historyNote(item({}), NOW)).toBeNull();
    expect(historyNote(undefined, NOW)).toBeNull();
  });
});

describe('queuedBehindLimit', () => {
  it('finds the held item a later waiting change of the same line goes with', () => {
    const head = item({ id: 4, waitingFor: 'write-budget', nextAttemptAt: AT_1420 });
    const items = [
      item({ id: 6 }),
      head,
      item({ id: 5 }),
      item({ id: 7, phoneNumber: '+14155550199' }),
    ];
    const behind = queuedBehindLimit(items);
    expect([...behind.keys()].sort()).toEqual([5, 6]);
    expect(describeBehind(item({ id: 5 }), head, NOW, 'en-GB').line).toBe(
      'Goes with #4 at 14:20: changes to this line that wait are combined into one request.',
    );
    expect(describeBehind(item({ id: 5, action: 'setup' }), head, NOW, 'en-GB').line).toBe(
      'Sent after #4, not before 14:20.',
    );
  });
});
