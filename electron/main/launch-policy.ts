// What the app takes from its environment and command line, by kind of build. A release build
// (packaged, not a test build) takes nothing that would change where the API key goes or who
// can drive the app: whoever can set a variable or an argument for it (a shortcut, a launcher,
// another program starting it) could otherwise point it at their own server
// (LINQ_API_BASE_URL: the key is sent there as soon as it is checked), at another keychain entry
// or data folder, or open a debugging port and drive the page, which can make the app send
// the key anywhere. Development and the test build (the one the Electron end-to-end tests
// drive, marked in its package.json by electron-builder.config.ts) take all of it.
// No Electron imports, for unit tests.
import { join } from 'node:path';
import { SMOKE_CHECK_ENV } from './smoke-check.ts';

/** The field electron-builder writes into a test build's package.json (extraMetadata). */
export const TEST_BUILD_FIELD = 'linqTestBuild';

export const DEFAULT_KEYCHAIN_SERVICE = 'Linq Contact Cards';

/**
 * Environment variables only development and test builds honour: the app's own (LINQ_DATA_DIR,
 * LINQ_API_BASE_URL, LINQ_KEYCHAIN_SERVICE, LINQ_SMOKE_CHECK), the dev server's, and those the Linq SDK reads
 * itself in main (LINQ_API_V3_LOG prints every request on the console, LINQ_API_V3_CUSTOM_HEADERS
 * adds headers to every request). A release build removes them all from its environment.
 */
export function isDevelopmentVariable(name: string): boolean {
  // Upper-cased: Windows' environment ignores case, so linq_api_v3_log is LINQ_API_V3_LOG there.
  const upper = name.toUpperCase();
  return upper.startsWith('LINQ_') || upper === 'ELECTRON_RENDERER_URL';
}

/**
 * Variables that weaken TLS or give its secrets away; a release build removes them from its
 * environment before anything reads them (main's first statements; Node reads
 * NODE_TLS_REJECT_UNAUTHORIZED at each connection, Chromium SSLKEYLOGFILE when its network
 * service starts, after 'ready'), so neither main nor any process it starts sees them:
 * - NODE_TLS_REJECT_UNAUTHORIZED=0 switches certificate checks off in Node's TLS;
 * - NODE_OPTIONS can do the same and more (--tls-min-v1.0, --tls-cipher-list, --tls-keylog,
 *   --use-openssl-ca with a planted store, --require of any code); the NODE_OPTIONS fuse already
 *   makes Electron ignore it, and removing it keeps child processes from inheriting it;
 * - SSLKEYLOGFILE makes Chromium write every TLS session key to a file, which decrypts a
 *   recorded connection, the key's Authorization header included;
 * - OPENSSL_CONF can enable weak protocols and ciphers or load an engine for Node's OpenSSL.
 * Kept on purpose: NODE_EXTRA_CA_CERTS and NODE_USE_SYSTEM_CA only add certificates to trust,
 * which a company's TLS-inspecting gateway legitimately needs, and cannot switch checks off.
 * Linq calls and uploads go through Electron's net.fetch (network.ts), Chromium's own TLS,
 * which none of the NODE_* variables reach in the first place.
 */
export const TLS_WEAKENING_VARIABLES = [
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'NODE_OPTIONS',
  'SSLKEYLOGFILE',
  'OPENSSL_CONF',
] as const;

export function isTlsWeakeningVariable(name: string): boolean {
  return (TLS_WEAKENING_VARIABLES as readonly string[]).includes(name.toUpperCase());
}

/**
 * Chromium switches that switch certificate checks off, let weak TLS through or write session
 * keys to a file: refused by a release build, like the debugging switches.
 */
export const TLS_WEAKENING_SWITCHES = [
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'allow-insecure-localhost',
  'ssl-key-log-file',
  'ssl-version-min',
  'cipher-suite-blacklist',
] as const;

/**
 * Chromium and Node switches that open the app to a debugger: refused by a release build (the
 * inspect fuse already makes Node ignore --inspect there; the remote-debugging switches have no
 * fuse). Playwright's Electron launcher passes --inspect=0 and --remote-debugging-port=0.
 */
export const DEBUGGING_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-wait',
] as const;

export interface BuildContext {
  /** app.isPackaged */
  isPackaged: boolean;
  /** Whether the packaged app's package.json marks it a test build (see isTestBuildManifest). */
  testBuild: boolean;
}

export interface LaunchSettings {
  /** The services' data folder from the environment; null: the default, under userData. */
  dataDir: string | null;
  /** The API address to start with when the user has chosen none; undefined: Linq's. */
  apiBaseUrl: string | undefined;
  keychainService: string;
  /** The Vite dev server, only while developing (never in a packaged app, test build or not). */
  devServerUrl: string | undefined;
  /** Quit once the first screen shows, saying so (LINQ_SMOKE_CHECK=1; see smoke-check.ts). */
  smokeCheck: boolean;
  /**
   * Variables that were set but that this build ignores (main removes them from its environment,
   * so the SDK does not read them either): named once on stderr, never with their values.
   */
  ignored: string[];
}

/** Whether this build may be configured through the environment and debugged. */
export function isDevelopmentOrTestBuild(context: BuildContext): boolean {
  return !context.isPackaged || context.testBuild;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export function launchSettings(
  env: Readonly<Record<string, string | undefined>>,
  context: BuildContext,
): LaunchSettings {
  const honoured = isDevelopmentOrTestBuild(context);
  const take = (name: string) => (honoured ? nonEmpty(env[name]) : undefined);
  const ignored = honoured
    ? []
    : Object.keys(env)
        .filter(
          (name) =>
            (isDevelopmentVariable(name) || isTlsWeakeningVariable(name)) &&
            nonEmpty(env[name]) !== undefined,
        )
        .sort();
  return {
    dataDir: take('LINQ_DATA_DIR') ?? null,
    apiBaseUrl: take('LINQ_API_BASE_URL'),
    keychainService: take('LINQ_KEYCHAIN_SERVICE') ?? DEFAULT_KEYCHAIN_SERVICE,
    // A packaged app never loads (or answers IPC from) a URL someone put into its environment.
    devServerUrl: context.isPackaged ? undefined : nonEmpty(env.ELECTRON_RENDERER_URL),
    smokeCheck: take(SMOKE_CHECK_ENV) === '1',
    ignored,
  };
}

/**
 * The debugging and TLS-weakening switches this build refuses to start with (none outside a
 * release build).
 */
export function refusedSwitches(
  hasSwitch: (name: string) => boolean,
  context: BuildContext,
): string[] {
  if (isDevelopmentOrTestBuild(context)) return [];
  return [...DEBUGGING_SWITCHES, ...TLS_WEAKENING_SWITCHES]
    .filter((name) => hasSwitch(name))
    .map((name) => `--${name}`);
}

/** Whether a packaged app's package.json (its text) marks a test build. */
export function isTestBuildManifest(packageJson: string | null): boolean {
  if (packageJson === null) return false;
  try {
    const manifest: unknown = JSON.parse(packageJson);
    return (
      typeof manifest === 'object' &&
      manifest !== null &&
      (manifest as Record<string, unknown>)[TEST_BUILD_FIELD] === true
    );
  } catch {
    return false;
  }
}

/**
 * Where Chromium keeps its profile (and its single-instance lock) when the data folder comes
 * from the environment: inside it, so each test's app has its own page storage and lock, and
 * a development run does not quit because the installed app is open.
 */
export function profileDirFor(dataDir: string): string {
  return join(dataDir, 'chromium-profile');
}
