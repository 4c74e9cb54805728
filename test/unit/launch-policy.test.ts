// What main takes from its environment and command line, by kind of build: a packaged release
// takes nothing that could send the key elsewhere or let a debugger in; development and the
// test build (which Playwright drives) take everything.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KEYCHAIN_SERVICE,
  TEST_BUILD_FIELD,
  TLS_WEAKENING_SWITCHES,
  isTestBuildManifest,
  isTlsWeakeningVariable,
  launchSettings,
  profileDirFor,
  refusedSwitches,
} from '../../electron/main/launch-policy.ts';

const RELEASE = { isPackaged: true, testBuild: false };
const TEST_BUILD = { isPackaged: true, testBuild: true };
const DEVELOPMENT = { isPackaged: false, testBuild: false };

const ENV = {
  LINQ_DATA_DIR: '/tmp/elsewhere',
  LINQ_API_BASE_URL: 'https://attacker.example/api',
  LINQ_KEYCHAIN_SERVICE: 'Someone else',
  ELECTRON_RENDERER_URL: 'http://localhost:5173/',
  LINQ_SMOKE_CHECK: '1',
  // Read by the Linq SDK itself: request logs on the console, extra headers on every request.
  LINQ_API_V3_LOG: 'debug',
  LINQ_API_V3_CUSTOM_HEADERS: 'X-Forwarded-For: 10.0.0.1',
  HOME: '/home/ann',
};

describe('launchSettings', () => {
  it('ignores every override in a packaged release, and names (never shows) what it ignored', () => {
    const settings = launchSettings(ENV, RELEASE);
    expect(settings).toEqual({
      dataDir: null,
      apiBaseUrl: undefined,
      keychainService: DEFAULT_KEYCHAIN_SERVICE,
      devServerUrl: undefined,
      smokeCheck: false,
      // Sorted; the SDK's own variables too (main deletes them all from its environment).
      ignored: [
        'ELECTRON_RENDERER_URL',
        'LINQ_API_BASE_URL',
        'LINQ_API_V3_CUSTOM_HEADERS',
        'LINQ_API_V3_LOG',
        'LINQ_DATA_DIR',
        'LINQ_KEYCHAIN_SERVICE',
        'LINQ_SMOKE_CHECK',
      ],
    });
    expect(JSON.stringify(settings)).not.toContain('attacker');
  });

  it('takes the data folder, API address and keychain entry in a test build, but no dev server', () => {
    expect(launchSettings(ENV, TEST_BUILD)).toEqual({
      dataDir: '/tmp/elsewhere',
      apiBaseUrl: 'https://attacker.example/api',
      keychainService: 'Someone else',
      devServerUrl: undefined,
      smokeCheck: true,
      ignored: [],
    });
  });

  it('takes everything while developing', () => {
    expect(launchSettings(ENV, DEVELOPMENT)).toEqual({
      dataDir: '/tmp/elsewhere',
      apiBaseUrl: 'https://attacker.example/api',
      keychainService: 'Someone else',
      devServerUrl: 'http://localhost:5173/',
      smokeCheck: true,
      ignored: [],
    });
  });

  it('removes every variable that weakens TLS in a release build, and keeps added trust', () => {
    const env = {
      NODE_TLS_REJECT_UNAUTHORIZED: '0',
      NODE_OPTIONS: '--tls-min-v1.0 --tls-keylog=/tmp/keys',
      SSLKEYLOGFILE: '/tmp/keys',
      OPENSSL_CONF: '/tmp/weak.cnf',
      // A company's root certificate for its TLS-inspecting gateway: legitimate, kept.
      NODE_EXTRA_CA_CERTS: '/etc/company-root.pem',
      NODE_USE_SYSTEM_CA: '1',
      // Windows' environment ignores case: these are the same variables there.
      node_tls_reject_unauthorized: '0',
      linq_api_v3_log: 'debug',
    };
    expect(launchSettings(env, RELEASE).ignored).toEqual([
      'NODE_OPTIONS',
      'NODE_TLS_REJECT_UNAUTHORIZED',
      'OPENSSL_CONF',
      'SSLKEYLOGFILE',
      'linq_api_v3_log',
      'node_tls_reject_unauthorized',
    ]);
    // Development and the test build run as configured (Playwright, a local proxy's certificate).
    expect(launchSettings(env, TEST_BUILD).ignored).toEqual([]);
    expect(launchSettings(env, DEVELOPMENT).ignored).toEqual([]);
    expect(isTlsWeakeningVariable('NODE_EXTRA_CA_CERTS')).toBe(false);
    expect(isTlsWeakeningVariable('HTTPS_PROXY')).toBe(false);
  });

  it('treats unset and empty variables alike: the defaults', () => {
    const empty = { LINQ_DATA_DIR: '', LINQ_API_BASE_URL: '', LINQ_KEYCHAIN_SERVICE: '' };
    for (const context of [RELEASE, TEST_BUILD, DEVELOPMENT]) {
      for (const env of [{}, empty]) {
        expect(launchSettings(env, context)).toEqual({
          dataDir: null,
          apiBaseUrl: undefined,
          keychainService: DEFAULT_KEYCHAIN_SERVICE,
          devServerUrl: undefined,
          smokeCheck: false,
          ignored: [],
        });
      }
    }
  });
});

describe('refusedSwitches', () => {
  // What Playwright's Electron launcher passes, and what an attacker would.
  const launched = (switches: string[]) => (name: string) => switches.includes(name);

  it('refuses debugging switches in a packaged release', () => {
    expect(refusedSwitches(launched(['remote-debugging-port']), RELEASE)).toEqual([
      '--remote-debugging-port',
    ]);
    expect(refusedSwitches(launched(['inspect', 'remote-debugging-pipe']), RELEASE)).toEqual([
      '--remote-debugging-pipe',
      '--inspect',
    ]);
    expect(refusedSwitches(launched(['inspect-brk']), RELEASE)).toEqual(['--inspect-brk']);
  });

  it('refuses switches that weaken TLS or log its keys in a packaged release', () => {
    for (const name of TLS_WEAKENING_SWITCHES) {
      expect(refusedSwitches(launched([name]), RELEASE), name).toEqual([`--${name}`]);
      expect(refusedSwitches(launched([name]), TEST_BUILD), name).toEqual([]);
    }
    expect(
      refusedSwitches(launched(['ignore-certificate-errors', 'ssl-key-log-file']), RELEASE),
    ).toEqual(['--ignore-certificate-errors', '--ssl-key-log-file']);
  });

  it('lets Playwright in to the test build and to development', () => {
    const playwright = launched(['inspect', 'remote-debugging-port', 'no-sandbox']);
    expect(refusedSwitches(playwright, TEST_BUILD)).toEqual([]);
    expect(refusedSwitches(playwright, DEVELOPMENT)).toEqual([]);
  });

  it('starts a release launched normally, or with harmless switches', () => {
    expect(refusedSwitches(launched([]), RELEASE)).toEqual([]);
    expect(refusedSwitches(launched(['no-sandbox', 'ozone-platform']), RELEASE)).toEqual([]);
  });
});

describe('isTestBuildManifest', () => {
  it('is true only for a package.json with the test build field set to true', () => {
    expect(isTestBuildManifest(JSON.stringify({ name: 'x', [TEST_BUILD_FIELD]: true }))).toBe(true);
    for (const text of [
      JSON.stringify({ name: 'x' }),
      JSON.stringify({ [TEST_BUILD_FIELD]: 'true' }),
      JSON.stringify({ [TEST_BUILD_FIELD]: 1 }),
      JSON.stringify([TEST_BUILD_FIELD]),
      'null',
      'not json',
      '',
      null,
    ]) {
      expect(isTestBuildManifest(text), String(text)).toBe(false);
    }
  });
});

describe('profileDirFor', () => {
  it('keeps the Chromium profile inside the data folder it was given', () => {
    expect(profileDirFor('/tmp/e2e-1')).toBe(join('/tmp/e2e-1', 'chromium-profile'));
  });
});
