// The words of the card history, as plain lists (no zod) the schemas and both sides share.

/** Where a number's card stands; the History screen filters by these. */
export const CARD_STATUSES = [
  'active',
  'inactive',
  'failed',
  'waiting',
  'needs-decision',
  'cancelled',
] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** What happened to a number's card, one timeline event each. */
export const CARD_EVENT_KINDS = [
  'queued',
  /** Saved, and held back by a rollout (one line first, a schedule) until released. */
  'held',
  'attempt',
  'set-up',
  'updated',
  'failed',
  'needs-decision',
  'decision',
  'cancelled',
  'synced',
  'combined',
] as const;

/** Versions a card's history carries; older ones are counted, not sent. */
export const MAX_CARD_VERSIONS = 100;
