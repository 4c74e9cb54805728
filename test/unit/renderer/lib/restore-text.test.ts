// What the restore dialog says about the photo, what it compared with, and its button.
import { describe, expect, it } from 'vitest';
import {
  heldRestoreText,
  restoreButtonLabel,
  restoreComparedNote,
  restoreImageNote,
} from '../../../../renderer/src/lib/restore-text.ts';

describe('restore dialog text', () => {
  it('says how the photo goes back, or that it cannot', () => {
    expect(restoreImageNote({ image: 're-upload' })).toMatch(/uploaded again/);
    expect(restoreImageNote({ image: 'unavailable' })).toMatch(/no longer available/);
    expect(restoreImageNote({ image: 'cannot-remove' })).toMatch(/cannot remove/);
    expect(restoreImageNote({ image: 'same' })).toBeNull();
  });

  it('counts the fields sent, and offers the names only when the photo is gone', () => {
    const changes = [
      { field: 'lastName' as const, from: 'Help', to: 'Support' },
      { field: 'image' as const, from: 'a', to: 'b' },
    ];
    expect(restoreButtonLabel({ changes, image: 're-upload' })).toBe('Restore 2 fields');
    expect(restoreButtonLabel({ changes: changes.slice(0, 1), image: 'none' })).toBe(
      'Restore 1 field',
    );
    expect(restoreButtonLabel({ changes, image: 'unavailable' })).toBe('Restore the names only');
    expect(restoreButtonLabel({ changes, image: 're-upload' }, true)).toBe(
      'Schedule: restore 2 fields',
    );
    expect(restoreButtonLabel({ changes, image: 'unavailable' }, true)).toBe(
      'Schedule: restore the names only',
    );
  });

  it('says when a scheduled restore goes, in the zone named, and where it waits', () => {
    const sendAt = '2026-12-08T08:00:00.000Z';
    const scheduled = heldRestoreText(12, { state: 'scheduled', sendAt }, 'Europe/Berlin');
    expect(scheduled).toMatch(/^Restore #12 scheduled for .*9:00.*\(Europe\/Berlin\): /);
    expect(scheduled).toContain('Outbox under “Held and scheduled”');
    expect(scheduled).toContain('“Send now”');
    expect(scheduled).toContain('“Cancel”');
    // Before the outbox is published: where it waits, without the time.
    expect(heldRestoreText(12, undefined)).toMatch(
      /^Restore #12 scheduled: it waits in the Outbox/,
    );
    expect(heldRestoreText(12, { state: 'released', sendAt })).toMatch(/sent like any change/);
    expect(heldRestoreText(12, { state: 'cancelled', sendAt })).toMatch(/nothing was sent/);
    expect(heldRestoreText(12, { state: 'overdue', sendAt })).toMatch(/Held and scheduled/);
  });

  it('says when it could not compare with Linq now, or something is still pending', () => {
    expect(restoreComparedNote({ comparedWith: 'linq-now', pendingAhead: false })).toBeNull();
    expect(restoreComparedNote({ comparedWith: 'last-confirmed', pendingAhead: false })).toMatch(
      /could not be reached/,
    );
    expect(restoreComparedNote({ comparedWith: 'linq-now', pendingAhead: true })).toMatch(
      /after it/,
    );
  });
});
