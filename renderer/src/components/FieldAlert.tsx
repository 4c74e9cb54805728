// A problem said where it applies (under a field, above a step's buttons): the error icon and
// the words, announced as they appear.
import type { ReactNode } from 'react';
import { ErrorIcon } from './Icons.tsx';

export function FieldAlert({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p id={id} className="field-error" role="alert">
      <ErrorIcon />
      <span>{children}</span>
    </p>
  );
}
