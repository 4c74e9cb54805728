// When the OS should be told about the outbox (the user may be in another app): once a backlog
// has been sent, and whenever more items come to need a decision. Plain logic, fed with every
// snapshot; Electron's main shows what it returns as a notification.
import type { OutboxSnapshot } from '../../../shared/outbox.schema.ts';

export interface OutboxNotice {
  title: string;
  body: string;
}

export interface OutboxNotices {
  update(snapshot: OutboxSnapshot): OutboxNotice | null;
}

/** A backlog worth announcing: items that had to wait (Linq unreachable, key paused) or many. */
const BACKLOG_SIZE = 3;

export function createOutboxNotices(): OutboxNotices {
  let pendingPeak = 0;
  let waitedOffline = false;
  let needsDecision = 0;

  return {
    update({ status }) {
      const { counts } = status;
      const pending = counts.waiting + counts.sending + counts.inDoubt;
      pendingPeak = Math.max(pendingPeak, pending);
      if (pending > 0 && (status.connection === 'unreachable' || status.pausedBy)) {
        waitedOffline = true;
      }

      let notice: OutboxNotice | null = null;
      if (counts.needsDecision > needsDecision) {
        const n = counts.needsDecision;
        notice = {
          title: n === 1 ? 'A card needs your decision' : `${n} cards need your decision`,
          body: 'Open the Outbox in Linq Contact Cards to choose what to send.',
        };
      } else if (
        pending === 0 &&
        pendingPeak > 0 &&
        (waitedOffline || pendingPeak >= BACKLOG_SIZE)
      ) {
        const failed =
          counts.failed > 0 ? ` ${counts.failed} could not be sent: see the Outbox.` : '';
        notice = {
          title: 'Waiting cards have been sent',
          body: `Everything in the outbox has gone to Linq.${failed}`,
        };
      }
      needsDecision = counts.needsDecision;
      if (pending === 0) {
        pendingPeak = 0;
        waitedOffline = false;
      }
      return notice;
    },
  };
}
