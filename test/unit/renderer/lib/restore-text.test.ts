// What the restore dialog says about the photo, what it compared with, and its button.
import { describe, expect, it } from 'vitest';
import {
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
