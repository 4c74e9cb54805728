// A fetch that writes down every request before passing it on, for tests that must show a
// request went through a given fetch (and none around it).
import type { FetchLike } from '../../electron/services/net/fetch.ts';

export interface FetchCall {
  method: string;
  url: string;
}

/** "METHOD /path" of a request, comparable with the fake Linq's request log. */
export const requestLine = (call: { method: string; url?: string; path?: string }): string =>
  `${call.method} ${call.path ?? new URL(call.url!).pathname}`;

/** One request of each kind a full flow sends: key check, photo reservation and PUT, setup, update. */
const FULL_FLOW: readonly RegExp[] = [
  /^GET \/api\/partner\/v3\/phone_numbers$/,
  /^POST \/api\/partner\/v3\/attachments$/,
  /^PUT \/__uploads\//,
  /^POST \/api\/partner\/v3\/contact_card$/,
  /^PATCH \/api\/partner\/v3\/contact_card$/,
];

/** The kinds of the full flow that none of these request lines is (empty when all are there). */
export function fullFlowMissing(lines: readonly string[]): string[] {
  return FULL_FLOW.filter((kind) => !lines.some((line) => kind.test(line))).map(String);
}

export function describeCall(input: string | URL | Request, init?: RequestInit): FetchCall {
  const url = input instanceof Request ? input.url : String(input);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  return { method, url };
}

export function countingFetch(inner: FetchLike): { fetch: FetchLike; calls: FetchCall[] } {
  const calls: FetchCall[] = [];
  const fetch: FetchLike = (input, init) => {
    calls.push(describeCall(input, init));
    return inner(input, init);
  };
  return { fetch, calls };
}
