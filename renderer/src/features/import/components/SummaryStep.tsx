// Step 6: what became of every row of the file: set up, updated, skipped (and why), failed
// (and why), waiting for a decision, with the rows listed by outcome and exportable as CSV.
import { useEffect } from 'react';
import type { ImportRowResult } from '../../../../../shared/import.schema.ts';
import { fullName } from '../../../lib/names.ts';
import { goToStep, startOver } from '../store/import-flow.ts';
import {
  dismissExport,
  exportSummary,
  openSummary,
  selectSummaryRow,
  setOutcome,
  summaryPages,
  useImportRun,
  type OutcomeFilter,
} from '../store/import-run.ts';
import { navigate } from '../../../store/view.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Spinner } from '../../../components/Icons.tsx';
import { VirtualList } from '../../../components/VirtualList.tsx';
import { listHeight } from '../../../lib/list-height.ts';
import { StepHeading } from './StepHeading.tsx';
import { HeldNote } from './HeldNote.tsx';
import { UndoDialog } from './UndoDialog.tsx';
import { openUndo } from '../store/import-undo.ts';
import { SUMMARY_TITLES, useNumberText } from '../plan/plan-text.ts';

const ROW_HEIGHT = 52;
const count = new Intl.NumberFormat('en-US');

export const OUTCOME_LABELS: Record<
  Exclude<OutcomeFilter, 'all'>,
  { text: string; tone: string }
> = {
  'set-up': { text: 'Set up', tone: 'success' },
  updated: { text: 'Updated', tone: 'success' },
  skipped: { text: 'Skipped', tone: 'neutral' },
  failed: { text: 'Failed', tone: 'danger' },
  'needs-decision': { text: 'Needs your decision', tone: 'warning' },
  cancelled: { text: 'Cancelled', tone: 'neutral' },
  pending: { text: 'Still to send', tone: 'accent' },
};

function SummaryRow({ row }: { row: ImportRowResult | undefined }) {
  const numberText = useNumberText();
  if (!row) {
    return (
      <>
        <span className="virtual-list-placeholder" aria-hidden="true" />
        <span className="visually-hidden">Loading…</span>
      </>
    );
  }
  const label = OUTCOME_LABELS[row.outcome];
  return (
    <div className="line-row import-row summary-row">
      <span className="line-col-line">
        <span className="visually-hidden">Line </span>
        {row.line}
        <span className="visually-hidden">: </span>
      </span>
      <span className="line-col-number">{numberText(row.phoneNumber)}</span>
      <span className="line-col-name">{fullName(row.firstName, row.lastName)}</span>
      <span className="line-col-status">
        <span className={`badge badge-${label.tone}`}>{label.text}</span>
        {row.action === 'update' && row.outcome !== 'updated' ? (
          <span className="badge badge-neutral">Update</span>
        ) : null}
      </span>
      <span
        className={
          row.outcome === 'failed' ? 'import-reasons import-reasons-error' : 'import-reasons'
        }
      >
        {row.reason ?? ''}
        {row.error?.traceId ? ` (reference ${row.error.traceId})` : ''}
      </span>
    </div>
  );
}

function SummaryList() {
  const total = useImportRun((state) => state.total);
  const selected = useImportRun((state) => state.selected);
  const error = useImportRun((state) => state.rowsError);
  useImportRun((state) => state.version); // re-render as pages arrive
  if (error) return <ErrorAlert error={error} title="The rows could not be read" />;
  if (total === null) {
    return (
      <p className="muted list-message" role="status">
        <Spinner /> Loading the rows…
      </p>
    );
  }
  if (total === 0) return <p className="muted list-message">No rows with this outcome.</p>;
  return (
    <VirtualList
      count={total}
      rowHeight={ROW_HEIGHT}
      height={listHeight(total, ROW_HEIGHT)}
      label={`Rows of the import, ${total} shown`}
      renderRow={(index) => <SummaryRow row={summaryPages.get(index)} />}
      onVisibleRangeChange={(first, last) => summaryPages.ensure(first, last)}
      selectedIndex={selected}
      onSelect={selectSummaryRow}
      getRowId={(index) => `import-summary-row-${index}`}
    />
  );
}

function ExportOutcome() {
  const exported = useImportRun((state) => state.exported);
  const error = useImportRun((state) => state.exportError);
  if (error)
    return <ErrorAlert error={error} title="The export failed" onDismiss={dismissExport} />;
  if (!exported) return null;
  return (
    <p className="alert alert-info" role="status">
      Exported {exported.rows} {exported.rows === 1 ? 'row' : 'rows'} to {exported.path}.
      <button type="button" className="link-button" onClick={dismissExport}>
        Dismiss
      </button>
    </p>
  );
}

export function SummaryStep() {
  const progress = useImportRun((state) => state.progress);
  const outcome = useImportRun((state) => state.outcome);
  const exporting = useImportRun((state) => state.exporting);
  useEffect(() => openSummary(), []);
  if (!progress) return null;
  const { counts } = progress;
  const all = progress.total + counts.skipped;
  const items: { outcome: Exclude<OutcomeFilter, 'all'>; value: number }[] = [
    { outcome: 'set-up', value: counts.setUp },
    { outcome: 'updated', value: counts.updated },
    { outcome: 'skipped', value: counts.skipped },
    { outcome: 'failed', value: counts.failed },
    { outcome: 'needs-decision', value: counts.needsDecision },
    { outcome: 'cancelled', value: counts.cancelled },
    { outcome: 'pending', value: counts.pending },
  ];
  const shown = items.filter(
    (item) => item.value > 0 || (item.outcome !== 'cancelled' && item.outcome !== 'pending'),
  );
  return (
    <div className="panel import-step">
      <StepHeading id="import-step-title">{SUMMARY_TITLES[progress.kind]}</StepHeading>
      <p className="muted">
        {progress.fileName}: {count.format(all)} {all === 1 ? 'row' : 'rows'}
        {counts.pending > 0 ? ', some still being sent' : ''}.
      </p>
      <dl className="import-counts">
        {shown.map((item) => (
          <div
            className={`import-count import-count-${OUTCOME_LABELS[item.outcome].tone}`}
            key={item.outcome}
          >
            <dt>{OUTCOME_LABELS[item.outcome].text}</dt>
            <dd>{count.format(item.value)}</dd>
          </div>
        ))}
      </dl>
      <HeldNote importId={progress.id} />
      {counts.needsDecision > 0 ? (
        <p className="note">
          {counts.needsDecision} {counts.needsDecision === 1 ? 'card waits' : 'cards wait'} for your
          decision in the outbox.
          <button type="button" className="link-button" onClick={() => navigate('outbox')}>
            Decide in the outbox
          </button>
        </p>
      ) : null}
      {counts.failed > 0 ? (
        <p className="note">
          Failed cards can be corrected and sent again from the outbox (Edit and resubmit).
        </p>
      ) : null}
      <div className="list-toolbar">
        <div className="list-filter">
          <label htmlFor="import-summary-filter">Show</label>
          <select
            id="import-summary-filter"
            className="input select"
            value={outcome}
            onChange={(event) => setOutcome(event.currentTarget.value as OutcomeFilter)}
          >
            <option value="all">All rows ({count.format(all)})</option>
            {shown.map((item) => (
              <option key={item.outcome} value={item.outcome}>
                {OUTCOME_LABELS[item.outcome].text} ({count.format(item.value)})
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={exporting}
          onClick={() => void exportSummary()}
        >
          {exporting ? <Spinner /> : null}
          Export summary as CSV
        </button>
      </div>
      <ExportOutcome />
      <div className="panel panel-flush import-list">
        <div className="line-row import-row summary-row import-head" aria-hidden="true">
          <span className="line-col-line">Line</span>
          <span className="line-col-number">Number</span>
          <span className="line-col-name">Name</span>
          <span className="line-col-status">Outcome</span>
        </div>
        <div className="import-list-body">
          <SummaryList />
        </div>
      </div>
      <div className="form-actions step-actions">
        {counts.pending > 0 ? (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => goToStep('progress')}
          >
            Back to the progress
          </button>
        ) : null}
        {/* An undo or a restore is repaired by another restore, not by undoing it. */}
        {progress.kind === 'file' ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void openUndo(progress.id)}
          >
            Undo this import…
          </button>
        ) : null}
        <button type="button" className="button button-primary" onClick={startOver}>
          Import another file
        </button>
      </div>
      <UndoDialog />
    </div>
  );
}
