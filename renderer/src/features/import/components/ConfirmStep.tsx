// Step 4: what will be sent, and what is left out (and why) before anything is stored.
import { StepActions } from './StepActions.tsx';
import { useMemo } from 'react';
import { linesChangedMoreThanOnce } from '../progress/import-estimate.ts';
import { LINQ_WINDOW_MINUTES, LINQ_WRITES_PER_WINDOW } from '../../../lib/outbox-text.ts';
import { dismissSubmitError, setRolloutChoice, useImportFlow } from '../store/import-flow.ts';
import { usePlan } from '../store/import-plan-selectors.ts';
import { startImport } from '../store/import-steps.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Spinner } from '../../../components/Icons.tsx';
import { CountryNote } from './CountryNote.tsx';
import { OtherNumbers } from './OtherNumbers.tsx';
import { PlanRowsTable } from './PlanRowsTable.tsx';
import { PLANNED_LABELS } from '../plan/plan-text.ts';
import { StepHeading } from './StepHeading.tsx';
import { SendOptions } from '../../../components/rollout/SendOptions.tsx';

/** The summary lists every skipped row; here the first ones are enough to see what is left out. */
const MAX_LISTED = 200;

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

function LeftOut() {
  const plan = usePlan().rows;
  // Rows held back for their number are listed (and can be included) in OtherNumbers.
  const left = useMemo(
    () => plan.filter((row) => row.action === null && row.otherNumber === null),
    [plan],
  );
  if (left.length === 0) {
    const heldBack = plan.some((row) => row.otherNumber === 'held-back');
    return heldBack ? null : <p>Every row of the file will be imported.</p>;
  }
  const shown = left.slice(0, MAX_LISTED);
  return (
    <>
      <h4 className="section-title">
        {plural(left.length, 'row is left out', 'rows are left out')} and listed as skipped in the
        summary
      </h4>
      <PlanRowsTable
        caption="Rows left out of the import"
        rows={shown}
        why={(row) => (
          <>
            <span className={`badge badge-${PLANNED_LABELS[row.status].tone}`}>
              {PLANNED_LABELS[row.status].text}
            </span>{' '}
            {(row.note ? [...row.problems, row.note] : row.problems).join(' · ')}
          </>
        )}
      />
      {left.length > shown.length ? (
        <p className="muted small">…and {left.length - shown.length} more, all in the summary.</p>
      ) : null}
    </>
  );
}

/** Changes to one line that wait behind each other go to Linq as one request. */
function Combined() {
  const plan = usePlan().rows;
  const lines = useMemo(
    () =>
      linesChangedMoreThanOnce(
        plan.filter((row) => row.action !== null).map((row) => row.check.phoneNumber),
      ),
    [plan],
  );
  if (lines === 0) return null;
  return (
    <p className="note import-combined-note">
      {plural(lines, 'line is', 'lines are')} changed more than once in this file. Linq allows{' '}
      {LINQ_WRITES_PER_WINDOW} changes per line every {LINQ_WINDOW_MINUTES} minutes, so the changes
      to each of those lines are combined into one request per line, with the values of the last
      row.
    </p>
  );
}

export function ConfirmStep() {
  const { counts } = usePlan();
  const submitting = useImportFlow((state) => state.submitting);
  const error = useImportFlow((state) => state.submitError);
  const stepError = useImportFlow((state) => state.stepError);
  const name = useImportFlow((state) => state.source?.name ?? '');
  const rollout = useImportFlow((state) => state.rollout);
  const total = counts.setup + counts.update;
  return (
    <div className="panel import-step">
      <StepHeading id="import-step-title">Confirm the import</StepHeading>
      <p>
        From {name}: {plural(total, 'card', 'cards')} will be stored in the outbox at once and sent
        to Linq from there ({plural(counts.setup, 'new card', 'new cards')} to set up,{' '}
        {plural(counts.update, 'card', 'cards')} to update). This also works offline: they are sent
        when Linq can be reached.
      </p>
      <CountryNote />
      <OtherNumbers />
      <Combined />
      <LeftOut />
      <SendOptions choice={rollout} onChange={setRolloutChoice} offerFirstLine />
      {error ? (
        <ErrorAlert
          error={error}
          title="Nothing was imported"
          onRetry={() => void startImport()}
          onDismiss={dismissSubmitError}
        />
      ) : null}
      <StepActions
        back="preview"
        problem={stepError}
        busy={submitting}
        onNext={() => void startImport()}
      >
        {submitting ? (
          <>
            <Spinner /> Storing the cards…
          </>
        ) : (
          `Import ${plural(total, 'card', 'cards')}`
        )}
      </StepActions>
    </div>
  );
}
