// The error report that "Copy error report" (next to a Linq trace id) puts on the clipboard:
// everything a support ticket needs, in one paste.
import { describe, expect, it } from 'vitest';
import { errorReportText } from '../../../../renderer/src/lib/error-report.ts';
import { appError } from '../../../../shared/errors.schema.ts';

const AT = '2026-03-01T10:15:00.000Z';

describe('errorReportText', () => {
  it('holds the app version, the time, the code with its HTTP status, the message and the trace id', () => {
    const error = appError('INVALID_INPUT', {
      status: 400,
      linqCode: 1005,
      traceId: 'trace-1005',
      detail: 'first_name is not allowed',
    });
    expect(
      errorReportText({ traceId: 'trace-1005', error, version: '1.4.0', at: AT }).split('\n'),
    ).toEqual([
      'Linq Contact Cards error report',
      'App version: 1.4.0',
      `Time: ${AT}`,
      'Error: INVALID_INPUT (HTTP 400, Linq code 1005)',
      `Message: ${error.message}`,
      'Detail: first_name is not allowed',
      'Linq trace id: trace-1005',
    ]);
  });

  it('still reports the version, time and trace id without the error or a known version', () => {
    expect(errorReportText({ traceId: 't-9', version: null, at: AT })).toBe(
      [
        'Linq Contact Cards error report',
        'App version: unknown',
        `Time: ${AT}`,
        'Linq trace id: t-9',
      ].join('\n'),
    );
  });

  it('leaves out what the error does not have', () => {
    const error = appError('TIMEOUT', { traceId: 't-1' });
    const report = errorReportText({ traceId: 't-1', error, version: '1.0.0', at: AT });
    expect(report).toContain('Error: TIMEOUT\n');
    expect(report).not.toContain('HTTP');
    expect(report).not.toContain('Detail:');
  });
});
