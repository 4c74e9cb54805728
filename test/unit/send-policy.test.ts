// The outbox's rules, one by one: what follows each kind of failure, how long it waits, and
// how a card read back after an unknown outcome is judged.
import { describe, expect, it } from 'vitest';
import { appError, linqFailureToAppError } from '../../shared/errors.schema.ts';
import { readBackVerdict } from '../../electron/services/outbox/read-back.ts';
import {
  afterReadFailure,
  afterWriteFailure,
  asWriteFailure,
  retryDelayMs,
} from '../../electron/services/outbox/send-policy.ts';
import type { Card } from '../../shared/card.schema.ts';

const linq = (status: number, code?: number, extra: Record<string, unknown> = {}) =>
  linqFailureToAppError({ status, body: { error: { code, ...extra } } });

describe('after a failed write', () => {
  it.each([
    ['a 401', linq(401, 2004), 'pause'],
    ['a 403 on the key', linq(403, 2005), 'pause'],
    ['a missing key', appError('KEY_MISSING'), 'pause'],
    ['a locked keychain', appError('KEYCHAIN_LOCKED'), 'pause'],
    ['no session bus for the keychain', appError('KEYCHAIN_NO_SESSION_BUS'), 'pause'],
  ] as const)('%s pauses the whole outbox', (_name, error, kind) => {
    expect(afterWriteFailure(error, 'answered', 'setup').kind).toBe(kind);
  });

  it('retries what certainly did not arrive (connection refused) and marks Linq unreachable', () => {
    expect(afterWriteFailure(appError('NETWORK_UNREACHABLE'), 'not-sent', 'setup')).toEqual({
      kind: 'retry',
      unreachable: true,
      rateLimited: false,
    });
  });

  it('checks, after the request timeout, what was sent and then lost (reset, timeout)', () => {
    for (const error of [appError('NETWORK_UNREACHABLE'), appError('TIMEOUT')]) {
      expect(afterWriteFailure(error, 'unknown', 'update')).toEqual({
        kind: 'check',
        unreachable: true,
        waitForTimeout: true,
      });
    }
  });

  it.each([
    ['500/2022', linq(500, 2022)],
    ['500/3006', linq(500, 3006)],
    ['502 without a code', linq(502)],
    ['504', linq(504)],
    ['a malformed 2xx', appError('MALFORMED_RESPONSE', { status: 200 })],
  ])('checks before resending after %s: the change may have been made', (_name, error) => {
    expect(afterWriteFailure(error, 'answered', 'setup')).toMatchObject({
      kind: 'check',
      waitForTimeout: false,
    });
  });

  it('retries 429 and 408, which say the request was not processed', () => {
    expect(afterWriteFailure(linq(429, 1007, { retry_after: 3 }), 'answered', 'setup')).toEqual({
      kind: 'retry',
      unreachable: false,
      rateLimited: true,
    });
    expect(afterWriteFailure(linq(408), 'answered', 'setup').kind).toBe('retry');
  });

  it('asks the user when a setup finds the card already there', () => {
    expect(afterWriteFailure(linq(409, 2014), 'answered', 'setup').kind).toBe('decide');
  });

  it.each([
    ['400/1002', linq(400, 1002)],
    ['400/1005', linq(400, 1005)],
    ['403/2006', linq(403, 2006)],
    ['404 on an update', linq(404, 2001)],
    ['418', linq(418, 7777)],
  ])('stops the item after %s: sending again will not help', (_name, error) => {
    expect(afterWriteFailure(error, 'answered', 'update').kind).toBe('fail');
  });

  it('keeps checking after a failed read-back, unless the key is the problem', () => {
    expect(afterReadFailure(linq(500, 3006), 'answered').kind).toBe('check');
    expect(afterReadFailure(appError('NETWORK_UNREACHABLE'), 'not-sent')).toMatchObject({
      kind: 'check',
      unreachable: true,
    });
    expect(afterReadFailure(linq(401, 2004), 'answered').kind).toBe('pause');
  });
});

describe('retry delays', () => {
  const options = { baseMs: 1_000, capMs: 60_000 };

  it('grows exponentially up to the cap, with full jitter', () => {
    expect(retryDelayMs(1, options, () => 1)).toBe(1_000);
    expect(retryDelayMs(4, options, () => 1)).toBe(8_000);
    expect(retryDelayMs(30, options, () => 1)).toBe(60_000); // about one a minute in an outage
    expect(retryDelayMs(4, options, () => 0.5)).toBe(4_000);
    expect(retryDelayMs(4, options, () => 0)).toBe(0);
  });

  it('never retries before Retry-After', () => {
    expect(retryDelayMs(1, options, () => 0, 30)).toBe(30_000);
    expect(retryDelayMs(10, options, () => 1, 2)).toBe(60_000);
  });
});

const card = (fields: Partial<Card>): Card => ({
  phoneNumber: '+14155550132',
  firstName: 'Acme',
  lastName: null,
  imageUrl: null,
  isActive: true,
  ...fields,
});

describe('reading back', () => {
  it('a setup is applied when Linq shows exactly what was sent', () => {
    const item = { action: 'setup' as const, fields: { firstName: 'Acme', lastName: 'Support' } };
    expect(readBackVerdict(item, card({ lastName: 'Support' }))).toBe('applied');
    expect(readBackVerdict(item, null)).toBe('not-applied');
    // Someone else's card, or ours changed: not the app's to guess.
    expect(readBackVerdict(item, card({ lastName: 'Sales' }))).toBe('ambiguous');
    // A setup without a last name must not match a card that has one.
    expect(
      readBackVerdict({ action: 'setup', fields: { firstName: 'Acme' } }, card({ lastName: 'X' })),
    ).toBe('ambiguous');
  });

  it('an update is applied when the fields it sent are there, and sent again when not', () => {
    const item = { action: 'update' as const, fields: { lastName: 'Sales' } };
    expect(readBackVerdict(item, card({ lastName: 'Sales' }))).toBe('applied');
    expect(readBackVerdict(item, card({ lastName: 'Support' }))).toBe('not-applied');
    expect(readBackVerdict(item, null)).toBe('ambiguous');
  });

  it('a setup is judged by its names: Linq may answer with its own copy of the image', () => {
    const item = {
      action: 'setup' as const,
      fields: { firstName: 'Acme', imageUrl: 'https://example.com/a.png' },
    };
    expect(readBackVerdict(item, card({ imageUrl: 'https://cdn.linq/copy.png' }))).toBe('applied');
  });

  it('a photo without an address yet means the card request never left', () => {
    const photo = { sha256: 'a'.repeat(64), contentType: 'image/jpeg' as const };
    // An update of the photo alone: nothing on the card could show whether it was applied.
    expect(readBackVerdict({ action: 'update', fields: { photo } }, card({}))).toBe('not-applied');
    expect(
      readBackVerdict({ action: 'setup', fields: { firstName: 'Acme', photo } }, card({})),
    ).toBe('not-applied');
  });

  it('a setup left inactive by 500/2022 is sent again (Linq’s documented remedy)', () => {
    const item = {
      action: 'setup' as const,
      fields: { firstName: 'Acme' },
      lastError: appError('SETUP_INCOMPLETE', { status: 500, linqCode: 2022 }),
    };
    expect(readBackVerdict(item, card({ isActive: false }))).toBe('not-applied');
    expect(readBackVerdict(item, card({ isActive: true }))).toBe('applied');
    expect(readBackVerdict({ ...item, lastError: null }, card({ isActive: false }))).toBe(
      'applied',
    );
  });

  it('an image address that differs proves nothing (Linq copies images to its CDN)', () => {
    const item = {
      action: 'update' as const,
      fields: { firstName: 'Acme', imageUrl: 'https://example.com/a.png' },
    };
    expect(readBackVerdict(item, card({ imageUrl: 'https://cdn.linq/copy.png' }))).toBe(
      'ambiguous',
    );
    expect(
      readBackVerdict(item, card({ firstName: 'Old', imageUrl: 'https://cdn.linq/x.png' })),
    ).toBe('not-applied');
  });
});

describe('Linq’s own limits on card writes', () => {
  it('a 503/4004 on a write is the line’s hold, not a server error to check and resend', () => {
    const error = asWriteFailure(linq(503, 4004, { message: 'upstream write rate-limited' }));
    expect(error).toMatchObject({ code: 'LINE_WRITE_LIMITED', status: 503, linqCode: 4004 });
    expect(afterWriteFailure(error, 'answered', 'setup')).toEqual({ kind: 'hold' });
    expect(afterWriteFailure(error, 'answered', 'update')).toEqual({ kind: 'hold' });
    // Other 5xx stay "may have been applied: read back first", 500/2022 included.
    expect(afterWriteFailure(asWriteFailure(linq(503, 3006)), 'answered', 'setup').kind).toBe(
      'check',
    );
    expect(afterWriteFailure(asWriteFailure(linq(500, 2022)), 'answered', 'setup').kind).toBe(
      'check',
    );
  });

  it('a card left not active is applied again until Linq shows it active', () => {
    for (const code of ['CARD_NOT_ACTIVE', 'LINE_WRITE_LIMITED', 'SETUP_INCOMPLETE'] as const) {
      const setup = {
        action: 'setup' as const,
        fields: { firstName: 'Acme' },
        lastError: appError(code),
      };
      expect(readBackVerdict(setup, null)).toBe('not-applied');
      expect(readBackVerdict(setup, card({ isActive: false }))).toBe('not-applied');
      expect(readBackVerdict(setup, card({ isActive: true }))).toBe('applied');
      // Linq lists active cards only: an update's card missing from the list is not "gone".
      const update = {
        action: 'update' as const,
        fields: { lastName: 'Desk' },
        lastError: appError(code),
      };
      expect(readBackVerdict(update, null)).toBe('not-applied');
      expect(readBackVerdict(update, card({ lastName: 'Desk', isActive: false }))).toBe(
        'not-applied',
      );
      expect(readBackVerdict(update, card({ lastName: 'Desk', isActive: true }))).toBe('applied');
    }
    // A card set up again after Linq left it not active: the old card, not active, is no
    // one else's setup but the reason to call again.
    const again = { action: 'setup' as const, fields: { firstName: 'New' }, notActiveTries: 1 };
    expect(readBackVerdict(again, card({ firstName: 'Old', isActive: false }))).toBe('not-applied');
    expect(readBackVerdict(again, card({ firstName: 'Old', isActive: true }))).toBe('ambiguous');
    expect(readBackVerdict(again, card({ firstName: 'New', isActive: true }))).toBe('applied');
    // Without such a reason, an update whose card is gone is still the user's to decide.
    expect(readBackVerdict({ action: 'update', fields: { lastName: 'Desk' } }, null)).toBe(
      'ambiguous',
    );
  });

  it('an update found not applied on a card not active, for no reason known, was left so by Linq', () => {
    // The answer that said so (a 4004) was lost to a crash: the change cannot go as a PATCH.
    const update = { action: 'update' as const, fields: { lastName: 'Desk' } };
    expect(readBackVerdict(update, card({ lastName: 'Support', isActive: false }))).toBe(
      'left-not-active',
    );
    expect(readBackVerdict(update, card({ lastName: 'Support', isActive: true }))).toBe(
      'not-applied',
    );
    // With the reason known, the app already sends it as it must to a card not active.
    const known = { ...update, lastError: appError('LINE_WRITE_LIMITED') };
    expect(readBackVerdict(known, card({ lastName: 'Support', isActive: false }))).toBe(
      'not-applied',
    );
  });
});
