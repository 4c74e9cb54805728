// Services throw AppFailure for every failure they understand; the IPC layer turns it into
// the `{ code, message }` value that crosses to the renderer. Anything else thrown is a bug
// and crosses as INTERNAL, without its text (which could contain anything).
import { appError, type AppError, type AppErrorCode } from '../../shared/errors.schema.ts';

/**
 * Whether a failed request reached Linq. The outbox depends on it: a request that certainly
 * never left may be sent again, one that may have been applied must be checked first.
 * - not-sent: refused before anything was written (no connection, DNS, no key)
 * - answered: Linq (or a proxy in front of it) answered with a status
 * - unknown: sent, then the connection broke or the time ran out
 */
export type Delivery = 'not-sent' | 'answered' | 'unknown';

export class AppFailure extends Error {
  readonly appError: AppError;
  readonly delivery: Delivery;

  constructor(error: AppError, options?: { cause?: unknown; delivery?: Delivery }) {
    super(`${error.code}: ${error.message}`, options);
    this.name = 'AppFailure';
    this.appError = error;
    this.delivery = options?.delivery ?? 'not-sent';
  }

  static of(
    code: AppErrorCode,
    extra: Partial<Omit<AppError, 'code'>> = {},
    cause?: unknown,
    delivery?: Delivery,
  ): AppFailure {
    return new AppFailure(appError(code, extra), { cause, delivery });
  }
}
