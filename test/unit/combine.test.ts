// Combining the changes to one number that wait behind each other into one request, and
// re-applying a card Linq left not active in full: pure rules, every case of order and kind.
import { describe, expect, it } from 'vitest';
import {
  combineWaiting,
  reapplyInFull,
  type CombineCandidate,
} from '../../electron/services/outbox/combine.ts';
import type { Card } from '../../shared/card.schema.ts';

const photo = { sha256: 'a'.repeat(64), contentType: 'image/jpeg' as const };

function item(
  id: number,
  action: 'setup' | 'update',
  fields: CombineCandidate['fields'],
  extra: Partial<CombineCandidate> = {},
): CombineCandidate {
  return { id, action, fields, state: 'waiting', combinedInto: null, sendAlone: false, ...extra };
}

const confirmed: Card = {
  phoneNumber: '+14155550132',
  firstName: 'Acme',
  lastName: 'Support',
  imageUrl: 'https://cdn.example/a.png',
  isActive: true,
};

describe('combineWaiting', () => {
  it('never joins an item held by a rollout, nor anything behind it (order per line)', () => {
    const head = item(1, 'update', { firstName: 'Acme' });
    const later = [
      item(2, 'update', { lastName: 'Held' }, { gated: true }),
      item(3, 'update', { lastName: 'Hand edit' }),
    ];
    expect(combineWaiting(head, later, confirmed)).toBeNull();
    const before = [item(2, 'update', { lastName: 'Sales' }), ...later.slice(0, 1)];
    expect(combineWaiting(head, before, null)?.joined).toEqual([2]);
  });

  it('turns a setup followed by edits into one setup with the final values', () => {
    const head = item(1, 'setup', { firstName: 'Acme', lastName: 'Support' });
    const later = [
      item(2, 'update', { lastName: 'Sales' }),
      item(3, 'update', { firstName: 'Acme Co' }),
    ];
    expect(combineWaiting(head, later, null)).toEqual({
      joined: [2, 3],
      fields: { firstName: 'Acme Co', lastName: 'Sales' },
    });
  });

  it('turns several updates into one update of what differs from the confirmed card', () => {
    const head = item(5, 'update', { firstName: 'Help' });
    const later = [
      item(6, 'update', { lastName: 'Desk' }),
      item(7, 'update', { firstName: 'Acme' }),
    ];
    // firstName ends where the card already is: only lastName goes.
    expect(combineWaiting(head, later, confirmed)).toEqual({
      joined: [6, 7],
      fields: { lastName: 'Desk' },
    });
  });

  it('still sends once when the edits end exactly where the confirmed card is', () => {
    const head = item(5, 'update', { firstName: 'Help' });
    const later = [item(6, 'update', { firstName: 'Acme' })];
    expect(combineWaiting(head, later, confirmed)).toEqual({
      joined: [6],
      fields: { firstName: 'Acme' },
    });
  });

  it('lets a new image of either kind replace the earlier one', () => {
    const head = item(1, 'setup', { firstName: 'A', photo });
    const url = combineWaiting(
      head,
      [item(2, 'update', { imageUrl: 'https://x.example/b.png' })],
      null,
    );
    expect(url?.fields).toEqual({ firstName: 'A', imageUrl: 'https://x.example/b.png' });
    const head2 = item(1, 'setup', { firstName: 'A', imageUrl: 'https://x.example/b.png' });
    const withPhoto = combineWaiting(head2, [item(2, 'update', { photo })], null);
    expect(withPhoto?.fields).toEqual({ firstName: 'A', photo });
  });

  it('stops at the first item that cannot join, keeping order', () => {
    const head = item(1, 'setup', { firstName: 'A' });
    const later = [
      item(2, 'update', { lastName: 'B' }),
      item(3, 'update', { lastName: 'C' }, { state: 'needs-decision' }),
      item(4, 'update', { lastName: 'D' }),
    ];
    expect(combineWaiting(head, later, null)?.joined).toEqual([2]);
    expect(combineWaiting(head, [item(2, 'setup', { firstName: 'Z' })], null)).toBeNull();
    for (const state of ['sending', 'in-doubt'] as const) {
      expect(
        combineWaiting(head, [item(2, 'update', { lastName: 'B' }, { state })], null),
      ).toBeNull();
    }
  });

  it('never takes an item combined elsewhere; skips those already joined to the head', () => {
    const head = item(1, 'update', { firstName: 'A' });
    expect(
      combineWaiting(head, [item(2, 'update', { lastName: 'B' }, { combinedInto: 9 })], null),
    ).toBeNull();
    const again = combineWaiting(
      head,
      [
        item(2, 'update', { lastName: 'B' }, { combinedInto: 1 }),
        item(3, 'update', { lastName: 'C' }),
      ],
      null,
    );
    expect(again).toEqual({ joined: [3], fields: { firstName: 'A', lastName: 'C' } });
  });

  it('leaves alone what Linq refused as part of a combined request', () => {
    const head = item(1, 'update', { firstName: 'A' });
    expect(
      combineWaiting({ ...head, sendAlone: true }, [item(2, 'update', { lastName: 'B' })], null),
    ).toBeNull();
    expect(
      combineWaiting(head, [item(2, 'update', { lastName: 'B' }, { sendAlone: true })], null),
    ).toBeNull();
  });

  it('returns null when nothing joins', () => {
    expect(combineWaiting(item(1, 'update', { firstName: 'A' }), [], confirmed)).toBeNull();
  });
});

describe('reapplyInFull', () => {
  it('completes an update from the card Linq holds, as a setup with every field', () => {
    expect(reapplyInFull({ action: 'update', fields: { lastName: 'Desk' } }, confirmed)).toEqual({
      firstName: 'Acme',
      lastName: 'Desk',
      imageUrl: 'https://cdn.example/a.png',
    });
    expect(reapplyInFull({ action: 'update', fields: { photo } }, confirmed)).toEqual({
      firstName: 'Acme',
      lastName: 'Support',
      photo,
    });
  });

  it('leaves a setup (it sends every field) and an update with no card to complete it', () => {
    expect(reapplyInFull({ action: 'setup', fields: { firstName: 'A' } }, confirmed)).toBeNull();
    expect(reapplyInFull({ action: 'update', fields: { firstName: 'A' } }, null)).toBeNull();
  });
});
