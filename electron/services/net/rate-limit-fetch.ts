// The fetch the Linq SDK is given, with the account's rate gate in front of it. The SDK only
// knows the Retry-After headers: a 429 that says its wait only in the body (`retry_after`, as
// Linq's error envelope does) would be retried after its own 0.5 s backoff. So every 429 is
// read here, its wait recorded in the gate, and the answer handed to the SDK says exactly
// when to retry (`retry-after-ms`: the gate's whole wait), or not to (`x-should-retry: false`)
// when that wait is too long to sit through inside one call. A read the SDK retries while
// the gate is shut for longer (another call's 429 meanwhile) is answered here, not sent.
import { AppFailure } from '../failure.ts';
import type { FetchLike } from './fetch.ts';
import type { RateGate } from './rate-gate.ts';

/** Used when a 429 says no wait at all: asking again at once would be refused again. */
export const DEFAULT_RATE_LIMIT_WAIT_S = 1;

/** Marks the 429 of a request held back here: it never reached Linq (delivery not-sent). */
export const HELD_BACK_HEADER = 'x-linq-app-held-back';

function methodOf(input: string | URL | Request, init?: RequestInit): string {
  return (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
}

function pathOf(input: string | URL | Request): string {
  const href = input instanceof Request ? input.url : String(input);
  try {
    return new URL(href).pathname;
  } catch {
    return href;
  }
}

/**
 * A contact-card setup or update: its 429 is that one number's write budget (3 calls every
 * 10 minutes, see LINQ_API.md), not the account's, so it must not hold up every read.
 */
function isCardWrite(method: string, path: string): boolean {
  return (method === 'POST' || method === 'PATCH') && /\/v3\/contact_card\/?$/.test(path);
}

function headerSeconds(headers: Headers): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function bodySeconds(text: string): number | undefined {
  try {
    const wait = (JSON.parse(text) as { error?: { retry_after?: unknown } })?.error?.retry_after;
    return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? wait : undefined;
  } catch {
    return undefined;
  }
}

/** What the SDK sees instead of a request the gate holds back: a 429 it will not retry. */
function heldBack(remainingMs: number): Response {
  const body = {
    success: false,
    error: {
      status: 429,
      code: 1007,
      message: 'Held back by this app',
      retry_after: remainingMs / 1000,
    },
  };
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: {
      'content-type': 'application/json',
      'x-should-retry': 'false',
      [HELD_BACK_HEADER]: '1',
    },
  });
}

/**
 * `base` behind `gate`. The SDK sits through a wait of at most the gate's maxWaitMs inside a
 * call (as a read would at the gate); a longer one is the caller's to schedule.
 */
export function rateLimitFetch(base: FetchLike, gate: RateGate): FetchLike {
  const wrapped = async (input: string | URL | Request, init?: RequestInit) => {
    const method = methodOf(input, init);
    if (method === 'GET') {
      // The caller was admitted before the SDK started; this holds back the SDK's retries.
      try {
        await gate.admit();
      } catch (error) {
        if (error instanceof AppFailure) return heldBack(gate.remainingMs());
        throw error;
      }
    }
    const response = await base(input, init);
    if (response.status !== 429 || isCardWrite(method, pathOf(input))) return response;

    const text = await response.text();
    const waits = [headerSeconds(response.headers), bodySeconds(text)].filter(
      (wait) => wait !== undefined,
    );
    gate.limited(waits.length > 0 ? Math.max(...waits) : DEFAULT_RATE_LIMIT_WAIT_S);
    const headers = new Headers(response.headers);
    const remaining = gate.remainingMs();
    if (remaining <= gate.maxWaitMs) headers.set('retry-after-ms', String(remaining));
    else headers.set('x-should-retry', 'false');
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
  // Whatever the wrapped fetch says about request bodies still holds.
  return base.buffersRequestBody ? Object.assign(wrapped, { buffersRequestBody: true }) : wrapped;
}
