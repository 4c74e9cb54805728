// The smoke check's verdict on what the page shows (the probe itself is run on the real first
// screens in test/e2e/smoke-probe.spec.ts).
import { describe, expect, it } from 'vitest';
import {
  FIRST_SCREEN_PROBE,
  smokeReport,
  waitForFirstScreen,
  type SmokeCheckOptions,
} from '../../electron/main/smoke-check.ts';

/** A page that answers the given values in turn (an Error is thrown), and a virtual clock. */
function page(answers: unknown[]): SmokeCheckOptions & { asked: string[] } {
  let time = 0;
  const asked: string[] = [];
  return {
    asked,
    now: () => time,
    sleep: async (ms) => void (time += ms),
    intervalMs: 100,
    timeoutMs: 1_000,
    async evaluate(script) {
      asked.push(script);
      const answer = answers.length > 1 ? answers.shift() : answers[0];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

describe('waitForFirstScreen', () => {
  it('waits through a page not loaded yet and the start-up screen, then names the screen', async () => {
    const options = page([
      new Error('Execution context was destroyed'),
      { shown: false, heading: null, failed: null },
      { shown: true, heading: null, failed: null }, // shell drawn, screen still loading
      { shown: true, heading: 'New contact card', failed: null },
    ]);
    expect(await waitForFirstScreen(options)).toEqual({ ok: true, heading: 'New contact card' });
    expect(options.asked).toHaveLength(4);
    expect(options.asked.every((script) => script === FIRST_SCREEN_PROBE)).toBe(true);
  });

  it('fails at once when the app shows that it could not start', async () => {
    const options = page([
      { shown: false, heading: null, failed: 'The app could not start: The database is damaged.' },
    ]);
    const outcome = await waitForFirstScreen(options);
    expect(outcome).toEqual({
      ok: false,
      reason: 'the app showed "The app could not start: The database is damaged."',
    });
    expect(options.asked).toHaveLength(1);
    expect(smokeReport(outcome)).toBe(
      'Smoke check failed: the app showed "The app could not start: The database is damaged."; quitting.',
    );
  });

  it('gives up at the deadline with the last thing it saw', async () => {
    const options = page([{ shown: false, heading: null, failed: null }]);
    expect(await waitForFirstScreen(options)).toEqual({
      ok: false,
      reason: 'the first screen was not drawn in time',
    });
    expect(options.asked).toHaveLength(11); // at 0, 100, ..., 1000 ms
  });

  it('treats an answer of the wrong shape as not drawn', async () => {
    const options = page(['<html>', null, { shown: 'yes', heading: 42 }]);
    expect(await waitForFirstScreen(options)).toMatchObject({ ok: false });
  });

  it('says which screen it saw in the line the workflow looks for', () => {
    expect(smokeReport({ ok: true, heading: 'Connect your Linq account' })).toBe(
      'Smoke check passed: the first screen ("Connect your Linq account") is showing; quitting.',
    );
  });
});
