// "How to send" (Import's Confirm step, the card form) becomes a rollout: none for a plain send now,
// one line first, a time read in this computer's zone, and a clear word for a time passed.
import { describe, expect, it } from 'vitest';
import {
  localInputValue,
  rolloutFromChoice,
  SEND_NOW,
} from '../../../../renderer/src/lib/rollout-choice.ts';

const NOW = new Date(2026, 11, 8, 9, 30).getTime();
const ZONE = 'Europe/Berlin';

describe('rolloutFromChoice', () => {
  it('asks for no rollout when sending now, and for one line first when ticked', () => {
    expect(rolloutFromChoice(SEND_NOW, NOW, ZONE)).toEqual({ ok: true, rollout: undefined });
    expect(rolloutFromChoice({ ...SEND_NOW, firstLineFirst: true }, NOW, ZONE)).toEqual({
      ok: true,
      rollout: { firstLineFirst: true },
    });
  });

  it('reads the chosen time as local time and names the zone', () => {
    const sendAt = localInputValue(NOW + 3_600_000);
    const outcome = rolloutFromChoice({ firstLineFirst: true, when: 'at', sendAt }, NOW, ZONE);
    expect(outcome).toEqual({
      ok: true,
      rollout: {
        firstLineFirst: true,
        schedule: { sendAt: new Date(NOW + 3_600_000).toISOString(), timeZone: ZONE },
      },
    });
  });

  it('says why a time that is missing or has passed cannot be used', () => {
    const at = (sendAt: string) =>
      rolloutFromChoice({ firstLineFirst: false, when: 'at', sendAt }, NOW, ZONE);
    expect(at('')).toEqual({ ok: false, problem: 'Choose the date and time to send at.' });
    expect(at(localInputValue(NOW - 5 * 60_000))).toEqual({
      ok: false,
      problem: 'The chosen time has passed. Choose a later time, or send now.',
    });
    // The current minute (already a little past) is still "now".
    expect(at(localInputValue(NOW)).ok).toBe(true);
  });
});

describe('localInputValue', () => {
  it('gives the minute in the datetime-local format', () => {
    expect(localInputValue(new Date(2026, 0, 2, 3, 4, 59).getTime())).toBe('2026-01-02T03:04');
  });
});
