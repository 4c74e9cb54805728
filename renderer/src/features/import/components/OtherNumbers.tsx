// Confirm: rows whose number is not one of the account's lines. The New card form asks before
// it sets up such a number, so the import does not send them on a mere warning either: they
// are listed here and left out unless the user includes them. When the lines are not known
// (never read from Linq, or unreadable), that is said plainly instead.
import { useMemo } from 'react';
import { setIncludeOtherNumbers, useImportFlow } from '../store/import-flow.ts';
import { usePlan } from '../store/import-plan-selectors.ts';
import { refreshLines, useLines } from '../../../store/lines.ts';
import { Spinner } from '../../../components/Icons.tsx';
import { PlanRowsTable } from './PlanRowsTable.tsx';

/** Enough to see which numbers they are; a file of hundreds of them is a different problem. */
const MAX_LISTED = 200;

function LinesUnknown() {
  const list = useLines((state) => state.list);
  const loadError = useLines((state) => state.loadError);
  const refreshing = useLines((state) => state.refreshing || (state.list?.refreshing ?? false));
  const reason = list?.error ?? loadError;
  return (
    <div className="note import-file-note" role="note">
      <p>
        {reason
          ? "Your account's lines could not be loaded, so the numbers were not checked against them:"
          : "Your account's lines are not known yet, so the numbers were not checked against them:"}{' '}
        every ready row is imported, whatever its number.
      </p>
      {reason ? <p className="small">Why: {reason.message}</p> : null}
      <p>
        {refreshing ? (
          <span role="status">
            <Spinner /> Loading the lines…
          </span>
        ) : (
          <button type="button" className="link-button" onClick={() => void refreshLines()}>
            Load the lines again
          </button>
        )}
      </p>
    </div>
  );
}

export function OtherNumbers() {
  const plan = usePlan().rows;
  const include = useImportFlow((state) => state.includeOtherNumbers);
  const linesKnown = useLines((state) => (state.list?.lines.length ?? 0) > 0);
  const rows = useMemo(() => plan.filter((row) => row.otherNumber !== null), [plan]);
  if (!linesKnown) return <LinesUnknown />;
  if (rows.length === 0) return null;
  const shown = rows.slice(0, MAX_LISTED);
  const count = rows.length.toLocaleString('en-US');
  return (
    <fieldset className="existing-cards other-numbers">
      <legend className="field-label">
        {rows.length === 1
          ? '1 number is not a line of this Linq account'
          : `${count} numbers are not lines of this Linq account`}
      </legend>
      <p className="muted small">
        Check these numbers: a card can only be set up on your own lines. Unless you include{' '}
        {rows.length === 1 ? 'it' : 'them'}, {rows.length === 1 ? 'this row is' : 'these rows are'}{' '}
        left out and listed as skipped in the summary.
      </p>
      <PlanRowsTable caption="Numbers that are not your lines" rows={shown} />
      {rows.length > shown.length ? (
        <p className="muted small">…and {rows.length - shown.length} more.</p>
      ) : null}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={include}
          onChange={(event) => setIncludeOtherNumbers(event.currentTarget.checked)}
        />
        <span>Include them anyway</span>
      </label>
    </fieldset>
  );
}
