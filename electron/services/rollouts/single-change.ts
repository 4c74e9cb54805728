// One change to one line (the form's set-up or update, a restore): into the outbox at once, or
// at a chosen time as a rollout of that one item, held in the Outbox's "Held and scheduled"
// list until then (Send now, Cancel, the late notice). One path, so every single change is
// scheduled, refused (a time passed) and shown the same way.
import type { Schedule } from '../../../shared/rollout.schema.ts';
import type { CardSubmission, Outbox } from '../outbox/outbox.ts';
import type { OutboxRecord } from '../outbox/outbox-store.ts';
import type { RolloutService } from './rollouts.ts';

/**
 * Enqueues `card`, held until `schedule` when there is one. `alongside` writes the caller's own
 * record of the item (a restore's mark) in the same transaction: both are stored or neither.
 */
export type SubmitOne = (
  card: CardSubmission,
  schedule?: Schedule,
  alongside?: (record: OutboxRecord) => void,
) => OutboxRecord;

export function createSubmitOne(deps: {
  outbox: Pick<Outbox, 'submitAll'>;
  rollouts: Pick<RolloutService, 'create'>;
}): SubmitOne {
  return (card, schedule, alongside) => {
    const enqueue = (cards: CardSubmission[]) =>
      deps.outbox.submitAll(cards, ([record]) => alongside?.(record!));
    if (!schedule) return enqueue([card])[0]!;
    const { records } = deps.rollouts.create(
      { firstLineFirst: false, schedule },
      card.phoneNumber,
      [card],
      enqueue,
    );
    return records[0]!;
  };
}
