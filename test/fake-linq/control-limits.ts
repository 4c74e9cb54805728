// Reads the bodies of the /__fake/ control calls for Linq's documented limits (write budget,
// 4004 holds, inactive answers): each returns the value to apply, or why it was refused.
import { isE164 } from './routes-contact-card.ts';
import type { InactiveSpec } from './types.ts';
import type { WriteBudget } from './write-limits.ts';

type Body = Record<string, unknown>;

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isNonNegative(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** {"limit":3,"windowMs":600000} switches the budget on; {"off":true} switches it off. */
export function readWriteBudget(body: Body): WriteBudget | null | string {
  if (body.off === true) return null;
  const { limit, windowMs } = body;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    return 'limit must be a positive integer (or send {"off":true})';
  }
  if (!isPositive(windowMs)) return 'windowMs must be a positive number';
  return { limit, windowMs };
}

/** {"phoneNumber":"+14155550132","holdMs":5000} */
export function readLimitUpstream(body: Body): { phoneNumber: string; holdMs: number } | string {
  const { phoneNumber, holdMs } = body;
  if (!isE164(phoneNumber)) return 'phoneNumber must be an E.164 number';
  if (!isNonNegative(holdMs)) return 'holdMs must be a non-negative number';
  return { phoneNumber, holdMs };
}

/** {"count":1,"method":"POST","phoneNumber":"+1…","activateAfterMs":2000}, all optional. */
export function readInactiveNext(body: Body): { count: number; spec: InactiveSpec } | string {
  const { count = 1, method, phoneNumber, activateAfterMs } = body;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    return 'count must be a positive integer';
  }
  if (method !== undefined && method !== 'POST' && method !== 'PATCH') {
    return 'method must be POST or PATCH';
  }
  if (phoneNumber !== undefined && !isE164(phoneNumber)) {
    return 'phoneNumber must be an E.164 number';
  }
  if (activateAfterMs !== undefined && !isNonNegative(activateAfterMs)) {
    return 'activateAfterMs must be a non-negative number';
  }
  return {
    count,
    spec: {
      ...(method !== undefined ? { method } : {}),
      ...(phoneNumber !== undefined ? { phoneNumber } : {}),
      ...(activateAfterMs !== undefined ? { activateAfterMs } : {}),
    },
  };
}
