// Loaded with `node --import` into Electron's own installer (node_modules/electron/install.js)
// when `npm start` has to fetch the runtime. The installer reports a failure as a bare stack
// ("TypeError: fetch failed"), which loses why the fetch failed: refused, not found, a proxy
// asking for a password. This only watches the installer's fetch calls and writes one line per
// answer or failure to stderr for the start script to explain; the download, the mirror, the
// cache and the checksums stay entirely Electron's.
import { OBSERVATION_PREFIX, type FetchObservation } from './observation.ts';

const originalFetch = globalThis.fetch;

/** The URL without credentials: a mirror or proxy address may carry a password. */
function printable(input: unknown): string {
  try {
    const url = new URL(input instanceof Request ? input.url : String(input));
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return '(unreadable URL)';
  }
}

/** Error codes and messages along the cause chain (fetch's TypeError → socket or proxy error). */
function causes(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    messages.push(current.message.slice(0, 300));
    current = current.cause;
  }
  return { codes, messages };
}

function report(observation: FetchObservation): void {
  process.stderr.write(`${OBSERVATION_PREFIX}${JSON.stringify(observation)}\n`);
}

globalThis.fetch = async function observedFetch(input, init) {
  const url = printable(input);
  try {
    const response = await originalFetch(input, init);
    report({ url, status: response.status });
    return response;
  } catch (error) {
    report({ url, ...causes(error) });
    throw error;
  }
};
