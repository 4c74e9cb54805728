// Step 5: the outbox sends the imported cards. A progress bar with the counts and the time
// left at the rate seen so far; the user may leave the screen meanwhile (the counts keep
// arriving) and the summary opens by itself once nothing is left to send.
import { useEffect, useMemo } from 'react';
import {
  limitWaits,
  remainingText,
  secondsLeft,
  secondsLeftWithWaits,
  type LimitWaits,
} from '../progress/import-estimate.ts';
import {
  LINQ_WINDOW_MINUTES,
  LINQ_WRITES_PER_WINDOW,
  pauseReason,
} from '../../../lib/outbox-text.ts';
import { shortClock } from '../../../lib/clock.ts';
import { useNow } from '../../../lib/time.ts';
import { goToStep } from '../store/import-flow.ts';
import { doneCount, useImportRun } from '../store/import-run.ts';
import { useMainState } from '../../../store/main-state.ts';
import { navigate } from '../../../store/view.ts';
import { HeldNote } from './HeldNote.tsx';
import { StepHeading } from './StepHeading.tsx';

const count = new Intl.NumberFormat('en-US');

function Waiting() {
  const status = useMainState((state) => state.outbox?.status ?? null);
  if (status?.pausedBy)
    return <p className="note">Sending is paused: {pauseReason(status.pausedBy)}</p>;
  if (status?.connection === 'unreachable') {
    return (
      <p className="note">
        Linq cannot be reached right now. The cards are safe in the outbox and are sent as soon as
        it can be reached again.
      </p>
    );
  }
  return null;
}

/** "12 lines wait for Linq's limit of 3 changes per 10 minutes; the last go at 14:40." */
function LimitNote({ waits, now }: { waits: LimitWaits; now: number }) {
  const lines = waits.lines === 1 ? '1 line waits' : `${count.format(waits.lines)} lines wait`;
  const last = shortClock(waits.lastAtMs, now);
  return (
    <p className="note import-limit-note">
      {lines} for Linq’s limit of {LINQ_WRITES_PER_WINDOW} changes per {LINQ_WINDOW_MINUTES}{' '}
      minutes; {waits.lines === 1 ? `it goes at ${last}` : `the last go at ${last}`}. Later changes
      to those lines are combined with them.
    </p>
  );
}

export function ProgressStep() {
  const progress = useImportRun((state) => state.progress);
  const samples = useImportRun((state) => state.samples);
  const range = useImportRun((state) => state.items);
  const outboxItems = useMainState((state) => state.outbox?.items);
  const now = useNow(1_000);
  // Recounted as the outbox changes (and every few seconds, as waits run out).
  const tick = Math.floor(now / 5_000);
  const waits = useMemo(
    () => (range && outboxItems ? limitWaits(outboxItems, range, tick * 5_000) : null),
    [range, outboxItems, tick],
  );
  const pending = progress?.counts.pending ?? 0;
  useEffect(() => {
    if (progress && pending === 0) goToStep('summary');
  }, [progress, pending]);
  if (!progress) return null;
  const { counts, total } = progress;
  const done = doneCount(progress);
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const items = [
    { label: 'Set up', value: counts.setUp, tone: 'success' },
    { label: 'Updated', value: counts.updated, tone: 'success' },
    { label: 'Failed', value: counts.failed, tone: 'danger' },
    { label: 'Need your decision', value: counts.needsDecision, tone: 'warning' },
    { label: 'Still to send', value: counts.pending, tone: 'neutral' },
  ];
  return (
    <div className="panel import-step">
      <StepHeading id="import-step-title">Sending the cards</StepHeading>
      <p className="muted">
        {count.format(total)} {total === 1 ? 'card' : 'cards'} from {progress.fileName} are in the
        outbox. You can leave this screen: they keep being sent, and the progress is here when you
        come back.
      </p>
      <div className="import-bar">
        <label htmlFor="import-progress-bar" className="field-label">
          {count.format(done)} of {count.format(total)} done
        </label>
        <progress
          id="import-progress-bar"
          max={Math.max(1, total)}
          value={done}
          aria-valuetext={`${percent} percent, ${count.format(done)} of ${count.format(total)}`}
        />
        <p className="muted">
          {remainingText(secondsLeftWithWaits(secondsLeft(samples, total, now), waits, now))}
        </p>
      </div>
      {/* Announced by tens of percent, not on every count the outbox pushes. */}
      <p className="visually-hidden" role="status">
        {Math.floor(percent / 10) * 10} percent sent
      </p>
      <dl className="import-counts">
        {items.map((item) => (
          <div className={`import-count import-count-${item.tone}`} key={item.label}>
            <dt>{item.label}</dt>
            <dd>{count.format(item.value)}</dd>
          </div>
        ))}
      </dl>
      <HeldNote importId={progress.id} />
      {waits ? <LimitNote waits={waits} now={now} /> : null}
      <Waiting />
      <div className="form-actions step-actions">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => navigate('outbox')}
        >
          Open the outbox
        </button>
        <button type="button" className="button button-quiet" onClick={() => goToStep('summary')}>
          See the summary so far
        </button>
      </div>
    </div>
  );
}
