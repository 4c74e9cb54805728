// Services whose clock the test moves, for schedules and lateness. A test makes a schedule with
// the clock set back, then puts it right (or restarts with it right): the sender times its
// attempts by the real clock, so an unrelated change made at a clock days ahead would wait
// days of real time.
import { afterEach } from 'vitest';
import { startHarness, type Harness } from './services-harness.ts';

/**
 * Call at the top of a test file: `started()` gives services (with a key stored) whose clock
 * is `clock.aheadMs` from the real one, read on every call; after each test they are closed
 * and the clock put right.
 */
export function movedClockHarness(): { clock: { aheadMs: number }; started(): Promise<Harness> } {
  const clock = { aheadMs: 0 };
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    clock.aheadMs = 0;
  });
  return {
    clock,
    async started() {
      h = await startHarness({
        clock: () => new Date(Date.now() + clock.aheadMs),
        lateNoticeMs: 0,
      });
      await h.withKey();
      return h;
    },
  };
}
