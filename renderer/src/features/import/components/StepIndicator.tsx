// Where the user is in the import: every step by name, the current one marked (in words for
// screen readers, not only by its look), those behind marked done.
import { IMPORT_STEPS, type ImportStep } from '../store/import-flow.ts';

export const STEP_LABELS: Record<ImportStep, string> = {
  choose: 'Choose file',
  map: 'Map columns',
  preview: 'Preview',
  confirm: 'Confirm',
  progress: 'Import',
  summary: 'Summary',
};

export function StepIndicator({ step }: { step: ImportStep }) {
  const current = IMPORT_STEPS.indexOf(step);
  return (
    <ol className="steps" aria-label="Import steps">
      {IMPORT_STEPS.map((item, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'next';
        return (
          <li
            key={item}
            className={`step step-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="step-number" aria-hidden="true">
              {index < current ? '✓' : index + 1}
            </span>
            <span className="step-label">{STEP_LABELS[item]}</span>
            {state === 'done' ? <span className="visually-hidden"> (done)</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
