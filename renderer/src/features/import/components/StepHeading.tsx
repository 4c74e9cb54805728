// A step's heading. When the user moves to another step it takes the focus, so keyboard and
// screen-reader users start at the top of the new step (not when they return to the screen:
// then the screen's own heading has it).
import { useEffect, useRef, type ReactNode } from 'react';
import { stepFocused, useImportFlow } from '../store/import-flow.ts';

export function StepHeading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!useImportFlow.getState().focusStep) return;
    ref.current?.focus();
    stepFocused();
  }, []);
  return (
    <h3 ref={ref} id={id} className="step-title" tabIndex={-1}>
      {children}
    </h3>
  );
}
