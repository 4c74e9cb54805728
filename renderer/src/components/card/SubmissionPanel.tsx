// The last card submitted from the form, followed live: saved and waiting (with why), being
// sent or checked, then active, not yet active, failed with the reason, or waiting for the
// user's decision. That decision may arrive while the user types the next card: the panel
// says so and offers Review; the dialog never opens by itself over the form.
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import {
  carriesText,
  combinedByCarrier,
  describeBehind,
  describeItem,
  isNotActiveFollowUp,
  limitWait,
  queuedBehindLimit,
  refusedForGood,
  submissionTitle,
} from '../../lib/outbox-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { useNow } from '../../lib/time.ts';
import { dismissSubmitted, editItem, useCardForm } from '../../store/card-form.ts';
import { useMainState } from '../../store/main-state.ts';
import { checkConnection, useOutboxUi } from '../../store/outbox.ts';
import { navigate } from '../../store/view.ts';
import { ErrorIcon, InfoIcon, Spinner, WarningIcon } from '../Icons.tsx';
import { TraceReference } from '../TraceReference.tsx';
import { ReviewDecisionButton } from '../outbox/ReviewDecisionButton.tsx';
import { CardOutcomePanel } from './CardOutcomePanel.tsx';
import { ScheduledSubmission } from './ScheduledSubmission.tsx';

/** The photo upload that comes before the card is sent, with a progress bar. */
function UploadProgress({ itemId }: { itemId: number }) {
  const upload = useOutboxUi((state) => state.uploads[itemId]);
  if (!upload) return null;
  const percent = Math.floor((upload.sentBytes / Math.max(1, upload.totalBytes)) * 100);
  // Not announced on every step: the panel around it is a live region.
  return (
    <label className="upload-progress" aria-live="off">
      <span>Uploading the photo… {percent} %</span>
      <progress max={upload.totalBytes} value={upload.sentBytes} />
    </label>
  );
}

function useLiveItem(submitted: OutboxItem): OutboxItem {
  return useMainState(
    (state) => state.outbox?.items.find((item) => item.id === submitted.id) ?? submitted,
  );
}

export function SubmissionPanel({ submitted }: { submitted: OutboxItem }) {
  const item = useLiveItem(submitted);
  const status = useMainState((state) => state.outbox?.status ?? null);
  const items = useMainState((state) => state.outbox?.items);
  const formatE164 = usePhoneFormatter();
  const now = useNow(5_000);
  const schedule = useCardForm((state) => state.submittedSchedule);

  // Held for its time: not among the outbox's items until it is let go or cancelled.
  if (item.held && item.state === 'waiting') {
    return <ScheduledSubmission item={item} schedule={schedule} />;
  }
  if (item.state === 'done' && item.card) {
    return (
      <CardOutcomePanel
        outcome={{ kind: item.action, card: item.card }}
        photoSha256={item.fields.photo?.sha256 ?? null}
      />
    );
  }
  const behind = queuedBehindLimit(items ?? []).get(item.id);
  const text = behind ? describeBehind(item, behind, now) : describeItem(item, status, now);
  const number = formatE164(item.phoneNumber);
  const notActive = isNotActiveFollowUp(item);
  const held = limitWait(behind ?? item, now);
  const working = item.state === 'sending' || (item.state === 'in-doubt' && !notActive);
  const tone = item.state === 'failed' ? 'danger' : working ? 'info' : 'warning';
  const carried = carriesText(combinedByCarrier(items ?? []).get(item.id) ?? []);
  const offline = status?.connection === 'unreachable' && item.state === 'waiting';
  return (
    <div
      className={`outcome outcome-${tone}`}
      data-state={item.state}
      data-waiting-for={item.waitingFor ?? undefined}
    >
      <div className="outcome-head">
        {working ? (
          <Spinner />
        ) : item.state === 'failed' ? (
          <ErrorIcon />
        ) : item.state === 'waiting' && item.waitingFor !== 'line-hold' ? (
          <InfoIcon />
        ) : (
          <WarningIcon />
        )}
        <h3 className="outcome-title">{submissionTitle(item, number)}</h3>
      </div>
      <p className="outcome-line">{text.line}</p>
      {carried ? <p className="outcome-line">{carried}</p> : null}
      {held ? (
        <p className="outcome-when">
          {held.reason === 'line-hold' ? 'Next try allowed at ' : 'Goes to Linq at '}
          <strong>{held.until}</strong>
        </p>
      ) : null}
      {item.state === 'sending' ? <UploadProgress itemId={item.id} /> : null}
      {item.state === 'failed' && item.lastError?.detail && !refusedForGood(item) ? (
        <p className="outcome-line muted">Details: {item.lastError.detail}</p>
      ) : null}
      {item.state === 'failed' && item.lastError?.traceId ? (
        <TraceReference
          traceId={item.lastError.traceId}
          error={item.lastError}
          at={item.updatedAt}
        />
      ) : null}
      <div className="inline-actions">
        {item.state === 'failed' ? (
          <button type="button" className="button button-primary" onClick={() => editItem(item)}>
            Edit and resubmit
          </button>
        ) : null}
        {item.state === 'needs-decision' ? (
          <ReviewDecisionButton itemId={item.id} phoneNumber={item.phoneNumber} />
        ) : null}
        {offline ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void checkConnection()}
          >
            Try now
          </button>
        ) : null}
        {item.state !== 'cancelled' ? (
          <button type="button" className="button button-quiet" onClick={() => navigate('outbox')}>
            View outbox
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={dismissSubmitted}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
