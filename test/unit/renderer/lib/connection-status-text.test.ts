// The status bar's words on the connection: the key comes first, since without a usable one
// the app cannot connect, and "Connecting…" or "Online" would say otherwise.
import { describe, expect, it } from 'vitest';
import { connectionWords } from '../../../../renderer/src/lib/connection-status-text.ts';
import type { KeyStatus } from '../../../../shared/contract.ts';
import { appError } from '../../../../shared/errors.schema.ts';
import type { OutboxStatus } from '../../../../shared/outbox.schema.ts';

const status = (connection: OutboxStatus['connection']): OutboxStatus => ({
  connection,
  unreachableReason: null,
  pausedBy: null,
  counts: { waiting: 0, sending: 0, inDoubt: 0, needsDecision: 0, failed: 0 },
  nextAttemptAt: null,
});

const key = (patch: Partial<KeyStatus>): KeyStatus => ({
  present: true,
  last4: '1234',
  verification: 'verified',
  checkedAt: null,
  checkError: null,
  ...patch,
});

describe('connectionWords', () => {
  it('with no key says what to do, not "Connecting…"', () => {
    expect(connectionWords(status('unknown'), key({ present: false }), null)).toEqual({
      text: 'Not connected: add your API key',
      tone: 'no-key',
      keyAction: true,
    });
  });

  it('with a key Linq refuses says so, not "Online"', () => {
    expect(
      connectionWords(status('reachable'), key({ verification: 'rejected' }), null),
    ).toMatchObject({ text: 'Key refused by Linq', tone: 'key-refused' });
  });

  it('with a keychain that cannot be read says so', () => {
    expect(connectionWords(status('unknown'), null, appError('KEYCHAIN_LOCKED'))).toMatchObject({
      text: 'Not connected: the keychain cannot be read',
      keyAction: true,
    });
  });

  it('with a usable key, describes the network', () => {
    expect(connectionWords(status('reachable'), key({}), null)).toEqual({
      text: 'Online',
      tone: 'reachable',
      keyAction: false,
    });
    expect(connectionWords(status('unknown'), key({ verification: 'unverified' }), null).text).toBe(
      'Connecting…',
    );
    expect(connectionWords(status('unreachable'), key({}), null).text).toBe(
      'Offline — Linq cannot be reached',
    );
  });
});
