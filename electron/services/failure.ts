// Services throw AppFailure for every failure they understand; the IPC layer turns it into
// the `{ code, message }` value that crosses to the renderer. Anything else thrown is a bug
// and crosses as INTERNAL, without its text (which could contain anything).
import { appError, type AppError, type AppErrorCode } from '../../shared/errors.ts';

export class AppFailure extends Error {
  readonly appError: AppError;

  constructor(error: AppError, options?: { cause?: unknown }) {
    super(`${error.code}: ${error.message}`, options);
    this.name = 'AppFailure';
    this.appError = error;
  }

  static of(
    code: AppErrorCode,
    extra: Partial<Omit<AppError, 'code'>> = {},
    cause?: unknown,
  ): AppFailure {
    return new AppFailure(appError(code, extra), cause === undefined ? undefined : { cause });
  }
}

export function isAppFailure(error: unknown): error is AppFailure {
  return error instanceof AppFailure;
}
