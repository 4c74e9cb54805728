// How any failed request is shown: the catalogue's plain-language message, Linq's details,
// when to try again, Linq's page about the error, the trace id for support, and a Retry
// button where retrying helps.
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.schema.ts';
import { clockTimeIn } from '../lib/time.ts';
import { ErrorIcon } from './Icons.tsx';
import { linqDocsUrl } from './linq-docs-url.ts';
import { TraceReference } from './TraceReference.tsx';

interface ErrorAlertProps {
  error: AppError;
  title?: string;
  /** Offered when the error's suggested action is 'retry'. */
  onRetry?: () => void;
  onDismiss?: () => void;
}

function retryAfterText(seconds: number, shownAt: number): string {
  const rounded = Math.max(1, Math.ceil(seconds));
  const wait = rounded === 1 ? '1 second' : `${rounded} seconds`;
  return `Linq asks to wait ${wait}: try again after ${clockTimeIn(rounded, shownAt)}.`;
}

export function ErrorAlert({ error, title, onRetry, onDismiss }: ErrorAlertProps) {
  // Fixed when the alert first shows, so "after 14:32:05" does not drift on re-render.
  const [shownAt] = useState(() => Date.now());
  const canRetry = onRetry !== undefined && error.action === 'retry';
  const ref = useRef<HTMLDivElement>(null);
  const docsUrl = linqDocsUrl(error.docUrl);
  // A new error may appear below the fold (under a long form): bring it into view.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' }); // (returns a promise in new Chromium)
  }, []);
  return (
    <div ref={ref} className="alert alert-danger" role="alert">
      <ErrorIcon />
      <div className="alert-body">
        {title ? <p className="alert-title">{title}</p> : null}
        <p className="alert-message">{error.message}</p>
        {error.detail ? <p className="alert-detail">Details: {error.detail}</p> : null}
        {error.retryAfterSeconds !== undefined ? (
          <p className="alert-detail">{retryAfterText(error.retryAfterSeconds, shownAt)}</p>
        ) : null}
        {docsUrl ? (
          <p className="alert-detail">
            {/* A new window is refused by main, which opens the link in the system browser
                instead, if it is Linq's documentation (electron/main/web-contents-guards.ts). */}
            <a className="link-button" href={docsUrl} target="_blank" rel="noreferrer">
              Linq’s explanation of this error
            </a>
          </p>
        ) : null}
        {error.traceId ? <TraceReference traceId={error.traceId} error={error} /> : null}
        {canRetry || onDismiss ? (
          <div className="alert-actions">
            {canRetry ? (
              <button type="button" className="button button-secondary" onClick={onRetry}>
                Retry
              </button>
            ) : null}
            {onDismiss ? (
              <button type="button" className="button button-secondary" onClick={onDismiss}>
                Dismiss
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
