// Under a card's versions: what the last restore of it did. A restore held for its chosen time
// says when it goes and where it waits (the Outbox's "Held and scheduled", with Send now and
// Cancel), following its rollout as the Outbox shows it, with the way there.
import { heldRestoreText } from '../../lib/restore-text.ts';
import { useMainState } from '../../store/main-state.ts';
import { useRestore } from '../../store/restore.ts';
import { navigate } from '../../store/view.ts';

export function RestoreOutcomeNote({ phoneNumber }: { phoneNumber: string | undefined }) {
  const outcome = useRestore((state) =>
    state.outcome && state.outcome.phoneNumber === phoneNumber ? state.outcome : null,
  );
  const held = outcome?.held;
  const rollout = useMainState((state) =>
    held ? state.outbox?.rollouts?.find((candidate) => candidate.id === held.rolloutId) : undefined,
  );
  const text = held ? heldRestoreText(held.itemId, rollout) : (outcome?.text ?? null);
  return (
    <div className="versions-restored-wrap">
      {/* Kept in the page while empty: a live region must exist before its text arrives. */}
      <p className="versions-restored" role="status">
        {text}
      </p>
      {held ? (
        <button type="button" className="link-button" onClick={() => navigate('outbox')}>
          Go to the Outbox
        </button>
      ) : null}
    </div>
  );
}
