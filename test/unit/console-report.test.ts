// What an unexpected error puts on stdout/stderr of main or the headless host: its kind and
// stack frames, never its message, fields or cause, where an API key could be. Checked on the
// report itself and on real Node processes that crash with the key in the error.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { consoleBugReport } from '../../electron/services/log/console-report.ts';
import { canaryFormsIn, newCanaryKey } from '../support/canary.ts';

const KEY = newCanaryKey();
const MODULE = fileURLToPath(
  new URL('../../electron/services/log/console-report.ts', import.meta.url),
);

/** An error as an HTTP client might throw it: the key in its text, its fields and its cause. */
function leakyError(): Error {
  const cause = new Error(`socket closed while sending Authorization: Bearer ${KEY}`);
  const error = new TypeError(`Cannot read properties of undefined (reading '${KEY}')`, { cause });
  Object.assign(error, {
    code: 'ERR_INVALID_STATE',
    request: { headers: { authorization: `Bearer ${KEY}`, 'x-api-key': KEY } },
    apiKey: KEY,
  });
  return error;
}

describe('consoleBugReport', () => {
  it('gives the kind, the code and the frames, and where the full error is logged', () => {
    const report = consoleBugReport('Unexpected error in a service', leakyError(), 'the log in /x');
    const [first, ...frames] = report.split('\n');
    expect(first).toBe(
      'Unexpected error in a service: TypeError (ERR_INVALID_STATE) (its message and details are in the log in /x)',
    );
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame).toMatch(/^\s+at /);
    expect(report).toContain('leakyError');
  });

  it('holds the key in no form, though the message, fields and cause all do', () => {
    const error = leakyError();
    // The error as Node's console would print it does hold the key: this is what was printed.
    expect(canaryFormsIn(`${error.stack} ${JSON.stringify(error)}`, KEY)).not.toEqual([]);
    expect(canaryFormsIn(consoleBugReport('bug', error), KEY)).toEqual([]);
  });

  it('drops a message that spans lines, even one that looks like a frame', () => {
    const error = new Error(`first line\n    at ${KEY} (fake frame)\nlast line`);
    const report = consoleBugReport('bug', error);
    expect(report).not.toContain(KEY);
    expect(report).toMatch(/\n\s+at /); // the real frames are still there
  });

  it('prints no frames when the stack does not start with the message (it was rewritten)', () => {
    const error = new Error('original');
    error.message = `changed to ${KEY}`;
    error.stack = `Error: something else ${KEY}\n    at ${KEY} (x.js:1:1)`;
    expect(consoleBugReport('bug', error)).toBe(
      'bug: Error (its message is left out, as it could hold the API key)',
    );
  });

  it('does not repeat names or codes that are not plain identifiers, or thrown values', () => {
    const renamed = new Error('x');
    renamed.name = `Error ${KEY}`;
    Object.assign(renamed, { code: `key=${KEY}` });
    expect(consoleBugReport('bug', renamed)).toMatch(/^bug: Error \(its message/);
    expect(consoleBugReport('bug', KEY)).toBe(
      'bug: a thrown string (its message is left out, as it could hold the API key)',
    );
    expect(consoleBugReport('bug', { apiKey: KEY })).not.toContain(KEY);
    expect(consoleBugReport('bug', null)).toMatch(/^bug: a thrown null/);
  });

  it('survives an error whose getters throw', () => {
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'stack', {
      get() {
        throw new Error(KEY);
      },
    });
    expect(consoleBugReport('bug', hostile)).toMatch(/^bug: Error /);
  });
});

describe('reportProcessErrorsSafely, in a real Node process', () => {
  /** Runs a process that installs the reports, then fails as `failure` says. */
  function crash(failure: string, exit: boolean) {
    const script = `
      import { reportProcessErrorsSafely } from ${JSON.stringify(MODULE)};
      reportProcessErrorsSafely({ process: '[test host]', exit: ${exit} });
      const key = process.env.CANARY;
      ${failure}
      setTimeout(() => console.log('still running'), 200);
    `;
    return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, CANARY: KEY },
      encoding: 'utf8',
      timeout: 15_000,
    });
  }

  it('reports an uncaught exception without the key, and exits with 1', () => {
    const run = crash(
      `setTimeout(() => { throw Object.assign(new Error('key ' + key), { apiKey: key }); });`,
      true,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^\[test host\] uncaught exception: Error \(its message is left out/,
    );
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(canaryFormsIn(run.stdout + run.stderr, KEY)).toEqual([]);
    expect(run.stdout).not.toContain('still running');
  });

  it('reports an unhandled rejection without the key, and exits with 1', () => {
    const run = crash(
      `Promise.reject(new Error('Authorization: Bearer ' + key, { cause: key }));`,
      true,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^\[test host\] unhandled promise rejection: Error /);
    expect(canaryFormsIn(run.stdout + run.stderr, KEY)).toEqual([]);
  });

  it('keeps the process running when asked to (main, like Electron’s default)', () => {
    const run = crash(`Promise.reject(new Error(key));`, false);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/unhandled promise rejection: Error /);
    expect(run.stdout).toContain('still running');
    expect(canaryFormsIn(run.stdout + run.stderr, KEY)).toEqual([]);
  });

  it('is needed: without it, Node prints the key', () => {
    const script = `const key = process.env.CANARY; Promise.reject(new Error('key ' + key));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, CANARY: KEY },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(canaryFormsIn(run.stderr, KEY)).toContain('as typed');
  });
});
