// A batch restore's confirmation words for each way of sending it (lib/batch-restore-text.ts).
import { expect, it } from 'vitest';
import { undoButtonText, undoWhenText } from '../../../../renderer/src/lib/batch-restore-text.ts';
import { SEND_NOW } from '../../../../renderer/src/lib/rollout-choice.ts';

const at = { firstLineFirst: false, when: 'at' as const, sendAt: '2026-12-08T09:00' };

it('says what the button does now, first, or at the chosen time', () => {
  expect(undoButtonText(3, SEND_NOW)).toBe('Undo: send 3 cards back');
  expect(undoButtonText(3, { ...SEND_NOW, firstLineFirst: true })).toBe(
    'Undo: send the first card back, hold the rest',
  );
  // One card: nothing to hold.
  expect(undoButtonText(1, { ...SEND_NOW, firstLineFirst: true })).toBe('Undo: send 1 card back');
  expect(undoButtonText(3, at)).toBe('Undo: schedule 3 cards');
  expect(undoButtonText(0, at)).toBe('Undo the import');
});

it('says the same for a restore of lines to an earlier time', () => {
  expect(undoButtonText(3, SEND_NOW, 'Restore')).toBe('Restore: send 3 cards back');
  expect(undoButtonText(3, { ...at, firstLineFirst: true }, 'Restore')).toBe(
    'Restore: schedule the first card, hold the rest',
  );
  expect(undoButtonText(0, SEND_NOW, 'Restore')).toBe('Nothing to restore');
});

it('says when the cards go back and what waits, in the named time zone', () => {
  expect(undoWhenText(3, SEND_NOW)).toBeNull();
  expect(undoWhenText(3, { ...SEND_NOW, firstLineFirst: true })).toBe(
    'The first card goes back now; the other 2 cards then wait in the Outbox until you choose “Send the rest” there.',
  );
  expect(undoWhenText(3, at, 'Europe/Berlin')).toMatch(
    /^All 3 cards wait in the Outbox and go back at .*\(Europe\/Berlin\)\.$/,
  );
  expect(undoWhenText(2, { ...at, firstLineFirst: true }, 'UTC')).toMatch(
    /^At .*\(UTC\) the first card goes back; the other card then waits in the Outbox/,
  );
  expect(undoWhenText(3, { ...at, sendAt: '' })).toBeNull();
});
