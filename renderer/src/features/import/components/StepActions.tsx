// The foot of an import step: what stops the user going on (in words), Back, and the step's
// one way forward. aria-disabled rather than disabled, so the button stays focusable and its
// click can say why nothing happens.
import type { ReactNode } from 'react';
import type { ImportStep } from '../store/import-flow.ts';
import { goToStep } from '../store/import-flow.ts';
import { FieldAlert } from '../../../components/FieldAlert.tsx';

interface StepActionsProps {
  back: ImportStep;
  /** Why the step cannot go on yet; null when nothing stands in the way. */
  problem?: string | null;
  busy: boolean;
  onNext: () => void;
  children: ReactNode;
}

export function StepActions({ back, problem = null, busy, onNext, children }: StepActionsProps) {
  return (
    <>
      {problem ? <FieldAlert>{problem}</FieldAlert> : null}
      <div className="form-actions step-actions">
        <button type="button" className="button button-quiet" onClick={() => goToStep(back)}>
          Back
        </button>
        <button
          type="button"
          className="button button-primary"
          aria-disabled={busy}
          onClick={onNext}
        >
          {children}
        </button>
      </div>
    </>
  );
}
