// "Restore lines to an earlier time": the lines the History list shows go back to their cards
// as Linq had them at a moment the user picks. Before anything is sent it says, in counts, what
// goes back, what is already so, what cannot change (no card then: Linq has no DELETE) and
// what must finish first; how to send it is Import's choice (one line first, a chosen time).
import { useEffect, useId } from 'react';
import type { CardQuery } from '../../../../shared/card-history.schema.ts';
import type { RestoreLinesPlan } from '../../../../shared/restore-lines.schema.ts';
import { cards } from '../../lib/batch-restore-text.ts';
import { localInputValue } from '../../lib/rollout-choice.ts';
import { localTimeZone } from '../../lib/rollout-text.ts';
import { useNow } from '../../lib/time.ts';
import { useMainState } from '../../store/main-state.ts';
import {
  closeRestoreLines,
  confirmRestoreLines,
  momentProblem,
  refreshRestoreLinesPlan,
  setRestoreLinesRollout,
  setRestoreMoment,
  useRestoreLines,
} from '../../store/restore-lines.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { FieldAlert } from '../FieldAlert.tsx';
import { Spinner } from '../Icons.tsx';
import { Modal } from '../Modal.tsx';
import { BatchRestoreActions } from '../rollout/BatchRestoreActions.tsx';
import { STATUS_LABELS } from './StatusBadge.tsx';

const count = new Intl.NumberFormat('en-US');
const linesWord = (n: number) => `${count.format(n)} ${n === 1 ? 'line' : 'lines'}`;

/** "The 12 lines the History list shows (search “acme”, Active only) go back …". */
function linesText(lines: CardQuery, shown: number): string {
  const how = [
    lines.query.trim() ? `search “${lines.query.trim()}”` : null,
    lines.status !== 'all' ? `${STATUS_LABELS[lines.status].text} only` : null,
  ].filter(Boolean);
  const which = shown === 1 ? 'The line' : `The ${linesWord(shown)}`;
  const goes = shown === 1 ? 'goes back to its card' : 'go back to their cards';
  return `${which} the History list shows${how.length ? ` (${how.join(', ')})` : ''} ${goes} as Linq had them at the time you choose.`;
}

function Moment() {
  const at = useRestoreLines((state) => state.at);
  const now = useNow(30_000);
  const id = useId();
  const problem = at === '' ? null : momentProblem(at, now);
  return (
    <div className="field restore-lines-moment">
      <label htmlFor={`${id}-at`} className="field-label">
        Go back to how the cards were at
      </label>
      <div className="send-at">
        <input
          id={`${id}-at`}
          type="datetime-local"
          className="input input-compact"
          max={localInputValue(now)}
          value={at}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-zone${problem ? ` ${id}-error` : ''}`}
          onChange={(event) => setRestoreMoment(event.target.value)}
          autoFocus
        />
        <span id={`${id}-zone`} className="muted small">
          {localTimeZone()} time
        </span>
      </div>
      {problem ? <FieldAlert id={`${id}-error`}>{problem}</FieldAlert> : null}
    </div>
  );
}

function Counts({ plan }: { plan: RestoreLinesPlan }) {
  const { counts } = plan;
  const one = (n: number) => n === 1;
  return (
    <ul className="undo-counts">
      <li>
        <strong>{cards(counts.restore)}</strong>{' '}
        {one(counts.restore) ? 'goes back to how it was then' : 'go back to how they were then'}.
        Only what differs from the card now is sent, through the Outbox.
      </li>
      {counts.unchanged > 0 ? (
        <li>
          <strong>{cards(counts.unchanged)}</strong>{' '}
          {one(counts.unchanged)
            ? 'is already as it was then: nothing is sent for it.'
            : 'are already as they were then: nothing is sent for them.'}
        </li>
      ) : null}
      {counts.noCardThen > 0 ? (
        <li>
          <strong>{linesWord(counts.noCardThen)}</strong> had no card then: left alone. Linq has no
          way to delete a card, so{' '}
          {one(counts.noCardThen) ? 'it keeps the one it has' : 'they keep the ones they have'}.
        </li>
      ) : null}
      {counts.photoByAddress > 0 ? (
        <li>
          <strong>{cards(counts.photoByAddress)}</strong> had a photo this computer has no copy of:
          its old address is checked when the restore starts. If it no longer shows an image, the
          card goes back with its names only, and the summary says so.
        </li>
      ) : null}
    </ul>
  );
}

function Plan() {
  const plan = useRestoreLines((state) => state.plan);
  const planning = useRestoreLines((state) => state.planning);
  const planError = useRestoreLines((state) => state.planError);
  const at = useRestoreLines((state) => state.at);
  const now = useNow(30_000);
  if (at === '' || momentProblem(at, now) !== null) return null;
  if (planError)
    return <ErrorAlert error={planError} title="What would change could not be read" />;
  if (!plan) {
    return planning ? (
      <p className="muted" role="status">
        <Spinner /> Comparing each line with how it was then…
      </p>
    ) : null;
  }
  return (
    <div role="status">
      <Counts plan={plan} />
      {plan.counts.blocking > 0 ? (
        <p className="note">
          {linesWord(plan.counts.blocking)} {plan.counts.blocking === 1 ? 'has' : 'have'} a change
          being sent, held or waiting for your decision in the Outbox. Wait until{' '}
          {plan.counts.blocking === 1 ? 'it has' : 'they have'} an answer (or cancel it there), then
          restore.
        </p>
      ) : null}
    </div>
  );
}

function Actions() {
  const plan = useRestoreLines((state) => state.plan);
  const rollout = useRestoreLines((state) => state.rollout);
  const starting = useRestoreLines((state) => state.starting);
  const problem = useRestoreLines((state) => state.problem);
  const sending = plan?.counts.restore ?? 0;
  const blocked = (plan?.counts.blocking ?? 0) > 0;
  const disabled = starting || !plan || sending === 0 || blocked;
  return (
    <BatchRestoreActions
      sending={sending}
      planned={plan !== null}
      verb="Restore"
      title="How to send the restore"
      rollout={rollout}
      onRolloutChange={setRestoreLinesRollout}
      problem={problem}
      starting={starting}
      disabled={disabled}
      onConfirm={() => void confirmRestoreLines()}
      onCancel={closeRestoreLines}
    />
  );
}

export function RestoreLinesDialog() {
  const lines = useRestoreLines((state) => state.lines);
  const shown = useRestoreLines((state) => state.shown);
  const error = useRestoreLines((state) => state.error);
  const outbox = useMainState((state) => state.outbox);
  // While lines wait for changes in the Outbox, the plan follows it, so the restore can go once
  // they have an answer. Not on every change otherwise: main plans every line of the list
  // each time, and a plan that changed meanwhile is refused at the start (its key) anyway.
  const open = lines !== null;
  const waiting = useRestoreLines((state) => (state.plan?.counts.blocking ?? 0) > 0);
  useEffect(() => {
    if (open && waiting) void refreshRestoreLinesPlan();
  }, [outbox, open, waiting]);
  if (lines === null) return null;
  return (
    <Modal
      labelledBy="restore-lines-title"
      describedBy="restore-lines-text"
      onClose={closeRestoreLines}
      className="modal-wide undo-dialog"
    >
      <h2 id="restore-lines-title" className="modal-title">
        Restore lines to an earlier time
      </h2>
      {error ? <ErrorAlert error={error} title="The restore could not start" /> : null}
      <p id="restore-lines-text" className="modal-text">
        {linesText(lines, shown)}
      </p>
      <Moment />
      <Plan />
      <Actions />
    </Modal>
  );
}
