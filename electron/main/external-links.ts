// Which links the app hands to the system browser (shell.openExternal). A compromised page
// could otherwise ask the OS to open anything: a file: path, a custom-scheme handler of another
// app, a URL with credentials. Only Linq's documentation qualifies: the renderer links nowhere
// else, and the `doc_url` of Linq's errors (and of a line's reputation) points there.
// No Electron imports, for unit tests.

const ALLOWED_HOSTS = new Set(['docs.linqapp.com']);

/** Longer than any documentation link; a very long URL is not something to hand to the OS. */
const MAX_URL_LENGTH = 2048;

/**
 * The URL to open, normalised, when it may be opened in the system browser; otherwise null.
 * https only, on the default port, an allowed host exactly (no subdomains, no trailing dot),
 * without a user name or password.
 */
export function allowedExternalUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.port !== '') return null; // new URL drops an explicit :443
  if (!ALLOWED_HOSTS.has(url.hostname)) return null;
  return url.href;
}
