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

// A session bus that can activate nothing (or only what is in `serviceDir`): a plain
// `dbus-run-session` would start gnome-keyring on demand
// (/usr/share/dbus-1/services/org.freedesktop.secrets.service) and try gcr-prompter for unlock
// prompts. Here only a daemon the test starts itself exists.
function busConfig(serviceDir?: string): string {
  const services = serviceDir ? `<servicedir>${serviceDir}</servicedir>` : '';
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  ${services}
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

// For the failing bus: a Secret Service that is installed (activatable) but exits at once, as
// a keyring daemon that crashes on start would.
const FAILING_SECRET_SERVICE = `[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/false
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
   * 'failing-secret-service': a private bus where org.freedesktop.secrets can be started
   * but exits at once;
   * 'no-bus': no session bus at all (see `env`).
   */
  session: 'keyring' | 'no-secret-service' | 'failing-secret-service' | 'no-bus';
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
  await writeFile(join(dir, 'bus.conf'), busConfig());
  await mkdir(join(dir, 'services'));
  await writeFile(join(dir, 'services', 'org.freedesktop.secrets.service'), FAILING_SECRET_SERVICE);
  await writeFile(join(dir, 'failing-bus.conf'), busConfig(join(dir, 'services')));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The sandbox's minimal environment, with a fresh runtime directory per session. */
async function sandboxEnv(sandbox: Sandbox): Promise<Record<string, string>> {
  // A fresh runtime directory per run: gnome-keyring finds an already running daemon through
  // its control socket there, and must start afresh each time.
  const runtimeDir = await mkdtemp(join(sandbox.dir, 'run-'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(sandbox.dir, 'home'),
    LANG: 'C.UTF-8',
    XDG_DATA_HOME: join(sandbox.dir, 'data'),
    XDG_CONFIG_HOME: join(sandbox.dir, 'home', '.config'),
    XDG_CACHE_HOME: join(sandbox.dir, 'home', '.cache'),
    XDG_RUNTIME_DIR: runtimeDir,
    LINQ_SANDBOX: sandbox.dir,
  };
}

/** `dbus-run-session` on one of the sandbox's buses, running `inner`. */
function inSession(sandbox: Sandbox, inner: string[], bus = 'bus.conf'): string[] {
  const config = join(sandbox.dir, bus);
  return [
    'dbus-run-session',
    `--config-file=${config}`,
    '--',
    'sh',
    '-c',
    SESSION_SCRIPT,
    'session',
  ].concat(inner);
}

/**
 * Runs the fixture in the requested environment and returns its results. Rejects with the
 * child's output when it fails, prints no result, or outlives `timeoutMs` (keytar can wait
 * on a D-Bus autolaunch or an unlock prompt; the whole process group is then killed).
 */
export async function runFixture(run: FixtureRun): Promise<FixtureOutcome> {
  const { sandbox } = run;
  const timeoutMs = run.timeoutMs ?? 10_000;
  const env: Record<string, string> = {
    ...(await sandboxEnv(sandbox)),
    LINQ_FIXTURE_KEY: run.key ?? '',
    ...run.env,
  };
  const fixture = [process.execPath, FIXTURE, run.service, ...run.ops];
  let command: string[];
  if (run.session === 'no-bus') {
    command = fixture;
  } else {
    if (run.session === 'keyring') env.LINQ_UNLOCK_PASSWORD = run.unlockPassword ?? '';
    const bus = run.session === 'failing-secret-service' ? 'failing-bus.conf' : 'bus.conf';
    command = inSession(sandbox, fixture, bus);
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

export interface RunningSession {
  /** Points a process (say, the app's headless host) at this session's bus. */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  /** Ends the session: the bus goes, and gnome-keyring with it. */
  stop(): Promise<void>;
}

/**
 * 'no-secret-service': a bus on which nothing provides org.freedesktop.secrets;
 * 'locked-keyring': a gnome-keyring whose login keyring was created with one password and
 * unlocked with another, so it stays locked (what a changed login password leaves behind).
 */
export type SessionKind = 'no-secret-service' | 'locked-keyring';

// Prints the bus address, then holds the session open until the test closes its stdin.
const HOLD_SESSION = 'printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null';

/**
 * Starts a private D-Bus session that stays up until `stop()`, for tests that run a whole app
 * against a broken keychain. Unlike runFixture, the test's own processes join it through
 * `env`, with the rest of their environment unchanged.
 */
export async function startSession(sandbox: Sandbox, kind: SessionKind): Promise<RunningSession> {
  const env = await sandboxEnv(sandbox);
  if (kind === 'locked-keyring') {
    // Unlocking creates the login keyring with the password given; storing an item writes it
    // to disk. The item is a placeholder, not a key.
    const created = await runFixture({
      sandbox,
      session: 'keyring',
      unlockPassword: 'the-password-it-was-created-with',
      service: 'linq-test-keyring-creation',
      key: 'placeholder',
      ops: ['set'],
    });
    if (!created.results[0]?.ok) {
      throw new Error(`Could not create the keyring: ${JSON.stringify(created.results)}`);
    }
    env.LINQ_UNLOCK_PASSWORD = 'another-password';
  }
  const command = inSession(sandbox, ['sh', '-c', HOLD_SESSION]);
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  function killGroup(): void {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group has already gone.
    }
  }

  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail('did not print its bus address within 10 s'), 10_000);
    let settled = false;
    function fail(why: string): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup();
      void readFile(join(sandbox.dir, 'keyring.log'), 'utf8')
        .catch(() => '')
        .then((log) =>
          reject(new Error(`The D-Bus session ${why}.\nstderr: ${stderr}\nkeyring log: ${log}`)),
        );
    }
    child.on('error', (error) => fail(`could not start (${error.message})`));
    child.once('exit', (code) => fail(`exited (${code}) before it was ready`));
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n');
      if (line.length < 2 || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(line[0]!.trim());
    });
  });
  if (!address.startsWith('unix:')) {
    killGroup();
    throw new Error(`Unexpected bus address "${address}"`);
  }

  return {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
    async stop() {
      // End of input ends `cat`, then dbus-run-session stops the bus; gnome-keyring follows.
      child.stdin.end();
      const timer = setTimeout(killGroup, 5_000);
      await closed;
      clearTimeout(timer);
    },
  };
}
