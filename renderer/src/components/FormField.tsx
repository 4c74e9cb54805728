// A labelled form field: label, the control, and the texts that describe it (error first),
// wired with aria-invalid and aria-describedby.
import type { ReactNode } from 'react';
import { ErrorIcon, WarningIcon } from './Icons.tsx';

export interface ControlA11yProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface FormFieldProps {
  id: string;
  label: string;
  optional?: boolean;
  /** Shown next to the label, e.g. a character counter. */
  aside?: ReactNode;
  asideTone?: 'normal' | 'danger';
  error?: string | null;
  /** Allowed but worth a second look, e.g. a number that is not one of the account's lines. */
  warning?: ReactNode;
  /** Good news about the value, e.g. "Will be sent as +14155550132". */
  status?: ReactNode;
  hint?: ReactNode;
  children: (control: ControlA11yProps) => ReactNode;
}

export function FormField(props: FormFieldProps) {
  const { id, label, optional, aside, asideTone, error, warning, status, hint, children } = props;
  const ids = {
    error: `${id}-error`,
    warning: `${id}-warning`,
    status: `${id}-status`,
    hint: `${id}-hint`,
    aside: `${id}-aside`,
  };
  const describedBy = [
    error ? ids.error : null,
    warning && !error ? ids.warning : null,
    status && !error ? ids.status : null,
    hint ? ids.hint : null,
    aside ? ids.aside : null,
  ]
    .filter((value) => value !== null)
    .join(' ');
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <div className="field-head">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        {optional ? <span className="field-optional">Optional</span> : null}
        {aside ? (
          <span
            id={ids.aside}
            className={asideTone === 'danger' ? 'field-aside field-aside-danger' : 'field-aside'}
          >
            {aside}
          </span>
        ) : null}
      </div>
      {children({
        id,
        'aria-invalid': Boolean(error),
        'aria-describedby': describedBy || undefined,
      })}
      {error ? (
        <p id={ids.error} className="field-error">
          <ErrorIcon />
          <span>{error}</span>
        </p>
      ) : null}
      {warning && !error ? (
        <p id={ids.warning} className="field-warning">
          <WarningIcon />
          <span>{warning}</span>
        </p>
      ) : null}
      {status && !error ? (
        <p id={ids.status} className="field-status">
          {status}
        </p>
      ) : null}
      {hint ? (
        <p id={ids.hint} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
