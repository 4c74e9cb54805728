// A background read of Linq (the lines refresh, the history sync) that was refused with
// RATE_LIMITED tries again by itself, once Linq's wait has passed: never sooner, since the
// rate gate would only refuse it again, and at most one try pending, however often it failed.
import type { AppError } from '../../../shared/errors.schema.ts';

/** When a RATE_LIMITED error says no wait (it always should): try again after this. */
const FALLBACK_WAIT_S = 1;

export interface RetryLater {
  /** After a RATE_LIMITED `error`, runs `again` once its wait has passed; else nothing. */
  schedule(error: AppError, again: () => void): void;
  /** A read went through (or the service is closing): the pending try is dropped. */
  cancel(): void;
}

export function createRetryLater(now: () => number = Date.now): RetryLater {
  let timer: NodeJS.Timeout | undefined;
  let dueAt = 0;

  function cancel(): void {
    clearTimeout(timer);
    timer = undefined;
  }

  return {
    schedule(error, again) {
      if (error.code !== 'RATE_LIMITED') return;
      const waitMs = Math.ceil((error.retryAfterSeconds ?? FALLBACK_WAIT_S) * 1000);
      // One try pending: a later wait moves it, an earlier one leaves it where it is.
      if (timer !== undefined && now() + waitMs <= dueAt) return;
      cancel();
      dueAt = now() + waitMs;
      timer = setTimeout(() => {
        timer = undefined;
        again();
      }, waitMs);
      timer.unref?.();
    },
    cancel,
  };
}
