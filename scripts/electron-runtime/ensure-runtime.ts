// Makes sure Electron's runtime is on this computer before electron-vite launches it. Since
// Electron 42 the `electron` package fetches its runtime on first use, and electron-vite 6 only
// reads the package's path.txt (electron-vite issue #904), so nothing would fetch it. This runs
// Electron's own installer (node_modules/electron/install.js, i.e. `install-electron`), which
// honours ELECTRON_MIRROR, electron_config_cache and the package's checksums and does nothing
// when the runtime is already there. When it fails, the caller gets one paragraph to print.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  configuredProxy,
  runtimeFetchFailureMessage,
  type RuntimeContext,
} from './failure-message.ts';
import { readInstallerOutput } from './observation.ts';

export type EnsureResult =
  { ok: true; fetched: boolean; executable: string } | { ok: false; message: string };

export interface EnsureOptions {
  /** node_modules/electron of the project. */
  electronDir: string;
  env: NodeJS.ProcessEnv;
  /** Progress lines for the person waiting. */
  say: (line: string) => void;
  /** How often a slow fetch says it is still going (default 15 s). */
  heartbeatMs?: number;
}

const OBSERVER = new URL('./fetch-observer.ts', import.meta.url).href;
/** Only the end of the installer's stderr is kept: its error is the last thing it prints. */
const KEPT_STDERR_CHARS = 64 * 1024;

/** The executable the package records in path.txt, if it is there. */
function recordedExecutable(electronDir: string): string | null {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/**
 * The installer's environment: the user's, plus the OS certificate store (a TLS-inspecting
 * company gateway's root is there, not in Node's bundled list) and, where a proxy variable is
 * set, Node's own support for the standard proxy variables (HTTPS_PROXY, NO_PROXY, ...), which
 * Node's fetch ignores unless asked. Either can be switched off by setting it to 0.
 */
export function installerEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    NODE_USE_SYSTEM_CA: env.NODE_USE_SYSTEM_CA ?? '1',
    ...(configuredProxy(env) ? { NODE_USE_ENV_PROXY: env.NODE_USE_ENV_PROXY ?? '1' } : {}),
  };
}

/**
 * The installer's error, from the rest of its stderr: it prints the error's stack last, so the
 * error is the last line that is not a stack frame (Node's warnings, if any, come before it).
 */
export function installerErrorLine(lines: string[]): string | null {
  return lines.findLast((line) => !/^\s+at /.test(line)) ?? null;
}

export async function ensureElectronRuntime(options: EnsureOptions): Promise<EnsureResult> {
  const version = (
    JSON.parse(readFileSync(join(options.electronDir, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const context: RuntimeContext = {
    version,
    platform: process.platform,
    arch: process.arch,
    env: options.env,
  };
  const before = recordedExecutable(options.electronDir);
  if (!before) {
    options.say(
      `Fetching Electron\u2019s runtime (Electron ${version} for ${process.platform}-${process.arch}, ` +
        'about 100 MB): only the first start does this.',
    );
  }
  const started = Date.now();
  const installer = spawn(
    process.execPath,
    ['--import', OBSERVER, join(options.electronDir, 'install.js')],
    {
      cwd: options.electronDir,
      env: installerEnvironment(options.env),
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  let stderr = '';
  installer.stderr.setEncoding('utf8');
  installer.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-KEPT_STDERR_CHARS);
  });
  const heartbeat = before
    ? undefined
    : setInterval(() => {
        const seconds = Math.round((Date.now() - started) / 1000);
        options.say(`Still fetching Electron\u2019s runtime (${seconds} s so far)\u2026`);
      }, options.heartbeatMs ?? 15_000);
  const code = await new Promise<number>((resolve) => {
    installer.on('error', () => resolve(-1));
    installer.on('close', (exitCode) => resolve(exitCode ?? -1));
  });
  clearInterval(heartbeat);

  const executable = recordedExecutable(options.electronDir);
  if (code === 0 && executable) return { ok: true, fetched: !before, executable };
  const { observations, otherLines } = readInstallerOutput(stderr);
  const errorLine = installerErrorLine(otherLines);
  return { ok: false, message: runtimeFetchFailureMessage({ observations, errorLine }, context) };
}
