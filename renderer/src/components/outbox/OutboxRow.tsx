// One submission in the outbox: its number and names, its state in plain words, its attempts
// and what the user can do about it now.
import type { OutboxItem, OutboxStatus } from '../../../../shared/outbox.schema.ts';
import {
  cardNameAfter,
  carriesText,
  changedText,
  describeBehind,
  describeItem,
  dueIn,
  isNotActiveFollowUp,
  limitWait,
  refusedForGood,
  waitingReason,
  withoutTryAgain,
} from '../../lib/outbox-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { absoluteTime, relativeTime } from '../../lib/time.ts';
import { editItem } from '../../store/card-form.ts';
import { askToCancel, retryItem, useOutboxUi } from '../../store/outbox.ts';
import { Spinner } from '../Icons.tsx';
import { TraceReference } from '../TraceReference.tsx';
import { ReviewDecisionButton } from './ReviewDecisionButton.tsx';

function Actions({
  item,
  now,
  behind,
}: {
  item: OutboxItem;
  now: number;
  behind: OutboxItem | undefined;
}) {
  const busy = useOutboxUi((state) => state.busy[item.id]);
  const label = usePhoneFormatter()(item.phoneNumber);
  const actions = [];
  // A change combined into another's request goes (or is cancelled) with that request.
  if (item.combinedInto !== null) {
    return (
      <div className="row-actions">
        <span className="row-note">Goes with #{item.combinedInto}</span>
      </div>
    );
  }
  // Linq's limits say when the next try is allowed; Retry now cannot make it sooner.
  const held = limitWait(behind ?? item, now);
  if (item.state === 'needs-decision') {
    actions.push(
      <ReviewDecisionButton key="decide" itemId={item.id} phoneNumber={item.phoneNumber} small />,
    );
  }
  if (item.state === 'failed') {
    actions.push(
      <button
        key="edit"
        type="button"
        className="button button-primary button-small"
        onClick={() => editItem(item)}
      >
        Edit
      </button>,
    );
  }
  if (held) {
    actions.push(
      <span key="held" className="row-note">
        Next try allowed at {held.until}
      </span>,
    );
  } else if (
    item.state === 'waiting' ||
    item.state === 'in-doubt' ||
    // Sent again as it is, a refused detail would be refused again: Edit is the way.
    (item.state === 'failed' && !refusedForGood(item))
  ) {
    actions.push(
      <button
        key="retry"
        type="button"
        className="button button-secondary button-small"
        aria-disabled={busy !== undefined}
        aria-label={`Retry now, ${label}`}
        onClick={() => void retryItem(item.id)}
      >
        {busy === 'retry' ? <Spinner /> : null}
        Retry now
      </button>,
    );
  }
  if (item.state !== 'sending' && item.state !== 'done' && item.state !== 'cancelled') {
    actions.push(
      <button
        key="cancel"
        type="button"
        className="button button-quiet button-small"
        aria-label={`Cancel ${label}`}
        onClick={() => askToCancel(item.id)}
      >
        Cancel
      </button>,
    );
  }
  return <div className="row-actions">{actions}</div>;
}

export function OutboxRow({
  item,
  status,
  now,
  carries = [],
  behind,
}: {
  item: OutboxItem;
  status: OutboxStatus | null;
  now: number;
  /** Items combined into this one's request (from the snapshot). */
  carries?: readonly number[];
  /** An earlier item of the number that Linq's limits hold back, which this one waits for. */
  behind?: OutboxItem | undefined;
}) {
  const formatE164 = usePhoneFormatter();
  const text = behind ? describeBehind(item, behind, now) : describeItem(item, status, now);
  const carried = carriesText(carries);
  // Its own line says why already: the catalogue's words would only repeat it.
  // The state's own sentence already gives these reasons: no second copy under it.
  const ownWords =
    (item.lastError?.code === 'LINE_WRITE_LIMITED' && item.waitingFor === 'line-hold') ||
    isNotActiveFollowUp(item);
  const reason = waitingReason(item, status);
  // The whole card, so an update of the last name alone does not read as a card named "Harbor".
  const name = cardNameAfter(item);
  const changed = changedText(item);
  const next =
    (item.state === 'waiting' && item.combinedInto === null && !behind) || item.state === 'in-doubt'
      ? dueIn(item.nextAttemptAt, now)
      : null;
  return (
    <tr data-state={item.state}>
      <td className="data-table-number">
        {formatE164(item.phoneNumber)}
        <div className="muted small">#{item.id}</div>
      </td>
      <td className="outbox-card">
        {name || <span className="muted">None</span>}
        <div className="muted small">
          {changed ? `Update · ${changed}` : item.action === 'setup' ? 'Set up' : 'Update'}
        </div>
      </td>
      <td className="outbox-outcome">
        <span className={`badge badge-${text.tone}`}>{text.label}</span>
        <p className="row-line">{text.line}</p>
        {carried ? <p className="row-line row-carries">{carried}</p> : null}
        {item.state !== 'failed' && item.lastError && item.state !== 'done' && !ownWords ? (
          <p className="row-line muted">Last attempt: {withoutTryAgain(item.lastError.message)}</p>
        ) : null}
        {reason ? <p className="row-line muted">{withoutTryAgain(reason.message)}</p> : null}
        {item.lastError?.traceId && item.state === 'failed' ? (
          <TraceReference
            traceId={item.lastError.traceId}
            error={item.lastError}
            at={item.updatedAt}
          />
        ) : null}
      </td>
      <td className="numeric">
        {item.attempts}
        {next && status?.connection !== 'unreachable' && !status?.pausedBy ? (
          <div className="muted small">next {next}</div>
        ) : null}
      </td>
      <td className="outbox-time">
        <time dateTime={item.updatedAt} title={absoluteTime(item.updatedAt)}>
          {relativeTime(item.updatedAt, now)}
        </time>
      </td>
      <td>
        <Actions item={item} now={now} behind={behind} />
      </td>
    </tr>
  );
}
