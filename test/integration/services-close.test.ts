// Services.close() in this process, against the fake Linq API: it runs once whoever asks, waits
// for work the services started themselves (a history sync on reconnecting), and when its
// bound runs out, what still ends later fails on the closed database without a bug report or a
// log line after "Stopped".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../shared/card-history.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const logMessages = () =>
  readFileSync(join(h!.dataDir, 'logs', 'app.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { message: string }).message);

/** A key set makes Linq reachable (its lines are read), which starts a sync: held here. */
async function syncHeldInFlight(harness: Harness) {
  const held = harness.fake.holdAnswerNext({ method: 'GET', path: '/v3/contact_card' });
  await harness.withKey();
  await held.arrived;
  return held;
}

const syncEnded = () =>
  h!.events.some((event) => event.name === 'syncChanged' && !(event.payload as SyncStatus).running);

describe('closing the services', () => {
  it('runs once, and waits for a sync it started itself to be recorded', async () => {
    h = await startHarness({ syncOnConnect: true, closeWaitMs: 10_000 });
    const held = await syncHeldInFlight(h);
    const closing = h.services.close('quit');
    expect(h.services.close('SIGTERM')).toBe(closing);
    held.release();
    await closing;
    const messages = logMessages();
    expect(messages.filter((message) => message === 'Stopping')).toHaveLength(1);
    expect(messages.slice(messages.indexOf('Stopping'))).toEqual([
      'Stopping',
      'History synced with Linq',
      'Stopped',
    ]);
  });

  it('gives up on work slower than the bound: its late end reports no bug and logs nothing after "Stopped"', async () => {
    const reportBug = vi.fn();
    h = await startHarness({ syncOnConnect: true, closeWaitMs: 200, reportBug });
    const held = await syncHeldInFlight(h);
    const request = h.call('syncCards'); // the user's "Sync now" joins the sync under way
    await h.services.close('quit');
    expect(logMessages().slice(-2)).toEqual([
      'Stopped waiting for requests under way; they are read back at the next start',
      'Stopped',
    ]);
    held.release();
    // The sync now tries to keep what it read in the closed database: the request fails.
    expect(await request).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await vi.waitFor(() => expect(syncEnded()).toBe(true));
    expect(reportBug).not.toHaveBeenCalled();
    expect(logMessages().at(-1)).toBe('Stopped');
  });
});
