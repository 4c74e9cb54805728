// Rows whose number already has a card: skip them all, update them all, or decide row by row
// (a table of just those rows, each with its own choice).
import { useMemo } from 'react';
import { NOTHING_TO_UPDATE_NOTE } from '../../../../../shared/import-patch.ts';
import type { ExistingPolicy, PlannedRow, RowDecision } from '../plan/import-plan.ts';
import { fullName } from '../../../lib/names.ts';
import { decide, setPolicy, useImportFlow } from '../store/import-flow.ts';
import { usePlan } from '../store/import-plan-selectors.ts';
import { STATUS_LABELS } from '../../../components/history/StatusBadge.tsx';
import { useNumberText } from '../plan/plan-text.ts';

const POLICIES: readonly { value: ExistingPolicy; label: string }[] = [
  { value: 'skip', label: 'Skip them (keep their cards as they are)' },
  { value: 'update', label: 'Update their cards with the file’s details' },
  { value: 'ask', label: 'Let me choose for each' },
];

/** More than this and the table offers a choice for all instead of an endless list. */
const MAX_TABLE_ROWS = 300;

function DecisionTable({ rows }: { rows: PlannedRow[] }) {
  const decisions = useImportFlow((state) => state.decisions);
  const numberText = useNumberText();
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  return (
    <div className="decision-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Numbers that already have a card</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Number</th>
            <th scope="col">In the file</th>
            <th scope="col">Card now</th>
            <th scope="col">Choice</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const { check, existing } = row;
            const number = check.phoneNumber ?? '';
            const id = `import-decision-${check.index}`;
            return (
              <tr key={check.index}>
                <td>{check.line}</td>
                <td className="data-table-number">{numberText(number)}</td>
                <td>{fullName(check.firstName, check.lastName)}</td>
                <td>
                  {existing ? fullName(existing.firstName, existing.lastName) || 'No name' : ''}{' '}
                  {existing ? (
                    <span className="muted small">({STATUS_LABELS[existing.status].text})</span>
                  ) : null}
                </td>
                <td>
                  <label className="visually-hidden" htmlFor={id}>
                    Choice for line {check.line}, {numberText(number)}
                  </label>
                  <select
                    id={id}
                    className="input select input-compact"
                    value={decisions.get(number) ?? ''}
                    onChange={(event) =>
                      decide(number, (event.currentTarget.value || null) as RowDecision | null)
                    }
                  >
                    <option value="">Choose…</option>
                    <option value="skip">Skip</option>
                    <option value="update">Update its card</option>
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length ? (
        <p className="muted small">
          Showing the first {shown.length} of {rows.length}. For this many, choose one option for
          all of them above.
        </p>
      ) : null}
    </div>
  );
}

export function ExistingCards() {
  const policy = useImportFlow((state) => state.policy);
  const plan = usePlan().rows;
  // Rows left out for an error are left out whatever the choice.
  const rows = useMemo(
    () => plan.filter((row) => row.existing !== null && row.status !== 'error'),
    [plan],
  );
  const count = rows.length;
  if (count === 0) return null;
  return (
    <fieldset className="existing-cards">
      <legend className="field-label">
        {count} {count === 1 ? 'number already has a card' : 'numbers already have a card'}. For
        them:
      </legend>
      <div className="radio-group">
        {POLICIES.map(({ value, label }) => (
          <label className="checkbox" key={value}>
            <input
              type="radio"
              name="import-existing"
              value={value}
              checked={policy === value}
              onChange={() => setPolicy(value)}
            />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {policy === 'ask' ? (
        // A row that would change nothing on its card has nothing to decide.
        <DecisionTable rows={rows.filter((row) => row.note !== NOTHING_TO_UPDATE_NOTE)} />
      ) : null}
    </fieldset>
  );
}
