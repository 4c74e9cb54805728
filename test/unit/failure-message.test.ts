// The paragraph `npm start` prints when Electron's runtime cannot be fetched: each kind of
// failure the installer's fetch can meet is named in words, and the ways out are always there.
// (The whole path, with Electron's real installer and a loopback mirror, is in
// test/integration/start-path.test.ts.)
import { describe, expect, it } from 'vitest';
import {
  cacheFolder,
  runtimeFetchFailureMessage,
  wrapParagraph,
  type InstallerReport,
  type RuntimeContext,
} from '../../scripts/electron-runtime/failure-message.ts';
import {
  readInstallerOutput,
  OBSERVATION_PREFIX,
} from '../../scripts/electron-runtime/observation.ts';
import {
  installerEnvironment,
  installerErrorLine,
} from '../../scripts/electron-runtime/ensure-runtime.ts';

const ZIP =
  'https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip';
const context = (env: NodeJS.ProcessEnv = {}): RuntimeContext => ({
  version: '45.5.0',
  platform: 'linux',
  arch: 'x64',
  env: { XDG_CACHE_HOME: '/home/ann/.cache', ...env },
});
const failed = (codes: string[], messages = ['fetch failed']): InstallerReport => ({
  observations: [{ url: ZIP, codes, messages }],
  errorLine: 'TypeError: fetch failed',
});

describe('runtimeFetchFailureMessage', () => {
  const cases: [string, InstallerReport, NodeJS.ProcessEnv, RegExp][] = [
    [
      'no DNS',
      failed(['ENOTFOUND']),
      {},
      /github\.com could not be found \(this computer may be offline/,
    ],
    ['refused', failed(['ECONNREFUSED']), {}, /failed: github\.com refused the connection\./],
    ['timeout', failed(['UND_ERR_CONNECT_TIMEOUT']), {}, /github\.com did not answer in time/],
    ['no route', failed(['ENETUNREACH']), {}, /cannot be reached from this network/],
    ['reset', failed(['ECONNRESET']), {}, /was cut off during the download/],
    [
      'TLS inspection',
      failed(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY']),
      {},
      /certificate of github\.com was not trusted.*NODE_EXTRA_CA_CERTS/,
    ],
    ['self-signed chain', failed(['SELF_SIGNED_CERT_IN_CHAIN']), {}, /was not trusted/],
    [
      'proxy refused',
      failed(['ECONNREFUSED']),
      { HTTPS_PROXY: 'http://proxy.corp:3128' },
      /the proxy proxy\.corp:3128 refused the connection to github\.com/,
    ],
    [
      'proxy said no',
      failed(
        ['UND_ERR_ABORTED'],
        ['fetch failed', 'Proxy response (403) !== 200 when HTTP Tunneling'],
      ),
      { https_proxy: 'http://proxy.corp:3128' },
      /the proxy proxy\.corp:3128 refused the connection/,
    ],
    [
      'proxy wants a password',
      failed([], ['fetch failed', 'Proxy response (407) !== 200 when HTTP Tunneling']),
      { HTTPS_PROXY: 'http://proxy.corp:3128' },
      /the proxy proxy\.corp:3128 asked for a user name and password/,
    ],
    [
      '407 as an answer',
      { observations: [{ url: ZIP, status: 407 }], errorLine: 'HTTPError: Response code 407' },
      {},
      /asked for a user name and password \(407\)/,
    ],
    [
      '404 from a mirror',
      {
        observations: [
          {
            url: 'https://mirror.corp/electron/v45.5.0/electron-v45.5.0-linux-x64.zip',
            status: 404,
          },
        ],
        errorLine: 'HTTPError: Response code 404 (Not Found)',
      },
      {},
      /mirror\.corp answered 404 for https:\/\/mirror\.corp\/electron\/v45\.5\.0\/electron-v45\.5\.0-linux-x64\.zip, not the file/,
    ],
    [
      'checksum',
      {
        observations: [{ url: ZIP, status: 200 }],
        errorLine:
          'Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.',
      },
      {},
      /did not match Electron’s published checksum, so it was not used/,
    ],
    [
      'unknown',
      failed(['EWHATEVER'], ['fetch failed']),
      {},
      /the download from github\.com failed \(TypeError: fetch failed\)/,
    ],
    [
      'no fetch at all',
      { observations: [], errorLine: 'Error: Electron builds are not available on platform: aix' },
      {},
      /could not start \(Error: Electron builds are not available on platform: aix\)/,
    ],
  ];
  it.each(cases)('names the failure: %s', (_name, report, env, expected) => {
    const message = runtimeFetchFailureMessage(report, context(env));
    expect(message).toMatch(expected);
    expect(message).toMatch(
      /^Linq Contact Cards cannot start: it needs Electron’s runtime \(Electron 45\.5\.0 for linux-x64/,
    );
    // The ways out, every time.
    expect(message).toContain('ELECTRON_MIRROR=');
    expect(message).toContain('/home/ann/.cache/electron, holding electron-v45.5.0-linux-x64.zip');
    expect(message).toContain('electron_config_cache');
    expect(message).toMatch(/HTTPS_PROXY/);
    expect(message).toMatch(/Then run npm start again\.$/);
  });

  it('never repeats a password from the proxy setting', () => {
    const message = runtimeFetchFailureMessage(
      failed(['ECONNREFUSED']),
      context({ HTTPS_PROXY: 'http://ann:s3cret@proxy.corp:3128' }),
    );
    expect(message).toContain('proxy.corp:3128');
    expect(message).not.toContain('s3cret');
  });

  it('names the cache folder of each system, or the one electron_config_cache gives', () => {
    expect(cacheFolder({ ...context(), platform: 'darwin' })).toMatch(/Library\/Caches\/electron$/);
    expect(
      cacheFolder({
        ...context({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }),
        platform: 'win32',
      }),
    ).toMatch(/AppData.Local.electron.Cache$/);
    expect(cacheFolder(context({ electron_config_cache: '/srv/electron-cache' }))).toBe(
      '/srv/electron-cache',
    );
  });
});

describe('readInstallerOutput', () => {
  it('separates the observer’s lines from the installer’s own', () => {
    const stderr = [
      `${OBSERVATION_PREFIX}${JSON.stringify({ url: ZIP, codes: ['ECONNREFUSED'], messages: ['fetch failed'] })}`,
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:1:1',
      `${OBSERVATION_PREFIX}{not json`,
      '',
    ].join('\n');
    const { observations, otherLines } = readInstallerOutput(stderr);
    expect(observations).toEqual([
      { url: ZIP, codes: ['ECONNREFUSED'], messages: ['fetch failed'] },
    ]);
    expect(otherLines).toEqual([
      'TypeError: fetch failed',
      '    at node:internal/deps/undici/undici:1:1',
      `${OBSERVATION_PREFIX}{not json`,
    ]);
  });
});

describe('installerEnvironment', () => {
  it('trusts the OS certificate store, and the proxy variables only when one is set', () => {
    expect(installerEnvironment({ PATH: '/bin' })).toEqual({
      PATH: '/bin',
      NODE_USE_SYSTEM_CA: '1',
    });
    expect(installerEnvironment({ HTTPS_PROXY: 'http://p:1' })).toMatchObject({
      NODE_USE_ENV_PROXY: '1',
    });
    expect(installerEnvironment({ http_proxy: 'http://p:1' })).toMatchObject({
      NODE_USE_ENV_PROXY: '1',
    });
  });

  it('leaves a choice the user made alone', () => {
    expect(
      installerEnvironment({
        NODE_USE_SYSTEM_CA: '0',
        HTTPS_PROXY: 'http://p:1',
        NODE_USE_ENV_PROXY: '0',
      }),
    ).toMatchObject({ NODE_USE_SYSTEM_CA: '0', NODE_USE_ENV_PROXY: '0' });
  });
});

describe('wrapParagraph', () => {
  it('wraps at the width without losing or splitting a word', () => {
    const text = 'one two three four five six seven eight nine ten '.repeat(5).trim();
    const wrapped = wrapParagraph(text, 20);
    expect(wrapped.split('\n').every((line) => line.length <= 20)).toBe(true);
    expect(wrapped.replace(/\n/g, ' ')).toBe(text);
  });
});

describe('installerErrorLine', () => {
  it('is the error the installer printed last, past any warning before it', () => {
    const lines = [
      '(node:4242) ExperimentalWarning: something is experimental',
      '(Use `node --trace-warnings ...` to show where the warning was created)',
      'Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.',
      '    at ChecksumValidator.validate (sumchecker/index.js:1:1)',
      '    at async validateArtifact (@electron/get/dist/index.js:1:1)',
    ];
    expect(installerErrorLine(lines)).toBe(lines[2]);
    expect(installerErrorLine([])).toBeNull();
  });
});
