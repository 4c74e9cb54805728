// Throwaway keychain environments for integration tests. Each sandbox gets its own HOME and
// XDG directories and a minimal environment, so nothing here can reach the machine's own
// keyring, session bus or display (a display would let gnome-keyring show a real prompt).
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixtureResult } from './secret-store-fixture.ts';

const FIXTURE = fileURLToPath(new URL('./secret-store-fixture.ts', import.meta.url));

/** Fails (never skips) keyring tests that would otherwise touch the developer's own keyring. */
export function requireTestKeyring(): void {
  if (process.env.LINQ_TEST_KEYRING !== '1') {
    throw new Error(
      'This test needs a throwaway GNOME Keyring: run it through scripts/with-test-keyring.sh, ' +
        'e.g. `scripts/with-test-keyring.sh npx vitest run test/integration/secrets.test.ts`.',
    );
  }
}

export function requireKeyringTools(): void {
  for (const tool of ['dbus-run-session', 'gnome-keyring-daemon']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      throw new Error(`${tool} is missing: apt-get install dbus-x11 gnome-keyring`);
    }
  }
}

// A session bus that can activate nothing: a plain `dbus-run-session` would start
// gnome-keyring on demand (/usr/share/dbus-1/services/org.freedesktop.secrets.service) and
// try gcr-prompter for unlock prompts. Here only a daemon the test starts itself exists.
const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

// Starts gnome-keyring (when a password is given) and then runs the fixture, inside the
// session. Its output goes to a log file: the daemon outlives this shell, and a pipe it held
// open would keep the test waiting for end-of-file.
const SESSION_SCRIPT = `
if [ -n "$LINQ_UNLOCK_PASSWORD" ]; then
  printf '%s' "$LINQ_UNLOCK_PASSWORD" |
    gnome-keyring-daemon --unlock --components=secrets >>"$LINQ_SANDBOX/keyring.log" 2>&1 ||
    { echo "gnome-keyring-daemon failed to start" >&2; exit 97; }
fi
unset LINQ_UNLOCK_PASSWORD
exec "$@"
`;

export interface Sandbox {
  dir: string;
  /** Removes the sandbox; keyring data in it goes too. */
  cleanup(): Promise<void>;
}

export interface FixtureRun {
  sandbox: Sandbox;
  /** The keychain service the fixture works on. */
  service: string;
  ops: string[];
  /** Value for `set` ops. */
  key?: string;
  /**
   * 'keyring': a private bus with a gnome-keyring unlocked with `unlockPassword`;
   * 'no-secret-service': a private bus where nothing provides org.freedesktop.secrets;
   * 'no-bus': no session bus at all (see `env`).
   */
  session: 'keyring' | 'no-secret-service' | 'no-bus';
  unlockPassword?: string;
  /** Extra environment, e.g. a DBUS_SESSION_BUS_ADDRESS pointing at nothing. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface FixtureOutcome {
  results: FixtureResult[];
  stderr: string;
}

export async function createSandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'linq-keyring-test-'));
  await mkdir(join(dir, 'home'));
  await mkdir(join(dir, 'data'));
  await writeFile(join(dir, 'bus.conf'), BUS_CONFIG);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Runs the fixture in the requested environment and returns its results. Rejects with the
 * child's output when it fails, prints no result, or outlives `timeoutMs` (keytar can wait
 * on a D-Bus autolaunch or an unlock prompt; the whole process group is then killed).
 */
export async function runFixture(run: FixtureRun): Promise<FixtureOutcome> {
  const { sandbox } = run;
  const timeoutMs = run.timeoutMs ?? 10_000;
  // A fresh runtime directory per run: gnome-keyring finds an already running daemon through
  // its control socket there, and must start afresh each time.
  const runtimeDir = await mkdtemp(join(sandbox.dir, 'run-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(sandbox.dir, 'home'),
    LANG: 'C.UTF-8',
    XDG_DATA_HOME: join(sandbox.dir, 'data'),
    XDG_CONFIG_HOME: join(sandbox.dir, 'home', '.config'),
    XDG_CACHE_HOME: join(sandbox.dir, 'home', '.cache'),
    XDG_RUNTIME_DIR: runtimeDir,
    LINQ_SANDBOX: sandbox.dir,
    LINQ_FIXTURE_KEY: run.key ?? '',
    ...run.env,
  };
  const fixture = [process.execPath, FIXTURE, run.service, ...run.ops];
  let command: string[];
  if (run.session === 'no-bus') {
    command = fixture;
  } else {
    if (run.session === 'keyring') env.LINQ_UNLOCK_PASSWORD = run.unlockPassword ?? '';
    const config = join(sandbox.dir, 'bus.conf');
    command = ['dbus-run-session', `--config-file=${config}`, '--'];
    command.push('sh', '-c', SESSION_SCRIPT, 'session', ...fixture);
  }

  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group has already gone.
    }
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  }).finally(() => clearTimeout(timer));

  const log = await readFile(join(sandbox.dir, 'keyring.log'), 'utf8').catch(() => '');
  const report = `exit ${exitCode}\nstdout: ${stdout}\nstderr: ${stderr}\nkeyring log: ${log}`;
  if (timedOut) {
    throw new Error(`The fixture hung for over ${timeoutMs} ms (${command.join(' ')}).\n${report}`);
  }
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  if (exitCode !== 0 || !lastLine.startsWith('{')) {
    throw new Error(`The fixture failed.\n${report}`);
  }
  const { results } = JSON.parse(lastLine) as { results: FixtureResult[] };
  return { results, stderr };
}
