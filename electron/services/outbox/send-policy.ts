// What to do after a failed attempt: a pure decision from the error and whether the request
// reached Linq, so that every rule the outbox follows is in one place and unit-tested.
import {
  appError,
  CONNECTION_FAILURE_CODES,
  type AppError,
} from '../../../shared/errors.schema.ts';
import type { Delivery } from '../failure.ts';

export interface BackoffOptions {
  /** First retry delay before jitter. */
  baseMs: number;
  /** Longest delay: during a long outage retries slow to about this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 60_000 };

/**
 * Exponential backoff with full jitter (a random delay between 0 and the exponential
 * ceiling): many clients retrying after the same outage spread out instead of arriving
 * together. `attempt` counts from 1. A Retry-After from Linq is a floor, never shortened.
 */
export function retryDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: () => number,
  retryAfterSeconds?: number,
): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(random() * ceiling);
  const floor = retryAfterSeconds === undefined ? 0 : Math.ceil(retryAfterSeconds * 1000);
  return Math.max(jittered, floor);
}

export type NextStep =
  /** Certainly not applied: send again after a delay. */
  | { kind: 'retry'; unreachable: boolean; rateLimited: boolean }
  /** May have been applied: read the card back before anything is sent again. */
  | { kind: 'check'; unreachable: boolean; waitForTimeout: boolean }
  /** The key is the problem: hold the whole outbox until it is replaced or verified. */
  | { kind: 'pause' }
  /**
   * Linq held back the number's writes (503/4004): nothing was applied, and any write for the
   * number before the hold has passed would extend it.
   */
  | { kind: 'hold' }
  /** The app will not guess: the user decides. */
  | { kind: 'decide' }
  /** Sending again will not help: stop this item and show why. */
  | { kind: 'fail' };

const KEY_PROBLEMS = new Set([
  'KEY_MISSING',
  'KEY_REJECTED',
  'PERMISSION_DENIED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_NO_SESSION_BUS',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_LOAD_FAILED',
  'KEYCHAIN_FAILED',
  // Not a key problem, but the same remedy: nothing goes out until the user acts in Settings.
  'API_ADDRESS_NOT_APPROVED',
]);

// A timeout is left out: it may be a slow Linq, not an unreachable one.
const UNREACHABLE_CODES = new Set<string>(
  CONNECTION_FAILURE_CODES.filter((code) => code !== 'TIMEOUT'),
);

/**
 * Whether a failure means Linq cannot be reached from this network (no connection, a proxy
 * that refuses or wants a sign-in, a certificate not trusted, a connection cut): nothing is
 * sent until a reachability probe gets through, and the probe keeps trying meanwhile.
 */
export function meansUnreachable(error: AppError): boolean {
  return UNREACHABLE_CODES.has(error.code);
}

/** Whether an error means the key (not this item) is the problem. */
export function isKeyProblem(error: AppError): boolean {
  return KEY_PROBLEMS.has(error.code);
}

export function afterWriteFailure(
  error: AppError,
  delivery: Delivery,
  action: 'setup' | 'update',
): NextStep {
  if (isKeyProblem(error)) return { kind: 'pause' };
  if (error.code === 'LINE_WRITE_LIMITED') return { kind: 'hold' };
  if (delivery === 'not-sent') {
    return { kind: 'retry', unreachable: meansUnreachable(error), rateLimited: false };
  }
  if (delivery === 'unknown') {
    // Sent, then the connection broke or the time ran out: Linq may still be applying it.
    return { kind: 'check', unreachable: true, waitForTimeout: true };
  }
  const status = error.status ?? 0;
  // 429 and 408 say the request was not processed.
  if (status === 429 || error.code === 'RATE_LIMITED') {
    return { kind: 'retry', unreachable: false, rateLimited: true };
  }
  if (status === 408) return { kind: 'retry', unreachable: false, rateLimited: false };
  if (error.code === 'CARD_EXISTS' && action === 'setup') return { kind: 'decide' };
  // 5xx (2022 included), and a 2xx whose body made no sense: the change may have been made.
  if (status >= 500 || status < 400)
    return { kind: 'check', unreachable: false, waitForTimeout: false };
  return { kind: 'fail' };
}

/**
 * A contact-card write's failure in its own words: Linq's 503/4004 on a write means the line's
 * writes are rate-limited (not a passing server error), and Linq says retrying soon extends it.
 */
export function asWriteFailure(error: AppError): AppError {
  if (error.linqCode !== 4004 || error.code === 'LINE_WRITE_LIMITED') return error;
  const { code: _code, message: _message, action: _action, ...facts } = error;
  return appError('LINE_WRITE_LIMITED', facts);
}

/** After a failed read-back: only a key problem changes course; otherwise check again later. */
export function afterReadFailure(error: AppError, delivery: Delivery): NextStep {
  if (isKeyProblem(error)) return { kind: 'pause' };
  return {
    kind: 'check',
    unreachable: delivery !== 'answered',
    waitForTimeout: false,
  };
}

/**
 * After the photo upload that comes before a card is sent failed: the card itself was not
 * sent, so nothing is in doubt. A photo Linq refuses stops the item; the rest is retried.
 */
export function afterPhotoFailure(error: AppError, delivery: Delivery): NextStep {
  if (isKeyProblem(error)) return { kind: 'pause' };
  if (error.code === 'INVALID_INPUT' || error.code === 'PAYLOAD_TOO_LARGE') return { kind: 'fail' };
  return {
    kind: 'retry',
    unreachable: delivery === 'not-sent' && meansUnreachable(error),
    rateLimited: error.code === 'RATE_LIMITED',
  };
}
