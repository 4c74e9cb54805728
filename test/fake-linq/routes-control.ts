// /__fake/*: steering the fake from another process (e.g. the app started by hand against
// `npm run fake-linq`). Outside /api/partner, unauthenticated, and never subject to faults.
import { readInactiveNext, readLimitUpstream, readWriteBudget } from './control-limits.ts';
import { parseJsonObject } from './request-body.ts';
import { jsonReply } from './replies.ts';
import type { FailureSpec, InactiveSpec, Reply } from './types.ts';
import type { WriteBudget } from './write-limits.ts';

export const CONTROL_PREFIX = '/__fake/';

export interface ControlTarget {
  reset(): void;
  failNext(count: number, spec: FailureSpec): void;
  setLatency(ms: number): void;
  setCardActivation(state: 'active' | 'inactive'): void;
  inactiveNext(count: number, spec: InactiveSpec): void;
  setHideInactiveCards(hide: boolean): void;
  setWriteBudget(budget: WriteBudget | null): void;
  limitUpstream(phoneNumber: string, holdMs: number): void;
  /** Runs once the control answer has been sent: going offline drops that connection too. */
  offlineFor(ms: number): void;
  snapshot(): unknown;
}

export interface ControlAnswer {
  reply: Reply;
  afterSend?: () => void;
}

const ok = (extra: Record<string, unknown> = {}): ControlAnswer => ({
  reply: jsonReply(200, { ok: true, ...extra }),
});
const refuse = (error: string): ControlAnswer => ({ reply: jsonReply(400, { ok: false, error }) });

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function readFailure(body: Record<string, unknown>): FailureSpec | string {
  const { status, code, message, retryAfterSeconds, retryAfterHeader, headers, method, path } =
    body;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return 'status must be an HTTP status code';
  }
  if (code !== undefined && !Number.isInteger(code)) return 'code must be an integer';
  if (message !== undefined && typeof message !== 'string') return 'message must be a string';
  if (retryAfterSeconds !== undefined && !isNonNegative(retryAfterSeconds)) {
    return 'retryAfterSeconds must be a non-negative number';
  }
  if (retryAfterHeader !== undefined && typeof retryAfterHeader !== 'boolean') {
    return 'retryAfterHeader must be a boolean';
  }
  if (headers !== undefined && (typeof headers !== 'object' || headers === null)) {
    return 'headers must be an object of strings';
  }
  if (method !== undefined && typeof method !== 'string') return 'method must be a string';
  if (path !== undefined && typeof path !== 'string') return 'path must be a string';
  return {
    status,
    ...(code !== undefined ? { code: code as number } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(retryAfterHeader !== undefined ? { retryAfterHeader } : {}),
    ...(headers !== undefined ? { headers: headers as Record<string, string> } : {}),
    ...(body.body !== undefined ? { body: body.body } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

export function handleControl(
  method: string,
  pathname: string,
  rawBody: Buffer,
  target: ControlTarget,
): ControlAnswer {
  const action = `${method} ${pathname.slice(CONTROL_PREFIX.length)}`;
  if (action === 'GET ledger') return { reply: jsonReply(200, target.snapshot()) };
  if (method !== 'POST') return { reply: jsonReply(404, { ok: false, error: 'unknown control' }) };
  const body = rawBody.length === 0 ? {} : parseJsonObject(rawBody);
  if (!body) return refuse('body must be a JSON object');
  switch (action) {
    case 'POST reset':
      target.reset();
      return ok();
    case 'POST fail-next': {
      const count = body.count ?? 1;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
        return refuse('count must be a positive integer');
      }
      const spec = readFailure(body);
      if (typeof spec === 'string') return refuse(spec);
      target.failNext(count, spec);
      return ok();
    }
    case 'POST offline-for': {
      const ms = body.ms;
      if (!isNonNegative(ms)) return refuse('ms must be a non-negative number');
      return { ...ok({ offlineForMs: ms }), afterSend: () => target.offlineFor(ms) };
    }
    case 'POST latency': {
      if (!isNonNegative(body.ms)) return refuse('ms must be a non-negative number');
      target.setLatency(body.ms);
      return ok();
    }
    case 'POST card-activation': {
      const state = body.state;
      if (state !== 'active' && state !== 'inactive')
        return refuse('state must be active or inactive');
      target.setCardActivation(state);
      return ok();
    }
    case 'POST inactive-next': {
      const read = readInactiveNext(body);
      if (typeof read === 'string') return refuse(read);
      target.inactiveNext(read.count, read.spec);
      return ok();
    }
    case 'POST hide-inactive-cards': {
      if (typeof body.hide !== 'boolean') return refuse('hide must be true or false');
      target.setHideInactiveCards(body.hide);
      return ok();
    }
    case 'POST write-budget': {
      const budget = readWriteBudget(body);
      if (typeof budget === 'string') return refuse(budget);
      target.setWriteBudget(budget);
      return ok();
    }
    case 'POST limit-upstream': {
      const read = readLimitUpstream(body);
      if (typeof read === 'string') return refuse(read);
      target.limitUpstream(read.phoneNumber, read.holdMs);
      return ok();
    }
    default:
      return { reply: jsonReply(404, { ok: false, error: 'unknown control' }) };
  }
}
