// What each outbox step writes to the card history (card-history/card-record.ts): a timeline
// entry for the item's number and its row brought up to date. Called inside the outbox
// store's own transactions, so the queue and the card history never disagree.
import type { Card } from '../../../shared/card.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { OutboxItem } from '../../../shared/outbox.schema.ts';
import type { CardEventKind, CardRecord } from '../card-history/card-record.ts';

export interface OutboxTimeline {
  /** A submission entered the outbox (held back by rollout `heldBy`, if given). */
  recordSubmission(outboxId: number, action: OutboxItem['action'], heldBy?: number): void;
  /** The submission's item moved on; a confirmed card becomes the number's card. */
  recordOutcome(
    outboxId: number,
    details: {
      card?: Card | null;
      confirmedBy?: 'answer' | 'read-back';
      error?: AppError | null;
      /** The timeline entry for this step; null records none (the row is still refreshed). */
      event?: { kind: CardEventKind; detail?: string | null } | null;
    },
  ): void;
  /** An attempt (a request, or a read-back) ended: a timeline entry for the number. */
  recordAttempt(outboxId: number, detail: string, error: AppError | null): void;
  /** A timeline entry for the submission's number that does not move the submission on. */
  recordEvent(outboxId: number, event: { kind: CardEventKind; detail: string }): void;
}

export function createOutboxTimeline(cards: CardRecord): OutboxTimeline {
  return {
    recordSubmission(outboxId, action, heldBy) {
      const what = action === 'setup' ? 'Set-up' : 'Update';
      if (heldBy === undefined) {
        cards.outboxEvent(outboxId, 'queued', { detail: `${what} saved to send` });
        return;
      }
      // Said as held, so History does not tell the user it goes as soon as Linq answers.
      cards.outboxEvent(outboxId, 'held', {
        detail: `${what} saved and held back with rollout #${heldBy}: it goes when released in the Outbox (Send the rest, Send now) or when its time comes`,
      });
    },
    recordAttempt(outboxId, detail, error) {
      // The move that follows in the same transaction brings the row up to date.
      cards.outboxEvent(outboxId, 'attempt', { detail, error, refreshRow: false });
    },
    recordOutcome(outboxId, { card, error, confirmedBy, event }) {
      cards.outboxEvent(outboxId, event?.kind ?? null, {
        card: card ?? null,
        confirmedBy: confirmedBy === 'read-back' ? 'read-back' : 'own-call',
        error: error ?? null,
        detail: event?.detail ?? null,
      });
    },
    recordEvent(outboxId, { kind, detail }) {
      cards.outboxEvent(outboxId, kind, { detail });
    },
  };
}
