// The parts of an app error that support needs in a log line, flat so they can be searched
// for: the code, Linq's HTTP status and error code, and the trace id Linq support asks for.
import type { AppError } from '../../../shared/errors.schema.ts';
import type { LogFields } from './logger.ts';

export function appErrorFields(error: AppError | null | undefined): LogFields {
  if (!error) return {};
  return {
    code: error.code,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.linqCode !== undefined ? { linqCode: error.linqCode } : {}),
    ...(error.traceId !== undefined ? { traceId: error.traceId } : {}),
    ...(error.detail !== undefined ? { detail: error.detail } : {}),
  };
}
