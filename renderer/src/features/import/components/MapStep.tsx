// Step 2: which column holds which field, as guessed from the header (or the cells), with the
// first rows of the file shown so the user can see what each column holds. Every change is
// checked again by the worker.
import { StepActions } from './StepActions.tsx';
import type { ColumnMap, ImportField, ParsedImport } from '../parse/import-parser.ts';
import { useImportFlow } from '../store/import-flow.ts';
import { setColumn, setHasHeader } from '../store/import-source.ts';
import { toPreview } from '../store/import-steps.ts';
import { FieldAlert } from '../../../components/FieldAlert.tsx';
import { ParseProgress } from './ParseProgress.tsx';
import { StepHeading } from './StepHeading.tsx';

const FIELDS: readonly { field: ImportField; label: string; required: boolean }[] = [
  { field: 'phone', label: 'Phone number', required: true },
  { field: 'firstName', label: 'First name', required: true },
  { field: 'lastName', label: 'Last name', required: false },
  { field: 'image', label: 'Image (https:// address or file path)', required: false },
];

const SAMPLE_ROWS = 3;
const DELIMITERS: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };

function columnName(parsed: ParsedImport, column: number): string {
  const header = parsed.header?.[column]?.trim();
  if (header) return `Column ${column + 1}: ${header}`;
  const sample = parsed.rows.find((row) => (row.cells[column] ?? '').trim() !== '')?.cells[column];
  return sample
    ? `Column ${column + 1} (e.g. ${sample.trim().slice(0, 30)})`
    : `Column ${column + 1}`;
}

function fieldOf(map: ColumnMap, column: number): string | null {
  return FIELDS.find(({ field }) => map[field] === column)?.label.replace(/ \(.*\)$/, '') ?? null;
}

function SampleTable({ parsed, map }: { parsed: ParsedImport; map: ColumnMap }) {
  const columns = Array.from({ length: parsed.columnCount }, (_, index) => index);
  const rows = parsed.rows.slice(0, SAMPLE_ROWS);
  return (
    <div className="sample-table-wrap">
      <table className="data-table sample-table">
        <caption className="visually-hidden">The first rows of the file, by column</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            {columns.map((column) => {
              const field = fieldOf(map, column);
              return (
                <th key={column} scope="col">
                  {parsed.header?.[column]?.trim() || `Column ${column + 1}`}
                  <span className={field ? 'badge badge-accent' : 'badge badge-neutral'}>
                    {field ?? 'Not used'}
                  </span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.index}>
              <td>{row.line}</td>
              {columns.map((column) => (
                <td key={column}>{row.cells[column] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MapStep() {
  const parsed = useImportFlow((state) => state.parsed);
  const map = useImportFlow((state) => state.map);
  const hasHeader = useImportFlow((state) => state.hasHeader);
  const parsing = useImportFlow((state) => state.parsing !== null);
  const sourceError = useImportFlow((state) => state.sourceError);
  const stepError = useImportFlow((state) => state.stepError);
  const name = useImportFlow((state) => state.source?.name ?? '');
  if (!parsed || !map) return null;
  const columns = Array.from({ length: parsed.columnCount }, (_, index) => index);
  const rows = parsed.rows.length;
  return (
    <div className="panel import-step">
      <StepHeading id="import-step-title">Map the columns</StepHeading>
      <p className="muted">
        {name} · {rows} {rows === 1 ? 'row' : 'rows'} · separated by{' '}
        {DELIMITERS[parsed.delimiter] ?? `“${parsed.delimiter}”`}. Check which column holds each
        field; the guesses come from the {parsed.header ? 'header row' : 'cells'}.
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={hasHeader}
          onChange={(event) => setHasHeader(event.currentTarget.checked)}
        />
        <span>The first row is a header (column names, not a card)</span>
      </label>
      <div className="map-grid">
        {FIELDS.map(({ field, label, required }) => (
          <div className="field" key={field}>
            <div className="field-head">
              <label className="field-label" htmlFor={`import-map-${field}`}>
                {label}
              </label>
              {required ? null : <span className="field-optional">Optional</span>}
            </div>
            <select
              id={`import-map-${field}`}
              className="input select"
              value={map[field] ?? ''}
              aria-invalid={required && map[field] === null}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setColumn(field, value === '' ? null : Number(value));
              }}
            >
              <option value="">{required ? 'Choose a column…' : 'Not in the file'}</option>
              {columns.map((column) => (
                <option key={column} value={column}>
                  {columnName(parsed, column)}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {parsing ? <ParseProgress name={name} /> : null}
      {sourceError ? <FieldAlert>{sourceError}</FieldAlert> : null}
      <SampleTable parsed={parsed} map={map} />
      <StepActions back="choose" problem={stepError} busy={parsing} onNext={toPreview}>
        Preview the rows
      </StepActions>
    </div>
  );
}
