// What the status bar and an outbox row say while Linq cannot be reached: a proxy's refusal or
// an untrusted certificate is not "offline", and a card submitted meanwhile shows the reason.
import { describe, expect, it } from 'vitest';
import {
  connectionText,
  pauseReason,
  waitingReason,
} from '../../../../renderer/src/lib/outbox-text.ts';
import { appError } from '../../../../shared/errors.schema.ts';
import type { OutboxStatus } from '../../../../shared/outbox.schema.ts';
import { outboxItem } from '../../../support/outbox-item.ts';

const status = (patch: Partial<OutboxStatus>): OutboxStatus => ({
  connection: 'unreachable',
  unreachableReason: null,
  pausedBy: null,
  counts: { waiting: 1, sending: 0, inDoubt: 0, needsDecision: 0, failed: 0 },
  nextAttemptAt: null,
  ...patch,
});

const item = outboxItem;

describe('connectionText', () => {
  it.each([
    [null, 'Offline — Linq cannot be reached'],
    ['NETWORK_UNREACHABLE', 'Offline — Linq cannot be reached'],
    ['PROXY_REFUSED', 'Linq cannot be reached — the network’s proxy refused the connection'],
    ['PROXY_AUTH_REQUIRED', 'Linq cannot be reached — the network’s proxy asks for a sign-in'],
    ['TLS_UNTRUSTED', 'Linq cannot be reached — the connection could not be verified as secure'],
  ] as const)('unreachable because of %s: %s', (code, text) => {
    const reason = code ? appError(code) : null;
    expect(connectionText(status({ unreachableReason: reason }))).toBe(text);
  });

  it('says nothing of a reason once Linq answers', () => {
    expect(connectionText(status({ connection: 'reachable' }))).toBe('Online');
  });
});

describe('waitingReason', () => {
  const refused = appError('PROXY_REFUSED');

  it('is the outbox’s reason for a waiting card that has no attempt of its own', () => {
    expect(waitingReason(item({}), status({ unreachableReason: refused }))).toBe(refused);
  });

  it('is nothing when the card shows its own last attempt, or Linq is reachable', () => {
    expect(
      waitingReason(item({ lastError: refused }), status({ unreachableReason: refused })),
    ).toBeNull();
    expect(waitingReason(item({}), status({ connection: 'reachable' }))).toBeNull();
  });
});

describe('pauseReason', () => {
  it('says an unapproved API address held the outbox, not that the keychain failed', () => {
    expect(pauseReason(appError('API_ADDRESS_NOT_APPROVED'))).toBe(
      'the saved API address has not been approved on this computer.',
    );
    expect(pauseReason(appError('KEYCHAIN_FAILED'))).toBe(
      'the API key cannot be read from the keychain.',
    );
  });
});
