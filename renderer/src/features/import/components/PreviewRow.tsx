// One row of the preview: where it is in the file, the number as it will be sent, the names,
// the image, and what happens to it with the reasons. Not interactive (it is an option of the
// list); the full reasons and the row's choices are in the detail below the list.
import type { PlannedRow } from '../plan/import-plan.ts';
import { PLANNED_LABELS, imageText, useNumberText } from '../plan/plan-text.ts';

export function PreviewRow({ row }: { row: PlannedRow }) {
  const { check } = row;
  const numberText = useNumberText();
  const label = PLANNED_LABELS[row.status];
  const reasons = (row.note ? [...row.problems, row.note] : row.problems).join(' · ');
  return (
    <div className="line-row import-row">
      <span className="line-col-line">
        <span className="visually-hidden">Line </span>
        {check.line}
        <span className="visually-hidden">: </span>
      </span>
      <span className="line-col-number">
        {check.phoneNumber ? (
          numberText(check.phoneNumber)
        ) : (
          <span className="import-invalid">{check.phoneInput || 'No number'}</span>
        )}
      </span>
      <span className="line-col-name">
        {[check.firstName, check.lastName].filter(Boolean).join(' ') || (
          <span className="import-invalid">No name</span>
        )}
      </span>
      <span className="line-col-image">
        {check.image ? (
          <>
            <span className="visually-hidden">Image: </span>
            {imageText(row)}
          </>
        ) : null}
      </span>
      <span className="line-col-status">
        <span className={`badge badge-${label.tone}`}>{label.text}</span>
        {row.action === 'update' ? <span className="badge badge-accent">Update</span> : null}
        {check.duplicateOf !== null ? <span className="badge badge-warning">Duplicate</span> : null}
      </span>
      <span
        className={
          row.status === 'error' ? 'import-reasons import-reasons-error' : 'import-reasons'
        }
      >
        {reasons}
      </span>
    </div>
  );
}
