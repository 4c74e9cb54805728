// Linq's 429 is honoured for reads, whether its wait comes in the body (`retry_after`) or a
// Retry-After header: nothing asks Linq again before the wait has passed, neither the SDK's
// own retries nor the app's refresh, sync and key check, and a request made during a longer
// wait gets RATE_LIMITED with the wait instead of going out. Times are the fake's own log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../shared/card-history.schema.ts';
import type { KeyStatus } from '../../shared/contract.ts';
import type { LineList } from '../../shared/lines.schema.ts';
import type { RequestLogEntry } from '../fake-linq/types.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const LINES = '/v3/phone_numbers';
const CARDS = '/v3/contact_card';

const reads = (path: string) =>
  h!.fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith(path));

/** The next 429 on GET `path` says its wait in the body only, as Linq's envelope does. */
function limitBodyOnly(path: string, seconds: number): void {
  h!.fake.failNext(1, {
    status: 429,
    method: 'GET',
    path,
    retryAfterSeconds: seconds,
    retryAfterHeader: false,
  });
}

function gapMs(first: RequestLogEntry, next: RequestLogEntry): number {
  return Date.parse(next.at) - Date.parse(first.at);
}

describe('a 429 with retry_after in the body only', () => {
  it('the lines refresh asks again only after the wait', async () => {
    h = await startHarness();
    await h.withKey();
    limitBodyOnly(LINES, 1);
    const list = await h.value<LineList>('refreshLines');
    expect(list.error).toBeNull();
    const [limited, next] = reads(LINES);
    expect(limited?.status).toBe(429);
    expect(next?.status).toBe(200);
    expect(gapMs(limited!, next!)).toBeGreaterThanOrEqual(1_000);
  });

  it('the history sync asks again only after the wait', async () => {
    h = await startHarness();
    await h.withKey();
    h.fake.seedCard({ phone_number: '+14155550132', first_name: 'Ada' });
    limitBodyOnly(CARDS, 1);
    const status = await h.value<SyncStatus>('syncCards');
    expect(status.error).toBeNull();
    expect(status.lastResult).not.toBeNull();
    const [limited, next] = reads(CARDS);
    expect(limited?.status).toBe(429);
    expect(gapMs(limited!, next!)).toBeGreaterThanOrEqual(1_000);
  });

  it('the key check asks again only after the wait', async () => {
    h = await startHarness();
    await h.withKey();
    limitBodyOnly(LINES, 1);
    const status = await h.value<KeyStatus>('verifyKey');
    expect(status.verification).toBe('verified');
    const [limited, next] = reads(LINES);
    expect(limited?.status).toBe(429);
    expect(gapMs(limited!, next!)).toBeGreaterThanOrEqual(1_000);
  });
});

describe('a wait too long to sit through', () => {
  it('a refresh within it gets RATE_LIMITED without a request; the next try comes after it', async () => {
    h = await startHarness();
    await h.withKey();
    limitBodyOnly(LINES, 3);
    const first = await h.value<LineList>('refreshLines');
    expect(first.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3 });
    expect(reads(LINES)).toHaveLength(1); // the SDK was told not to retry

    // Asked again (the Refresh button) during the wait: refused here, Linq is not asked.
    const again = await h.value<LineList>('refreshLines');
    expect(again.error?.code).toBe('RATE_LIMITED');
    expect(again.error?.retryAfterSeconds).toBeGreaterThan(0);
    expect(again.error?.retryAfterSeconds).toBeLessThanOrEqual(3);
    expect(again.error?.message).toMatch(/Try again in [1-3] seconds/);
    // So is the key check, with the same wait.
    const key = await h.value<KeyStatus>('verifyKey');
    expect(key.checkError?.code).toBe('RATE_LIMITED');
    expect(reads(LINES)).toHaveLength(1);

    // The refresh tries again by itself once the wait has passed, and not before.
    await vi.waitFor(() => expect(reads(LINES)).toHaveLength(2), { timeout: 6_000 });
    const [limited, next] = reads(LINES);
    expect(gapMs(limited!, next!)).toBeGreaterThanOrEqual(3_000);
    await vi.waitFor(async () => expect((await h!.value<LineList>('listLines')).error).toBeNull());
  });

  it('a sync within it gets RATE_LIMITED without a request; the next try comes after it', async () => {
    h = await startHarness();
    await h.withKey();
    limitBodyOnly(CARDS, 3);
    const first = await h.value<SyncStatus>('syncCards');
    expect(first.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3 });
    const again = await h.value<SyncStatus>('syncCards');
    expect(again.error?.code).toBe('RATE_LIMITED');
    expect(reads(CARDS)).toHaveLength(1);

    await vi.waitFor(() => expect(reads(CARDS)).toHaveLength(2), { timeout: 6_000 });
    const [limited, next] = reads(CARDS);
    expect(gapMs(limited!, next!)).toBeGreaterThanOrEqual(3_000);
    await vi.waitFor(async () =>
      expect((await h!.value<SyncStatus>('syncCards')).error).toBeNull(),
    );
  });
});
