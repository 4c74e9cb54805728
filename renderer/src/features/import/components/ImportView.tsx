// The Import screen: many cards at once from a spreadsheet, in steps (choose, map the
// columns, preview, confirm, send, summary) with the step shown above. Everything here is
// kept while the user visits other screens, and an import being sent is found again after
// the window reloads.
import { useEffect } from 'react';
import { goToStep, useImportFlow, type ImportStep } from '../store/import-flow.ts';
import { resumeLastImport } from '../store/import-run.ts';
import { ViewHeading } from '../../../components/ViewHeading.tsx';
import { ChooseStep } from './ChooseStep.tsx';
import { ConfirmStep } from './ConfirmStep.tsx';
import { MapStep } from './MapStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { ProgressStep } from './ProgressStep.tsx';
import { StepIndicator } from './StepIndicator.tsx';
import { SummaryStep } from './SummaryStep.tsx';

function CurrentStep({ step }: { step: ImportStep }) {
  switch (step) {
    case 'choose':
      return <ChooseStep />;
    case 'map':
      return <MapStep />;
    case 'preview':
      return <PreviewStep />;
    case 'confirm':
      return <ConfirmStep />;
    case 'progress':
      return <ProgressStep />;
    case 'summary':
      return <SummaryStep />;
  }
}

export function ImportView() {
  const step = useImportFlow((state) => state.step);
  useEffect(() => {
    const { step: now, source } = useImportFlow.getState();
    if (now !== 'choose' || source) return;
    // An import still being sent is shown at once; a finished one is offered ("Your last import").
    void resumeLastImport().then((found) => {
      if (found === 'sending' && useImportFlow.getState().step === 'choose') goToStep('progress');
    });
  }, []);
  return (
    <section className="view-section" aria-labelledby="import-view-title">
      <div className="view-head">
        <ViewHeading id="import-view-title">Import cards</ViewHeading>
        <p className="view-lead">
          Set up or update the cards of many lines at once from a spreadsheet.
        </p>
      </div>
      <StepIndicator step={step} />
      <CurrentStep key={step} step={step} />
    </section>
  );
}
