// A card submitted from the form to go at a chosen time: not sent, waiting in the Outbox under
// "Held and scheduled" until then, where Send now and Cancel are. Said plainly, so a scheduled
// card is never taken for one that has gone. Once it is let go (its time, Send now) or
// cancelled, the item is an ordinary outbox item again and SubmissionPanel follows it as usual.
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import type { Schedule } from '../../../../shared/rollout.schema.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { rolloutStateText, zonedTime } from '../../lib/rollout-text.ts';
import { dismissSubmitted } from '../../store/card-form.ts';
import { useMainState } from '../../store/main-state.ts';
import { navigate } from '../../store/view.ts';
import { InfoIcon, WarningIcon } from '../Icons.tsx';

export function ScheduledSubmission({
  item,
  schedule,
}: {
  item: OutboxItem;
  /** As the form sent it; the rollout's own summary wins once the outbox has published it. */
  schedule: Schedule | null;
}) {
  const rollout = useMainState((state) =>
    state.outbox?.rollouts?.find((candidate) => candidate.id === item.rolloutId),
  );
  const format = usePhoneFormatter();
  const number = format(item.phoneNumber);
  const sendAt = rollout?.sendAt ?? schedule?.sendAt ?? null;
  const zone = rollout?.timeZone ?? schedule?.timeZone;
  // Its time passed while the app was not running: the Outbox and the notice say what happens.
  const late = rollout?.state === 'late' || rollout?.state === 'overdue';
  const title =
    item.action === 'setup'
      ? `Card for ${number} scheduled — not sent yet`
      : `Update of the card for ${number} scheduled — not sent yet`;
  return (
    <div className="outcome outcome-info" data-state="scheduled">
      <div className="outcome-head">
        {late ? <WarningIcon /> : <InfoIcon />}
        <h3 className="outcome-title">{title}</h3>
      </div>
      {late && rollout ? (
        <p className="outcome-line">{rolloutStateText(rollout, zone, format)}.</p>
      ) : sendAt ? (
        <p className="outcome-when">
          Goes to Linq at <strong>{zonedTime(sendAt, zone)}</strong>
        </p>
      ) : null}
      <p className="outcome-line">
        {late ? 'It' : 'Until then it'} waits in the Outbox under “Held and scheduled”, where you
        can <strong>Send now</strong> or <strong>Cancel</strong> it.
      </p>
      {late ? null : (
        <p className="outcome-line muted">
          If the app is not running at that time, it tells you at the next start that the card is
          late before it sends it.
        </p>
      )}
      <div className="inline-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => navigate('outbox')}
        >
          Go to the Outbox
        </button>
        <button type="button" className="button button-quiet" onClick={dismissSubmitted}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
