// The account's rate gate and the fetch in front of the SDK: after a 429 no read goes out
// before the wait (body or header, whichever is longer), a short rest is waited out, a long
// one refused without a request, and the SDK is told when (or whether) to retry.
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../electron/services/failure.ts';
import { createRateGate, type RateGateClock } from '../../electron/services/net/rate-gate.ts';
import {
  DEFAULT_RATE_LIMIT_WAIT_S,
  HELD_BACK_HEADER,
  rateLimitFetch,
} from '../../electron/services/net/rate-limit-fetch.ts';

/** A clock that moves only when something sleeps on it. */
function fakeClock(): RateGateClock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppFailure> {
  const error = await promise.then(
    () => undefined,
    (problem: unknown) => problem,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return error as AppFailure;
}

describe('the rate gate', () => {
  it('lets reads through at once while no 429 was seen', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ clock });
    await gate.admit();
    expect(gate.remainingMs()).toBe(0);
    expect(clock.slept).toEqual([]);
  });

  it('waits out a short wait', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ clock, maxWaitMs: 2_000 });
    gate.limited(1);
    await gate.admit();
    expect(clock.slept).toEqual([1_000]);
    expect(gate.remainingMs()).toBe(0);
  });

  it('refuses a read during a long wait, not sent, with the wait still to go', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ clock, maxWaitMs: 2_000 });
    gate.limited(30);
    await clock.sleep(10_000);
    const failure = await refusal(gate.admit());
    expect(failure.delivery).toBe('not-sent');
    expect(failure.appError).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 20 });
    expect(failure.appError.message).toContain('20 seconds');
  });

  it('keeps the longest wait asked for; a shorter later one does not open it early', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ clock });
    gate.limited(10);
    gate.limited(1);
    expect(gate.remainingMs()).toBe(10_000);
    gate.limited(Number.NaN);
    gate.limited(-5);
    expect(gate.remainingMs()).toBe(10_000);
  });

  it('waits again when another 429 pushed the gate while a read waited', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ clock, maxWaitMs: 2_000 });
    gate.limited(1);
    const originalSleep = clock.sleep;
    let pushed = false;
    clock.sleep = async (ms) => {
      await originalSleep(ms);
      if (!pushed) {
        pushed = true;
        gate.limited(1.5);
      }
    };
    await gate.admit();
    expect(clock.slept).toEqual([1_000, 1_500]);
  });
});

const URL_LINES = 'http://127.0.0.1:9/api/partner/v3/phone_numbers';
const URL_CARD = 'http://127.0.0.1:9/api/partner/v3/contact_card';

function tooMany(body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 429,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
const envelope = (retryAfter?: number) => ({
  success: false,
  error: {
    status: 429,
    code: 1007,
    ...(retryAfter !== undefined ? { retry_after: retryAfter } : {}),
  },
});

describe('the fetch in front of the SDK', () => {
  it('tells the SDK to wait for a body-only retry_after, and shuts the gate for it', async () => {
    const gate = createRateGate({ clock: fakeClock() });
    const fetch = rateLimitFetch(async () => tooMany(envelope(1)), gate);
    const answer = await fetch(URL_LINES, { method: 'GET' });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after-ms')).toBe('1000');
    expect(answer.headers.get('x-should-retry')).toBeNull();
    expect(gate.remainingMs()).toBe(1_000);
    expect(await answer.json()).toEqual(envelope(1)); // the body is passed on unchanged
  });

  it('takes the longer of body and header', async () => {
    const gate = createRateGate({ clock: fakeClock(), maxWaitMs: 60_000 });
    const fetch = rateLimitFetch(async () => tooMany(envelope(1), { 'Retry-After': '20' }), gate);
    const answer = await fetch(URL_LINES);
    expect(gate.remainingMs()).toBe(20_000);
    expect(answer.headers.get('retry-after-ms')).toBe('20000');
  });

  it('stops the SDK retrying when the wait is too long to sit through', async () => {
    const gate = createRateGate({ clock: fakeClock(), maxWaitMs: 2_000 });
    const fetch = rateLimitFetch(async () => tooMany(envelope(30)), gate);
    const answer = await fetch(URL_LINES);
    expect(answer.headers.get('x-should-retry')).toBe('false');
    expect(gate.remainingMs()).toBe(30_000);
  });

  it('assumes a short wait when a 429 gives none', async () => {
    const gate = createRateGate({ clock: fakeClock() });
    await rateLimitFetch(async () => tooMany(envelope()), gate)(URL_LINES);
    expect(gate.remainingMs()).toBe(DEFAULT_RATE_LIMIT_WAIT_S * 1000);
  });

  it('answers a read itself while the gate is shut for long: nothing reaches the network', async () => {
    const gate = createRateGate({ clock: fakeClock(), maxWaitMs: 2_000 });
    gate.limited(30);
    let sent = 0;
    const fetch = rateLimitFetch(async () => {
      sent += 1;
      return new Response('{}');
    }, gate);
    const answer = await fetch(URL_LINES, { method: 'GET' });
    expect(sent).toBe(0);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('x-should-retry')).toBe('false');
    expect(answer.headers.get(HELD_BACK_HEADER)).toBe('1');
  });

  it('leaves writes alone: never held, and a card write’s 429 (one number’s budget) keeps the gate open', async () => {
    const gate = createRateGate({ clock: fakeClock(), maxWaitMs: 2_000 });
    gate.limited(30);
    let sent = 0;
    const fetch = rateLimitFetch(async () => {
      sent += 1;
      return tooMany(envelope(600), { 'Retry-After': '600' });
    }, gate);
    const answer = await fetch(URL_CARD, { method: 'POST', body: '{}' });
    expect(sent).toBe(1);
    expect(answer.headers.get('retry-after-ms')).toBeNull();
    expect(gate.remainingMs()).toBe(30_000);
  });
});
