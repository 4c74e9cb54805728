// A schedule whose time passed while the app was not running is never sent without a word:
// this notice says so at the top of every screen, and only once it has been shown does main
// send it (after a short grace for Cancel). Beyond the late limit it waits for Send now.
import { useEffect } from 'react';
import type { RolloutSummary } from '../../../../shared/rollout.schema.ts';
import { lateNoticeText } from '../../lib/rollout-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { useMainState } from '../../store/main-state.ts';
import { decideRollout, noticeShown, useRolloutUi } from '../../store/rollouts.ts';
import { WarningIcon } from '../Icons.tsx';

function Notice({ rollout }: { rollout: RolloutSummary }) {
  const busy = useRolloutUi((state) => state.busy[rollout.id]);
  const formatE164 = usePhoneFormatter();
  // A single change is labelled by its number: shown as numbers are everywhere else.
  const label = rollout.importId === null ? formatE164(rollout.label) : rollout.label;
  useEffect(() => {
    // Shown: main may send a late (not an overdue) schedule now, after its grace.
    if (rollout.state === 'late') noticeShown(rollout.id);
  }, [rollout.id, rollout.state]);
  return (
    <div className="alert alert-warning late-schedule-notice">
      <WarningIcon />
      <div className="notice-bar-body">
        <p className="alert-message">{lateNoticeText(rollout, label)}</p>
        <div className="notice-bar-actions">
          <button
            type="button"
            className="button button-primary button-small"
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => {
              if (!busy) void decideRollout(rollout.id, 'send-now');
            }}
          >
            Send now
          </button>
          <button
            type="button"
            className="button button-danger-quiet button-small"
            aria-disabled={busy ? 'true' : undefined}
            onClick={() => {
              if (!busy) void decideRollout(rollout.id, 'cancel');
            }}
          >
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

export function LateScheduleNotice() {
  const rollouts = useMainState((state) => state.outbox?.rollouts);
  const late = (rollouts ?? []).filter((r) => r.state === 'late' || r.state === 'overdue');
  return (
    <div className="late-schedule-region" role="status" aria-label="Late schedules">
      {late.map((rollout) => (
        <Notice key={rollout.id} rollout={rollout} />
      ))}
    </div>
  );
}
