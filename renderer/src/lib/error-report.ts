// The text "Copy error report" puts on the clipboard: everything a support ticket needs in one
// paste (the app's version, the error's code and message, Linq's trace id and the time), in
// plain lines that read well in an e-mail and that Linq support can search for.
import type { AppError } from '../../../shared/errors.schema.ts';

export interface ErrorReportInput {
  traceId: string;
  /** The error the trace id belongs to, when the caller has it. */
  error?: AppError;
  /** The app's version, from main (null before the first handshake). */
  version: string | null;
  /** When the error happened (ISO 8601). */
  at: string;
}

export function errorReportText({ traceId, error, version, at }: ErrorReportInput): string {
  const lines = [
    'Linq Contact Cards error report',
    `App version: ${version ?? 'unknown'}`,
    `Time: ${at}`,
  ];
  if (error) {
    const linq = [
      error.status !== undefined ? `HTTP ${error.status}` : null,
      error.linqCode !== undefined ? `Linq code ${error.linqCode}` : null,
    ].filter((part) => part !== null);
    lines.push(`Error: ${error.code}${linq.length ? ` (${linq.join(', ')})` : ''}`);
    lines.push(`Message: ${error.message}`);
    if (error.detail && error.detail !== error.message) lines.push(`Detail: ${error.detail}`);
  }
  lines.push(`Linq trace id: ${traceId}`);
  return lines.join('\n');
}
