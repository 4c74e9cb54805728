// Every row of the file in a virtualised list (10,000 rows scroll as smoothly as 10), with a
// filter by status, and the selected row's full reasons below it.
import type { PlanCounts, StatusFilter } from '../plan/import-plan.ts';
import { selectRow, setFilter, useImportFlow } from '../store/import-flow.ts';
import { usePlan, useSelectedRow, useVisibleRows } from '../store/import-plan-selectors.ts';
import { VirtualList } from '../../../components/VirtualList.tsx';
import { listHeight } from '../../../lib/list-height.ts';
import { FILTER_LABELS, PLANNED_LABELS, imageText, useNumberText } from '../plan/plan-text.ts';
import { PreviewRow } from './PreviewRow.tsx';

const ROW_HEIGHT = 56;
const FILTERS: readonly StatusFilter[] = [
  'all',
  'ready',
  'warning',
  'error',
  'has-card',
  'duplicate',
];

function filterCount(filter: StatusFilter, counts: PlanCounts): number {
  switch (filter) {
    case 'all':
      return counts.rows;
    case 'has-card':
      return counts.hasCard;
    case 'duplicate':
      return counts.duplicates;
    default:
      return counts[filter];
  }
}

function SelectedRow() {
  const plan = usePlan().rows;
  const selected = useSelectedRow();
  const numberText = useNumberText();
  const row = selected !== null ? plan[selected] : undefined;
  if (!row) {
    return <p className="muted small">Select a row to see all of its details.</p>;
  }
  const { check } = row;
  const label = PLANNED_LABELS[row.status];
  const reasons = row.note ? [...row.problems, row.note] : row.problems;
  return (
    <div className="import-detail">
      <p>
        <strong>Line {check.line}</strong> ·{' '}
        {check.phoneNumber ? numberText(check.phoneNumber) : check.phoneInput || 'no number'} ·{' '}
        {[check.firstName, check.lastName].filter(Boolean).join(' ') || 'no name'}
        {check.image ? ` · image ${imageText(row)}` : ''} ·{' '}
        <span className={`badge badge-${label.tone}`}>{label.text}</span>
      </p>
      {reasons.length > 0 ? (
        <ul className="import-detail-reasons">
          {reasons.map((reason, index) => (
            <li key={index}>{reason}</li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Nothing to report: it will be imported as it is.</p>
      )}
    </div>
  );
}

export function PreviewList() {
  const { rows: plan, counts } = usePlan();
  const visible = useVisibleRows();
  const filter = useImportFlow((state) => state.filter);
  const selected = useSelectedRow();
  const selectedIndex = selected === null ? null : visible.indexOf(selected);
  return (
    <div className="import-preview">
      <div className="list-toolbar">
        <div className="list-filter">
          <label htmlFor="import-filter">Show</label>
          <select
            id="import-filter"
            className="input select"
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value as StatusFilter)}
          >
            {FILTERS.map((value) => (
              <option key={value} value={value}>
                {FILTER_LABELS[value]} ({filterCount(value, counts).toLocaleString('en-US')})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="panel panel-flush import-list">
        <div className="line-row import-row import-head" aria-hidden="true">
          <span className="line-col-line">Line</span>
          <span className="line-col-number">Number</span>
          <span className="line-col-name">Name</span>
          <span className="line-col-image">Image</span>
          <span className="line-col-status">Status</span>
        </div>
        {visible.length === 0 ? (
          <p className="muted list-message">No rows match.</p>
        ) : (
          <div className="import-list-body">
            <VirtualList
              count={visible.length}
              rowHeight={ROW_HEIGHT}
              height={listHeight(visible.length, ROW_HEIGHT)}
              label={`Rows of the file, ${visible.length.toLocaleString('en-US')} shown`}
              renderRow={(index) => {
                const row = plan[visible[index] ?? -1];
                return row ? <PreviewRow row={row} /> : null;
              }}
              selectedIndex={selectedIndex !== null && selectedIndex >= 0 ? selectedIndex : null}
              onSelect={(index) => selectRow(visible[index] ?? null)}
              getRowId={(index) => `import-row-${index}`}
            />
          </div>
        )}
      </div>
      <SelectedRow />
    </div>
  );
}
