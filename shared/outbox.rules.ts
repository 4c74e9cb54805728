// The outbox's plain rules (no zod): the states a submission goes through, shared by main's
// store and schemas and by the renderer's views.

/**
 * - waiting: not sent yet, or sent and certainly not applied (it will be sent, maybe later)
 * - sending: a request is out right now
 * - in-doubt: a request went out and its outcome is unknown; the card is read back before
 *   anything is sent again
 * - needs-decision: the app will not guess (the card exists already, or Linq shows something
 *   else than was sent); the user decides
 * - failed: Linq refused it for a reason that sending again will not fix (e.g. bad input)
 * - done / cancelled: finished; kept for the record
 */
export const OUTBOX_STATES = [
  'waiting',
  'sending',
  'in-doubt',
  'needs-decision',
  'failed',
  'done',
  'cancelled',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
