// The README's start command on a fresh copy of the project, as a newcomer runs it: a clone of
// HEAD with its dependencies but without Electron's runtime, and Electron's release files
// served by a loopback stand-in mirror (ELECTRON_MIRROR). The runtime must be fetched through
// Electron's own installer and checked against its checksum, a tampered or unreachable
// download must stop with the one clear paragraph, and the app must be launched on its build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAUNCH_RECORD_ENV,
  parseLaunchRecord,
  startElectronMirror,
  type ElectronMirror,
} from '../support/electron-mirror.ts';
import {
  proxyVariables,
  startLoopbackProxy,
  withoutProxySettings,
  type LoopbackProxy,
} from '../support/loopback-proxy.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const FAILURE_OPENING = 'Linq Contact Cards cannot start: it needs Electron\u2019s runtime';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a newcomer's shell: nothing that points Electron's fetch elsewhere. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(withoutProxySettings(process.env))) {
    if (/^(electron_|npm_config_electron|npm_package_config_electron|force_no_cache)/i.test(name))
      continue;
    if (/^npm_/i.test(name)) continue; // this test's own npm run, not the newcomer's
    env[name] = value;
  }
  return env;
}

describe.skipIf(process.platform === 'win32')('npm start on a fresh copy of the project', () => {
  let work: string;
  let clone: string;
  let cache: string;
  let record: string;
  let mirror: ElectronMirror;
  let proxy: LoopbackProxy;

  function run(script: 'start' | 'dev', extraEnv: Record<string, string>): Promise<Run> {
    const args = script === 'start' ? ['start'] : ['run', 'dev'];
    const child = spawn('npm', args, {
      cwd: clone,
      env: {
        ...cleanEnvironment(),
        electron_config_cache: cache,
        [LAUNCH_RECORD_ENV]: record,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
  }

  const launches = () =>
    existsSync(record) ? parseLaunchRecord(readFileSync(record, 'utf8')) : [];
  const pathTxt = () => join(clone, 'node_modules/electron/path.txt');
  const remoteChecksums = () => ({
    ELECTRON_MIRROR: mirror.url,
    electron_use_remote_checksums: '1',
  });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'linq-start-path-'));
    clone = join(work, 'project');
    cache = join(work, 'electron-cache');
    record = join(work, 'launches.txt');
    const cloned = spawnSync('git', ['clone', '--quiet', REPO_ROOT, clone], { encoding: 'utf8' });
    expect(cloned.status, cloned.stderr).toBe(0);
    // The dependencies as `npm install` leaves them, as hard links (quick, and nothing in them
    // is written in place), minus any Electron runtime this machine might have.
    const copied = spawnSync('cp', ['-al', join(REPO_ROOT, 'node_modules'), clone], {
      encoding: 'utf8',
    });
    expect(copied.status, copied.stderr).toBe(0);
    for (const runtime of ['path.txt', 'dist']) {
      rmSync(join(clone, 'node_modules/electron', runtime), { recursive: true, force: true });
    }
    expect(existsSync(pathTxt())).toBe(false);
    proxy = await startLoopbackProxy();
    proxy.credentials = { username: 'ann', password: 'pr0xy-pass' };
    mirror = await startElectronMirror({
      version: ELECTRON_VERSION,
      platform: process.platform,
      arch: process.arch,
    });
  }, 120_000);

  afterAll(async () => {
    await mirror?.close();
    await proxy?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('stops with the clear paragraph and a non-zero exit when the mirror is down', async () => {
    const down = await startElectronMirror({ version: ELECTRON_VERSION, platform: 'x', arch: 'y' });
    await down.close(); // its port now refuses connections
    const result = await run('start', { ELECTRON_MIRROR: down.url });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(FAILURE_OPENING);
    expect(result.stderr).toMatch(/127\.0\.0\.1:\d+\s+refused\s+the\s+connection/);
    for (const wayOut of ['ELECTRON_MIRROR=', 'electron_config_cache', 'HTTPS_PROXY=']) {
      expect(result.stderr).toContain(wayOut);
    }
    expect(result.stderr).not.toMatch(/^\s+at /m); // a paragraph, not a stack trace
    expect(existsSync(pathTxt())).toBe(false);
    expect(existsSync(join(clone, 'out'))).toBe(false); // stopped before building anything
    expect(launches()).toEqual([]);
  }, 60_000);

  it('refuses a zip that does not match the mirror\u2019s SHASUMS256.txt', async () => {
    mirror.tamper(true);
    try {
      const result = await run('start', remoteChecksums());
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(FAILURE_OPENING);
      expect(result.stderr).toMatch(/did\s+not\s+match\s+Electron\u2019s\s+published\s+checksum/);
      expect(mirror.requests).toContain(`/v${ELECTRON_VERSION}/${mirror.artifactName}`);
      expect(mirror.requests).toContain(`/v${ELECTRON_VERSION}/SHASUMS256.txt`);
      expect(existsSync(pathTxt())).toBe(false);
      expect(launches()).toEqual([]);
    } finally {
      mirror.tamper(false);
    }
  }, 60_000);

  it('checks against the electron package\u2019s own checksums unless told otherwise', async () => {
    // Without electron_use_remote_checksums the installer compares with checksums.json, which
    // holds the real release's hash: the stand-in zip cannot match it.
    mirror.requests.length = 0;
    const result = await run('start', { ELECTRON_MIRROR: mirror.url });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/did\s+not\s+match\s+Electron\u2019s\s+published\s+checksum/);
    expect(mirror.requests).toEqual([`/v${ELECTRON_VERSION}/${mirror.artifactName}`]);
    expect(existsSync(pathTxt())).toBe(false);
  }, 60_000);

  it('names a proxy that asks for a password, and never repeats the password', async () => {
    mirror.requests.length = 0;
    const result = await run('start', {
      ...remoteChecksums(),
      ...proxyVariables(proxy.urlWith('ann', 'wrong-pass')),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(FAILURE_OPENING);
    expect(result.stderr).toMatch(
      /the\s+proxy\s+127\.0\.0\.1:\d+\s+asked\s+for\s+a\s+user\s+name\s+and\s+password/,
    );
    expect(result.stderr).not.toContain('wrong-pass');
    expect(proxy.refused.map((refusal) => refusal.status)).toContain(407);
    expect(mirror.requests).toEqual([]);
    expect(existsSync(pathTxt())).toBe(false);
  }, 60_000);

  it('fetches and verifies the runtime through the proxy, then launches it on the built app', async () => {
    mirror.requests.length = 0;
    const result = await run('start', {
      ...remoteChecksums(),
      ...proxyVariables(proxy.urlWith('ann', 'pr0xy-pass')),
    });
    expect(result.code, result.stderr).toBe(0);
    // Both files came through the proxy (the standard variables, honoured by Node's fetch in
    // Electron's installer because the start script switches that on).
    expect(proxy.passed.map((request) => new URL(request.url).pathname)).toEqual([
      `/v${ELECTRON_VERSION}/${mirror.artifactName}`,
      `/v${ELECTRON_VERSION}/SHASUMS256.txt`,
    ]);
    expect(result.stdout).toContain('Fetching Electron\u2019s runtime');
    expect(mirror.requests).toEqual([
      `/v${ELECTRON_VERSION}/${mirror.artifactName}`,
      `/v${ELECTRON_VERSION}/SHASUMS256.txt`,
    ]);
    expect(readFileSync(pathTxt(), 'utf8')).toBe('electron');
    const [launch, ...more] = launches();
    expect(more).toEqual([]);
    // electron-vite starts Electron on the project folder, whose package.json names the entry
    // it just built.
    const appDir = resolve(launch!.cwd, launch!.args[0]!);
    expect(appDir).toBe(resolve(clone));
    const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(manifest.main).toBe('./out/main/index.js');
    expect(existsSync(join(appDir, manifest.main))).toBe(true);
    expect(existsSync(join(appDir, 'out/preload/index.cjs'))).toBe(true);
    expect(existsSync(join(appDir, 'out/renderer/index.html'))).toBe(true);
    expect(launch!.rendererUrl).toBe(''); // preview: the built renderer, no dev server
  }, 120_000);

  it('fetches nothing on a second start', async () => {
    mirror.requests.length = 0;
    const result = await run('start', remoteChecksums());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('Fetching Electron\u2019s runtime');
    expect(mirror.requests).toEqual([]);
    expect(launches()).toHaveLength(2);
  }, 120_000);

  it('npm run dev launches the same runtime with the renderer\u2019s dev server', async () => {
    mirror.requests.length = 0;
    const result = await run('dev', remoteChecksums());
    expect(result.code, result.stderr).toBe(0);
    expect(mirror.requests).toEqual([]);
    const launch = launches().at(-1)!;
    expect(launches()).toHaveLength(3);
    expect(resolve(launch.cwd, launch.args[0]!)).toBe(resolve(clone));
    expect(new URL(launch.rendererUrl).hostname).toMatch(/^(localhost|127\.0\.0\.1|\[::1\])$/);
  }, 120_000);
});
