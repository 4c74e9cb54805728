// The one paragraph `npm start` prints when Electron's runtime cannot be fetched: what failed,
// in words a newcomer can act on, and the ways out (a mirror, a cache folder, a proxy). Pure:
// the start script gathers what the installer saw (observation.ts) and its last error line.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FetchObservation } from './observation.ts';

export interface RuntimeContext {
  version: string;
  platform: NodeJS.Platform;
  arch: string;
  env: NodeJS.ProcessEnv;
}

export interface InstallerReport {
  observations: FetchObservation[];
  /** The installer's own words (its error's first line), for the cases not recognised here. */
  errorLine: string | null;
}

const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']);
const UNREACHABLE_CODES = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);
const CERTIFICATE_CODE =
  /^(CERT_|UNABLE_TO_(GET|VERIFY)|SELF_SIGNED|DEPTH_ZERO|ERR_TLS_CERT|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** The proxy the download goes through, as the standard variables name it (without credentials). */
export function configuredProxy(env: NodeJS.ProcessEnv): string | null {
  // Lower case first, as Node reads them.
  const value = env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY;
  if (!value) return null;
  try {
    return new URL(value).host || value;
  } catch {
    return value;
  }
}

/** Where Electron's downloader keeps what it fetched (its env-paths default, or the override). */
export function cacheFolder(context: RuntimeContext): string {
  const explicit = context.env.electron_config_cache ?? context.env.npm_config_electron_cache;
  if (explicit) return explicit;
  if (context.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (context.platform === 'win32') {
    return join(
      context.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'),
      'electron',
      'Cache',
    );
  }
  return join(context.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function hasCode(observation: FetchObservation, test: (code: string) => boolean): boolean {
  return 'codes' in observation && observation.codes.some(test);
}

function saidByProxy(observation: FetchObservation, status: string): boolean {
  return (
    'messages' in observation &&
    observation.messages.some((message) => message.includes(`Proxy response (${status}`))
  );
}

/** What went wrong, as the first half of the paragraph's second sentence. */
function whatFailed(report: InstallerReport, context: RuntimeContext): string {
  const proxy = configuredProxy(context.env);
  const line = report.errorLine ?? '';
  if (/did not match expected checksum|No checksum found/.test(line)) {
    return (
      'the file that arrived did not match Electron\u2019s published checksum, so it was not used ' +
      '(the download was damaged, or a mirror or proxy on the way changed it)'
    );
  }
  const last = report.observations.at(-1);
  if (!last) return `the download could not start (${line || 'no reason given'})`;
  const host = hostOf(last.url);
  if ('status' in last) {
    if (last.status === 407)
      return `the proxy asked for a user name and password (407) for ${host}`;
    return `${host} answered ${last.status} for ${last.url}, not the file`;
  }
  if (saidByProxy(last, '407'))
    return `the proxy${proxy ? ` ${proxy}` : ''} asked for a user name and password`;
  if (proxy && (saidByProxy(last, '') || hasCode(last, (code) => code === 'ECONNREFUSED'))) {
    return `the proxy ${proxy} refused the connection to ${host}`;
  }
  if (hasCode(last, (code) => CERTIFICATE_CODE.test(code))) {
    return (
      `the certificate of ${host} was not trusted (on a company network that inspects TLS, ` +
      'its root certificate must be in this computer\u2019s trust store, or named by NODE_EXTRA_CA_CERTS)'
    );
  }
  if (hasCode(last, (code) => NOT_FOUND_CODES.has(code))) {
    return `${host} could not be found (this computer may be offline, or its network blocks the name)`;
  }
  if (hasCode(last, (code) => code === 'ECONNREFUSED')) return `${host} refused the connection`;
  if (hasCode(last, (code) => TIMEOUT_CODES.has(code))) return `${host} did not answer in time`;
  if (hasCode(last, (code) => UNREACHABLE_CODES.has(code))) {
    return `${host} cannot be reached from this network`;
  }
  if (hasCode(last, (code) => RESET_CODES.has(code))) {
    return `the connection to ${host} was cut off during the download`;
  }
  return `the download from ${host} failed (${line || 'no reason given'})`;
}

/** The paragraph, one sentence on what is missing, one on what failed, then the ways out. */
export function runtimeFetchFailureMessage(
  report: InstallerReport,
  context: RuntimeContext,
): string {
  const artifact = `electron-v${context.version}-${context.platform}-${context.arch}.zip`;
  const proxy = configuredProxy(context.env);
  const proxyWay = proxy
    ? `check the proxy setting (HTTPS_PROXY is ${proxy}; a proxy that needs a password takes ` +
      'it in the address, HTTPS_PROXY=http://user:password@proxy:8080)'
    : 'if your network has a proxy, name it: HTTPS_PROXY=http://proxy:8080 npm start';
  return [
    `Linq Contact Cards cannot start: it needs Electron\u2019s runtime (Electron ${context.version}`,
    `for ${context.platform}-${context.arch}, about 100 MB, fetched once), and fetching it`,
    `failed: ${whatFailed(report, context)}. Nothing of yours was changed. Ways out: use a`,
    'mirror your network can reach (ELECTRON_MIRROR=https://your-mirror/electron/ npm start);',
    `or copy Electron\u2019s download cache (${cacheFolder(context)}, holding ${artifact}) from`,
    'a computer where npm start worked, or point electron_config_cache at such a folder;',
    `or ${proxyWay}. Then run npm start again.`,
  ].join(' ');
}

/** Wraps a paragraph at `width` columns for the terminal. */
export function wrapParagraph(text: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
