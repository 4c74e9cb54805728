// Step 3: every row as it will be imported, with the counts, the checks only main can make
// (local images, numbers that already have a card) and their progress, and the choice for
// numbers that already have a card.
import { StepActions } from './StepActions.tsx';
import { useImportFlow } from '../store/import-flow.ts';
import { usePlan } from '../store/import-plan-selectors.ts';
import { retryImageChecks, retryLookup } from '../store/import-source.ts';
import { toConfirm } from '../store/import-steps.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Spinner } from '../../../components/Icons.tsx';
import { CountryNote } from './CountryNote.tsx';
import { ExistingCards } from './ExistingCards.tsx';
import { ImageFolderNote } from './ImageFolderNote.tsx';
import { ParseProgress } from './ParseProgress.tsx';
import { PreviewList } from './PreviewList.tsx';
import { StepHeading } from './StepHeading.tsx';

const count = new Intl.NumberFormat('en-US');

function Counts() {
  const { counts } = usePlan();
  const items: { label: string; value: number; tone: string }[] = [
    { label: 'Ready', value: counts.ready, tone: 'success' },
    { label: 'With warnings', value: counts.warning, tone: 'warning' },
    { label: 'With errors (left out)', value: counts.error, tone: 'danger' },
    { label: 'Already have a card', value: counts.hasCard, tone: 'neutral' },
    { label: 'Duplicate numbers', value: counts.duplicates, tone: 'neutral' },
  ];
  return (
    <dl className="import-counts" aria-label={`${count.format(counts.rows)} rows`}>
      <div className="import-count">
        <dt>Rows</dt>
        <dd>{count.format(counts.rows)}</dd>
      </div>
      {items.map((item) => (
        <div className={`import-count import-count-${item.tone}`} key={item.label}>
          <dt>{item.label}</dt>
          <dd>{count.format(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Checks() {
  const images = useImportFlow((state) => state.images);
  const known = useImportFlow((state) => state.known);
  const knownError = useImportFlow((state) => state.knownError);
  return (
    <div className="import-checks">
      {known === null && knownError === null ? (
        <p className="note" role="status">
          <Spinner /> Looking up which numbers already have a card…
        </p>
      ) : null}
      {knownError ? (
        <ErrorAlert
          error={knownError}
          title="The app could not look up which numbers already have a card"
          onRetry={retryLookup}
        />
      ) : null}
      {images.checking ? (
        <label className="upload-progress">
          <span role="status">
            <Spinner /> Checking the local images… {images.done} of {images.total}
          </span>
          <progress max={images.total} value={images.done} />
        </label>
      ) : null}
      {images.error ? (
        <ErrorAlert
          error={images.error}
          title="The local images could not all be checked"
          onRetry={retryImageChecks}
        />
      ) : null}
      <ImageFolderNote />
    </div>
  );
}

export function PreviewStep() {
  const stepError = useImportFlow((state) => state.stepError);
  const parsing = useImportFlow((state) => state.parsing !== null);
  const name = useImportFlow((state) => state.source?.name ?? '');
  const busy = useImportFlow(
    (state) =>
      state.parsing !== null ||
      state.images.checking ||
      (state.known === null && state.knownError === null),
  );
  return (
    <div className="panel import-step">
      <StepHeading id="import-step-title">Check the rows</StepHeading>
      <p className="muted">
        Each row is checked with the same rules as the New card form. Rows with errors are left out;
        fix them in the file and import it again, or import the good rows now.
      </p>
      {parsing ? <ParseProgress name={name} /> : null}
      <Counts />
      <CountryNote />
      <Checks />
      <ExistingCards />
      <PreviewList />
      <StepActions back="map" problem={stepError} busy={busy} onNext={toConfirm}>
        Continue
      </StepActions>
    </div>
  );
}
