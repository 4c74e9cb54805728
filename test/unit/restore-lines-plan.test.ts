// The rule for one line of a restore to an earlier time (lineStep): a change still in the
// Outbox blocks it whatever else is true; no card confirmed then leaves it alone (Linq has no
// DELETE); the card already as it was then, or differing only where a PATCH cannot change
// anything (an image the earlier card did not have), sends nothing; otherwise it goes back.
// And the moment in the job's name, said in the zone it was chosen in.
import { describe, expect, it } from 'vitest';
import type { VersionContent } from '../../electron/services/import/undo-plan.ts';
import { lineStep } from '../../electron/services/restore/restore-lines-plan.ts';
import { momentWords } from '../../electron/services/restore/restore-lines.ts';

const version = (id: number, over: Partial<VersionContent> = {}): VersionContent => ({
  id,
  firstName: 'Acme',
  lastName: 'Pharmacy',
  imageUrl: null,
  photoSha256: null,
  importId: null,
  madeBy: 'submission',
  ...over,
});

describe('lineStep', () => {
  it('goes back to the version of then when the card differs now', () => {
    const then = version(1);
    const now = version(2, { firstName: 'Zen' });
    expect(lineStep({ then, now, open: false })).toEqual({ step: 'restore', before: then, now });
  });

  it('blocks while a change is in the Outbox, even with no card then', () => {
    expect(
      lineStep({ then: version(1), now: version(2, { lastName: 'X' }), open: true }).step,
    ).toBe('blocking');
    expect(lineStep({ then: null, now: null, open: true }).step).toBe('blocking');
  });

  it('leaves a line with no card then alone', () => {
    expect(lineStep({ then: null, now: version(2), open: false }).step).toBe('no-card-then');
  });

  it('counts the card as unchanged when it is the version of then', () => {
    const then = version(1);
    expect(lineStep({ then, now: then, open: false }).step).toBe('unchanged');
  });

  it('counts as unchanged a later version with the same content (null and empty alike)', () => {
    const then = version(1, { lastName: null });
    expect(lineStep({ then, now: version(3, { lastName: '' }), open: false }).step).toBe(
      'unchanged',
    );
  });

  it('counts as unchanged a card whose only difference is an image Linq cannot remove', () => {
    const now = version(2, { imageUrl: 'https://cdn.example/logo.png' });
    expect(lineStep({ then: version(1), now, open: false }).step).toBe('unchanged');
  });

  it('sends everything when no card is confirmed now', () => {
    expect(lineStep({ then: version(1), now: null, open: false }).step).toBe('restore');
  });
});

describe('momentWords', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  it('says the moment in the zone it was chosen in', () => {
    expect(momentWords('2026-12-03T13:00:00.000Z', 'Europe/Berlin', now)).toBe('3 Dec 14:00');
    expect(momentWords('2026-12-03T13:00:00.000Z', 'America/New_York', now)).toBe('3 Dec 08:00');
  });
  it('adds the year when it is not this one', () => {
    expect(momentWords('2025-06-30T22:30:00.000Z', 'UTC', now)).toBe('30 Jun 2025 22:30');
  });
});
