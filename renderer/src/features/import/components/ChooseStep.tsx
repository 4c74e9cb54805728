// Step 1: the rows to import, from a file (dropped, or chosen in main's own dialog, which lets
// main read the images in the file's folder) or pasted from a spreadsheet (which copies them
// as tab-separated text).
import { useFileDrop } from '../../../lib/use-file-drop.ts';
import { goToStep, setPasted, useImportFlow } from '../store/import-flow.ts';
import { chooseFile, openFileInMain, readPastedRows } from '../store/import-source.ts';
import { useImportRun } from '../store/import-run.ts';
import { ErrorIcon, UploadIcon } from '../../../components/Icons.tsx';
import { ParseProgress } from './ParseProgress.tsx';
import { StepHeading } from './StepHeading.tsx';

const ERROR_ID = 'import-source-error';

function LastImport() {
  const progress = useImportRun((state) => state.progress);
  if (!progress) return null;
  const sending = progress.counts.pending > 0;
  return (
    <p className="note">
      {sending
        ? `Your import of ${progress.fileName} is still being sent.`
        : `Your last import: ${progress.fileName}.`}
      <button
        type="button"
        className="link-button"
        onClick={() => goToStep(sending ? 'progress' : 'summary')}
      >
        {sending ? 'See its progress' : 'See its summary'}
      </button>
    </p>
  );
}

export function ChooseStep() {
  const drop = useFileDrop((data) => {
    const file = data.files[0];
    if (file) chooseFile(file);
  });
  const dragging = drop.dragging;
  const pasted = useImportFlow((state) => state.pasted);
  const error = useImportFlow((state) => state.sourceError);
  const parsing = useImportFlow((state) => state.parsing !== null);
  const name = useImportFlow((state) => state.source?.name ?? null);

  return (
    <div className="panel import-step">
      <StepHeading id="import-step-title">Choose the rows to import</StepHeading>
      <p className="muted">
        A CSV file, or rows copied from a spreadsheet, with a phone number, a first name (or
        business name), an optional last name and an optional image: an https:// address or the path
        of a picture on this computer. One row per card; a header row is recognised.
      </p>
      <LastImport />
      <div
        className={`drop-zone import-drop${dragging ? ' drop-zone-active' : ''}`}
        {...drop.handlers}
      >
        <UploadIcon />
        <span>{dragging ? 'Drop the file to read it' : 'Drop a CSV file here'}</span>
        <span className="drop-zone-hint">.csv, .tsv or .txt · up to 5 MB and 50,000 rows</span>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={parsing}
          aria-describedby={error ? ERROR_ID : undefined}
          onClick={() => {
            if (!parsing) void openFileInMain();
          }}
        >
          Choose file…
        </button>
      </div>
      {parsing ? <ParseProgress name={name} /> : null}
      {error ? (
        <p className="field-error" id={ERROR_ID} role="alert">
          <ErrorIcon />
          <span>{error}</span>
        </p>
      ) : null}
      <div className="field">
        <label className="field-label" htmlFor="import-paste">
          Or paste rows copied from a spreadsheet
        </label>
        <textarea
          id="import-paste"
          className="input textarea input-mono"
          rows={6}
          spellCheck={false}
          placeholder={'Phone\tFirst name\tLast name\n(415) 555-0132\tDowntown\tStore'}
          value={pasted}
          onChange={(event) => setPasted(event.currentTarget.value)}
        />
        <div className="form-actions">
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={parsing}
            onClick={() => {
              if (!parsing) readPastedRows();
            }}
          >
            Use the pasted rows
          </button>
        </div>
      </div>
    </div>
  );
}
