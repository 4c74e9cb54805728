// When the OS is told about the outbox: a backlog sent, a decision needed, and not for every
// single card sent while the user watches.
import { describe, expect, it } from 'vitest';
import { createOutboxNotices } from '../../electron/services/outbox/notices.ts';
import type { OutboxSnapshot } from '../../shared/outbox.schema.ts';

function snapshot(
  counts: Partial<OutboxSnapshot['status']['counts']>,
  connection: OutboxSnapshot['status']['connection'] = 'reachable',
): OutboxSnapshot {
  return {
    status: {
      connection,
      unreachableReason: null,
      pausedBy: null,
      nextAttemptAt: null,
      counts: { waiting: 0, sending: 0, inDoubt: 0, needsDecision: 0, failed: 0, ...counts },
    },
    items: [],
    moreOpen: 0,
  };
}

describe('outbox notices', () => {
  it('says nothing when one card is sent while online', () => {
    const notices = createOutboxNotices();
    expect(notices.update(snapshot({ waiting: 1 }))).toBeNull();
    expect(notices.update(snapshot({ sending: 1 }))).toBeNull();
    expect(notices.update(snapshot({}))).toBeNull();
  });

  it('announces a backlog that waited for the connection, once it has been sent', () => {
    const notices = createOutboxNotices();
    expect(notices.update(snapshot({ waiting: 1 }, 'unreachable'))).toBeNull();
    expect(notices.update(snapshot({ sending: 1 }))).toBeNull();
    expect(notices.update(snapshot({ failed: 1 }))).toMatchObject({
      title: 'Waiting cards have been sent',
      body: expect.stringContaining('1 could not be sent'),
    });
    expect(notices.update(snapshot({ failed: 1 }))).toBeNull(); // once
  });

  it('announces a large backlog sent even without an outage', () => {
    const notices = createOutboxNotices();
    notices.update(snapshot({ waiting: 5 }));
    expect(notices.update(snapshot({}))).toMatchObject({ title: 'Waiting cards have been sent' });
  });

  it('announces each rise in the number of items needing a decision', () => {
    const notices = createOutboxNotices();
    expect(notices.update(snapshot({ needsDecision: 1 }))).toMatchObject({
      title: 'A card needs your decision',
    });
    expect(notices.update(snapshot({ needsDecision: 1 }))).toBeNull();
    expect(notices.update(snapshot({ needsDecision: 2 }))).toMatchObject({
      title: '2 cards need your decision',
    });
  });
});
