// Under an import's progress: the part of it the Outbox holds back (one line first, or a
// chosen time), so a progress that stops short of the end is explained, with the way there.
import type { RolloutSummary } from '../../../../../shared/rollout.schema.ts';
import { zonedTime } from '../../../lib/rollout-text.ts';
import { useMainState } from '../../../store/main-state.ts';
import { navigate } from '../../../store/view.ts';

const WAITING: readonly RolloutSummary['state'][] = ['scheduled', 'held', 'late', 'overdue'];

const changes = (n: number) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? 'change is' : 'changes are'}`;

function heldText(rollout: RolloutSummary): string {
  if (rollout.state === 'held') {
    return `${changes(rollout.heldCount)} held in the Outbox: check the first line on a phone, then choose “Send the rest” there.`;
  }
  if (rollout.state === 'scheduled' && rollout.sendAt) {
    return `${changes(rollout.heldCount)} scheduled for ${zonedTime(rollout.sendAt)}; they wait in the Outbox until then.`;
  }
  return `${changes(rollout.heldCount)} held in the Outbox: its time has passed, see it there.`;
}

export function HeldNote({ importId }: { importId: number }) {
  const rollout = useMainState((state) =>
    state.outbox?.rollouts?.find(
      (candidate) => candidate.importId === importId && WAITING.includes(candidate.state),
    ),
  );
  if (!rollout || rollout.heldCount === 0) return null;
  return (
    <p className="note import-held-note">
      {heldText(rollout)}{' '}
      <button type="button" className="link-button" onClick={() => navigate('outbox')}>
        Go to the Outbox
      </button>
    </p>
  );
}
