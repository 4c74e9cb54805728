// Linq's API does not redirect, and a redirect is where a request can go astray: Node's fetch
// (and Chromium's) follows a 307/308 by sending the same method and body, with the SDK's
// Authorization header, to whatever host the Location names. So every request the Linq SDK
// makes goes out with `redirect: 'error'`: a 3xx answer fails the request (the app then treats
// it as a failed call and nothing is sent anywhere else). The photo PUT sets the same itself
// (upload-put.ts).
import type { FetchLike } from './fetch.ts';

/**
 * Whether a failed request failed because it was redirected: Node's fetch says "unexpected
 * redirect" (in the cause), Electron's net.fetch names the redirect in its message. Read down
 * the cause chain; only after network-failure.ts had its say, since Chromium also names a
 * proxy's redirect (ERR_HTTPS_PROXY_TUNNEL_RESPONSE_REDIRECT), which is the proxy's fault.
 */
export function isRefusedRedirect(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (/redirect/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

export const REDIRECT_REFUSED_MESSAGE =
  'The API address answered with a redirect to somewhere else, which the app does not follow, so nothing was sent there. Check the API address under Settings; Linq’s is https://api.linqapp.com/api/partner.';

export function refusingRedirects(fetch: FetchLike): FetchLike {
  const wrapped = (input: string | URL | Request, init?: RequestInit) =>
    fetch(input, { ...init, redirect: 'error' });
  return fetch.buffersRequestBody === undefined
    ? wrapped
    : Object.assign(wrapped, { buffersRequestBody: fetch.buffersRequestBody });
}
