// The words of an Outbox row: a refusal with Linq's reason and no Retry, the whole card an
// update makes with what changed, one label for waiting, no "try again" for what the outbox
// sends again by itself, and the notice of a decision that arrived later.
import { describe, expect, it } from 'vitest';
import { appError, linqFailureToAppError } from '../../../../shared/errors.schema.ts';
import {
  cardNameAfter,
  changedText,
  decisionNoticeText,
  describeItem,
  refusedForGood,
  withoutTryAgain,
} from '../../../../renderer/src/lib/outbox-text.ts';
import { outboxItem } from '../../../support/outbox-item.ts';

const refusedLastName = linqFailureToAppError({
  status: 400,
  body: { error: { code: 1005, message: 'last_name must be at most 25 characters' } },
});

describe('a refused card', () => {
  it('says which detail Linq refused and Linq’s reason, and that an edit (not a retry) fixes it', () => {
    const item = outboxItem({ state: 'failed', lastError: refusedLastName });
    const text = describeItem(item, null);
    expect(text.label).toBe('Failed');
    expect(text.line).toBe(
      'Linq refused the last name: “last_name must be at most 25 characters”. Edit the card to change it: as it is, Linq would refuse it again.',
    );
    expect(refusedForGood(item)).toBe(true);
  });

  it('without a named detail still gives Linq’s words, also from an unknown code', () => {
    const unknown = linqFailureToAppError({
      status: 400,
      body: { error: { code: 1999, message: 'names may not contain emoji' } },
    });
    const text = describeItem(outboxItem({ state: 'failed', lastError: unknown }), null);
    expect(text.line).toMatch(/^Linq refused some of the details: “names may not contain emoji”\./);
  });

  it('a refused photo asks for another photo', () => {
    const error = appError('INVALID_INPUT', { field: 'photo' });
    expect(describeItem(outboxItem({ state: 'failed', lastError: error }), null).line).toBe(
      'Linq refused the photo. Edit the card and choose another photo.',
    );
  });

  it('keeps Retry for failures that sending again may fix', () => {
    const notAllowed = appError('NUMBER_NOT_ALLOWED');
    expect(refusedForGood(outboxItem({ state: 'failed', lastError: notAllowed }))).toBe(false);
    expect(refusedForGood(outboxItem({ state: 'waiting', lastError: refusedLastName }))).toBe(
      false,
    );
  });
});

describe('an update', () => {
  it('is shown as the whole card it makes, the confirmed card with the change over it', () => {
    const item = outboxItem({
      action: 'update',
      fields: { lastName: 'Help Desk' },
      confirmedNames: { firstName: 'Harbor', lastName: 'Front Desk' },
    });
    expect(cardNameAfter(item)).toBe('Harbor Help Desk');
    expect(changedText(item)).toBe('changed: last name');
  });

  it('once done, as Linq confirmed it', () => {
    const item = outboxItem({
      action: 'update',
      state: 'done',
      fields: { firstName: 'Support Team' },
      card: {
        phoneNumber: '+14155550132',
        firstName: 'Support Team',
        lastName: 'Harbor',
        imageUrl: null,
        isActive: true,
      },
    });
    expect(cardNameAfter(item)).toBe('Support Team Harbor');
  });

  it('names a removed last name and a new photo; a setup has no "changed"', () => {
    const item = outboxItem({
      action: 'update',
      fields: { lastName: '', imageUrl: 'https://cdn.example/a.jpg' },
      confirmedNames: { firstName: 'Harbor', lastName: 'Front Desk' },
    });
    expect(cardNameAfter(item)).toBe('Harbor');
    expect(changedText(item)).toBe('changed: last name removed, photo');
    expect(changedText(outboxItem({ action: 'setup' }))).toBeNull();
  });

  it('without a confirmed card known, shows what it sends', () => {
    const item = outboxItem({ action: 'update', fields: { lastName: 'Help Desk' } });
    expect(cardNameAfter(item)).toBe('Help Desk');
  });
});

describe('waiting', () => {
  it('is one label whether it was tried before or not', () => {
    expect(describeItem(outboxItem({ attempts: 0 }), null).label).toBe('Waiting');
    expect(describeItem(outboxItem({ attempts: 3 }), null).label).toBe('Waiting');
  });

  it('drops the catalogue’s "try again" where the outbox sends again by itself', () => {
    expect(withoutTryAgain(appError('NETWORK_UNREACHABLE').message)).toBe(
      'Could not reach Linq. Check your internet connection.',
    );
    expect(withoutTryAgain(appError('RATE_LIMITED').message)).toBe(
      'Linq is receiving too many requests right now.',
    );
    expect(withoutTryAgain(appError('SETUP_INCOMPLETE').message)).toBe(
      'Linq could not finish applying the card to the phone line.',
    );
    expect(withoutTryAgain(appError('TIMEOUT').message)).toBe('Linq took too long to answer.');
    for (const code of ['PROXY_REFUSED', 'TLS_UNTRUSTED', 'SERVER_ERROR'] as const) {
      expect(withoutTryAgain(appError(code).message)).not.toMatch(/try again/i);
    }
  });
});

describe('the notice of a decision that arrived later', () => {
  it('names the number and what Linq has', () => {
    const item = outboxItem({
      state: 'needs-decision',
      decision: { reason: 'card-exists', serverCard: null },
    });
    expect(decisionNoticeText(item, '+1 303 555 0101')).toBe(
      '+1 303 555 0101 already has a card at Linq.',
    );
  });
});
