// Reachability from request outcomes: a failure starts probing with backoff, an answer stops
// it, and the probing always restarts after a later failure (a lost timer once left the
// outbox waiting for ever).
import { describe, expect, it, vi } from 'vitest';
import { createConnectivity } from '../../electron/services/outbox/connectivity.ts';
import { appError, type AppError } from '../../shared/errors.schema.ts';

function setup(results: boolean[]) {
  const probe = vi.fn(async () => results.shift() ?? true);
  const onChange = vi.fn();
  const connectivity = createConnectivity({
    probe,
    firstProbeMs: 10,
    maxProbeMs: 40,
    onChange,
    reportBug: () => {},
  });
  return { probe, onChange, connectivity };
}

describe('connectivity', () => {
  it('starts unknown and trusts answers over anything else', () => {
    const { connectivity, probe } = setup([]);
    expect(connectivity.state).toBe('unknown');
    connectivity.answered();
    expect(connectivity.state).toBe('reachable');
    expect(probe).not.toHaveBeenCalled();
  });

  it('probes with backoff while unreachable, and stops once a probe is answered', async () => {
    const { connectivity, probe, onChange } = setup([false, false, true]);
    connectivity.failed();
    expect(connectivity.state).toBe('unreachable');
    expect(connectivity.nextProbeAtMs).not.toBeNull();
    await vi.waitFor(() => expect(connectivity.state).toBe('reachable'), { timeout: 1_000 });
    expect(probe).toHaveBeenCalledTimes(3);
    expect(connectivity.nextProbeAtMs).toBeNull();
    expect(onChange).toHaveBeenCalledTimes(2); // unreachable, then reachable
    connectivity.stop();
  });

  it('probes again after a failure that follows a recovery during a probe', async () => {
    let answer: (ok: boolean) => void = () => {};
    const probe = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    const connectivity = createConnectivity({
      probe,
      firstProbeMs: 5,
      maxProbeMs: 10,
      onChange: () => {},
      reportBug: () => {},
    });
    const checking = connectivity.checkNow();
    connectivity.failed(); // a request fails while the probe is out: a timer is set
    answer(true); // the probe succeeds
    await checking;
    expect(connectivity.state).toBe('reachable');
    connectivity.failed(); // later, another failure: probing must start again
    await vi.waitFor(() => expect(probe).toHaveBeenCalledTimes(2), { timeout: 1_000 });
    answer(true);
    await vi.waitFor(() => expect(connectivity.state).toBe('reachable'));
    connectivity.stop();
  });

  it('goes back to unknown when no probe can be made (no usable key), not offline for ever', async () => {
    const { connectivity } = setup([]);
    const probe = vi.fn(async () => null);
    const blind = createConnectivity({ probe, onChange: () => {}, reportBug: () => {} });
    blind.failed();
    expect(blind.state).toBe('unreachable');
    expect(await blind.checkNow()).toBe('unknown');
    expect(blind.nextProbeAtMs).toBeNull();
    blind.stop();
    connectivity.stop();
  });

  it('keeps why Linq cannot be reached, publishes a new reason, and forgets it once back', async () => {
    let answer: (result: boolean | AppError) => void = () => {};
    const probe = vi.fn(() => new Promise<boolean | AppError>((resolve) => (answer = resolve)));
    const onChange = vi.fn();
    const connectivity = createConnectivity({
      probe,
      firstProbeMs: 5,
      maxProbeMs: 10,
      onChange,
      reportBug: () => {},
    });
    const refused = appError('PROXY_REFUSED');
    connectivity.failed(refused);
    expect(connectivity.reason).toBe(refused);
    expect(onChange).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(probe).toHaveBeenCalledTimes(1));
    const untrusted = appError('TLS_UNTRUSTED');
    answer(untrusted); // still unreachable, for another reason: published
    await vi.waitFor(() => expect(connectivity.reason).toBe(untrusted));
    expect(onChange).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(probe).toHaveBeenCalledTimes(2));
    answer(true);
    await vi.waitFor(() => expect(connectivity.state).toBe('reachable'));
    expect(connectivity.reason).toBeNull();
    connectivity.stop();
  });

  it('treats a probe that throws as unreachable, not as a crash', async () => {
    const connectivity = createConnectivity({
      probe: () => Promise.reject(new Error('bug')),
      onChange: () => {},
      reportBug: () => {},
    });
    expect(await connectivity.checkNow()).toBe('unreachable');
    connectivity.stop();
  });

  it('changes nothing once stopped, not even for a failure with a new reason', () => {
    const { connectivity, onChange, probe } = setup([]);
    connectivity.failed(appError('PROXY_REFUSED'));
    expect(onChange).toHaveBeenCalledTimes(1);
    connectivity.stop();
    connectivity.failed(appError('TLS_UNTRUSTED')); // a late outcome, during the shutdown
    connectivity.answered();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(connectivity.reason?.code).toBe('PROXY_REFUSED');
    expect(probe).not.toHaveBeenCalled();
  });
});
