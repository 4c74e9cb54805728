// "Reference for support: <trace id>": selectable, with a button that copies a whole error
// report (app version, time, error code and message, trace id), because staff paste it into a
// support ticket and support asks for all of it.
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/errors.schema.ts';
import { errorReportText } from '../lib/error-report.ts';
import { shortcutText } from '../lib/shortcuts.ts';
import { useMainState } from '../store/main-state.ts';

interface TraceReferenceProps {
  traceId: string;
  /** The error the trace id belongs to: its code and message go into the report. */
  error?: AppError;
  /** When it happened (ISO 8601); by default, when this reference was first shown. */
  at?: string;
}

export function TraceReference({ traceId, error, at }: TraceReferenceProps) {
  const reportRef = useRef<HTMLTextAreaElement>(null);
  const [feedback, setFeedback] = useState<string | null>(null);
  // Shown only when the clipboard refused: the report, selected, for the user to copy by hand.
  const [manualReport, setManualReport] = useState<string | null>(null);
  const [shownAt] = useState(() => new Date().toISOString());
  const version = useMainState((state) => state.version);

  async function copy() {
    const report = errorReportText({ traceId, error, version, at: at ?? shownAt });
    try {
      await navigator.clipboard.writeText(report);
      setManualReport(null);
      setFeedback('Copied');
    } catch {
      // The clipboard may be off limits to the page (the app grants no permissions): the
      // report is shown selected instead, so the user can copy it by hand.
      setManualReport(report);
      setFeedback(`Selected: press ${shortcutText('C')} to copy`);
    }
  }

  useEffect(() => {
    if (manualReport === null) return;
    reportRef.current?.focus();
    reportRef.current?.select();
  }, [manualReport]);

  return (
    <p className="trace">
      <span>Reference for support: </span>
      <code className="trace-id">{traceId}</code>
      <button type="button" className="link-button" onClick={copy}>
        Copy error report
      </button>
      <span className="trace-feedback" role="status">
        {feedback}
      </span>
      {manualReport !== null ? (
        <textarea
          ref={reportRef}
          className="trace-report"
          aria-label="Error report"
          readOnly
          value={manualReport}
          rows={manualReport.split('\n').length}
          style={{ flexBasis: '100%', font: 'inherit', resize: 'none' }}
        />
      ) : null}
    </p>
  );
}
