// Linq's API does not redirect, and a redirect is where a request can go astray: Node's fetch
// (and Chromium's) follows a 307/308 by sending the same method and body, with the SDK's
// Authorization header, to whatever host the Location names. So every request the Linq SDK
// makes goes out with `redirect: 'error'`: a 3xx answer fails the request (the app then treats
// it as a failed call and nothing is sent anywhere else). The photo PUT sets the same itself
// (upload-put.ts).
import type { FetchLike } from './fetch.ts';

export function refusingRedirects(fetch: FetchLike): FetchLike {
  const wrapped = (input: string | URL | Request, init?: RequestInit) =>
    fetch(input, { ...init, redirect: 'error' });
  return fetch.buffersRequestBody === undefined
    ? wrapped
    : Object.assign(wrapped, { buffersRequestBody: fetch.buffersRequestBody });
}
