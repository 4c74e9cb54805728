// A table of some of the file's rows, by their line in the file, number and name (Confirm lists
// the rows left out, and the numbers that are not the account's lines, this way).
import type { ReactNode } from 'react';
import type { PlannedRow } from '../plan/import-plan.ts';
import { fullName } from '../../../lib/names.ts';
import { useNumberText } from '../plan/plan-text.ts';

export function PlanRowsTable({
  caption,
  rows,
  why,
}: {
  caption: string;
  rows: readonly PlannedRow[];
  /** A last column saying why each row is listed; none when the heading says it for all. */
  why?: (row: PlannedRow) => ReactNode;
}) {
  const numberText = useNumberText();
  return (
    <div className="decision-table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Number</th>
            <th scope="col">Name</th>
            {why ? <th scope="col">Why</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.check.index}>
              <td>{row.check.line}</td>
              <td className="data-table-number">
                {row.check.phoneNumber ? numberText(row.check.phoneNumber) : row.check.phoneInput}
              </td>
              <td>{fullName(row.check.firstName, row.check.lastName)}</td>
              {why ? <td>{why(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
