// The history timeline: one entry per change with its outcome in plain words.
import { describe, expect, it } from 'vitest';
import { changeTimeline } from '../../../../renderer/src/lib/change-timeline.ts';
import type { CardEvent } from '../../../../shared/card-history.schema.ts';
import { appError } from '../../../../shared/errors.schema.ts';

let nextId = 100;
function event(kind: CardEvent['kind'], outboxId: number | null, patch: Partial<CardEvent> = {}) {
  const id = nextId--;
  return {
    id,
    at: `2026-12-07T02:00:${String(id % 60).padStart(2, '0')}.000Z`,
    kind,
    outboxId,
    detail: null,
    error: null,
    ...patch,
  } satisfies CardEvent;
}

describe('changeTimeline', () => {
  it('makes one entry of a set-up’s saved, attempt and set-up records', () => {
    const events = [
      event('set-up', 1),
      event('attempt', 1, { detail: 'Sent; Linq applied it' }),
      event('queued', 1, { detail: 'Set-up saved to send' }),
    ];
    const entries = changeTimeline(events);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      title: 'Set up',
      outcome: 'Sent; Linq applied it',
      tone: 'success',
      attempts: 1,
      error: null,
      at: events[0]!.at,
    });
    expect(entries[0]!.steps).toHaveLength(3);
  });

  it('keeps changes apart, newest first, and a sync on its own', () => {
    const entries = changeTimeline([
      event('attempt', 2, { detail: 'No answer; the card will be read back' }),
      event('queued', 2, { detail: 'Update saved to send' }),
      event('synced', null, { detail: 'Changed at Linq' }),
      event('set-up', 1),
      event('queued', 1, { detail: 'Set-up saved to send' }),
    ]);
    expect(entries.map((entry) => entry.title)).toEqual([
      'Update waiting to be sent',
      'Synced from Linq',
      'Set up',
    ]);
    expect(entries[0]!.outcome).toBe('No answer; the card will be read back');
  });

  it('says a failed change failed, with Linq’s reason, after all its attempts', () => {
    const refused = appError('INVALID_INPUT', { message: 'Linq: the first name is too long.' });
    const [entry] = changeTimeline([
      event('failed', 3, { error: refused }),
      event('attempt', 3, { detail: 'Refused by Linq', error: refused }),
      event('attempt', 3, { detail: 'Not applied; it will be sent again' }),
      event('queued', 3, { detail: 'Update saved to send' }),
    ]);
    expect(entry).toMatchObject({
      title: 'Update failed',
      tone: 'danger',
      attempts: 2,
      error: { message: 'Linq: the first name is too long.' },
    });
  });

  it('does not show an earlier failed try on a change that then went through', () => {
    const [entry] = changeTimeline([
      event('set-up', 4),
      event('attempt', 4, { detail: 'Sent; Linq applied it' }),
      event('attempt', 4, { detail: 'Not applied', error: appError('NETWORK_UNREACHABLE') }),
      event('queued', 4, { detail: 'Set-up saved to send' }),
    ]);
    expect(entry).toMatchObject({ title: 'Set up', error: null, attempts: 2 });
  });

  it('says a change held by a rollout is held, and waiting once released, then done', () => {
    const held = event('held', 4, {
      detail: 'Update saved and held back with rollout #2: it goes when released',
    });
    expect(changeTimeline([held])[0]).toMatchObject({
      title: 'Update held back',
      outcome: 'Update saved and held back with rollout #2: it goes when released',
    });
    const released = event('queued', 4, { detail: 'Released by rollout #2' });
    expect(changeTimeline([released, held])[0]!.title).toBe('Update waiting to be sent');
    const updated = event('updated', 4);
    expect(changeTimeline([updated, released, held])[0]!.title).toBe('Updated');
  });

  it('names a change waiting for a decision', () => {
    const [entry] = changeTimeline([
      event('needs-decision', 5, { detail: 'The number already had a card' }),
      event('queued', 5, { detail: 'Set-up saved to send' }),
    ]);
    expect(entry).toMatchObject({
      title: 'Set-up needs your decision',
      outcome: 'The number already had a card',
      tone: 'warning',
    });
  });

  it('says which request carried a change that went together with others', () => {
    const [follower, carrier] = changeTimeline([
      event('updated', 7, { detail: 'Sent combined into #8' }),
      event('combined', 7, { detail: 'Combined into #8: sent as one request' }),
      event('queued', 7, { detail: 'Update saved to send' }),
      event('updated', 8),
      event('attempt', 8, { detail: 'Sent; Linq applied it' }),
      event('combined', 8, { detail: 'Sends #7 with it as one request' }),
      event('queued', 8, { detail: 'Update saved to send' }),
    ]);
    expect(follower).toMatchObject({
      title: 'Updated',
      outcome: 'Sent combined into #8',
      combinedNote: 'Combined into #8: sent as one request',
    });
    expect(carrier).toMatchObject({
      title: 'Updated',
      outcome: 'Sent; Linq applied it',
      combinedNote: 'Sends #7 with it as one request',
    });
  });
});
