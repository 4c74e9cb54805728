// Where requests may go besides the API address: the photo PUT goes only to an upload address
// the policy allows (https on Linq's domain or the API's host; loopback only with a loopback
// API), and the Linq SDK follows no redirect (a 307 would re-send a POST, key and body, to the
// host it names). Real loopback HTTP to the fake Linq API; nothing ever leaves this computer.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { AppFailure } from '../../electron/services/failure.ts';
import { createLinqClient } from '../../electron/services/linq-client.ts';
import { globalFetch, type FetchLike } from '../../electron/services/net/fetch.ts';
import { REDIRECT_REFUSED_MESSAGE } from '../../electron/services/net/no-redirects.ts';
import {
  UNTRUSTED_UPLOAD_MESSAGE,
  uploadPhoto,
  type PhotoUpload,
} from '../../electron/services/photos/attachment-upload.ts';
import { createMemoryUploadedPhotos } from '../support/memory-uploaded-photos.ts';
import { LINQ_PRODUCTION_BASE_URL, isLoopbackHost } from '../../shared/rules.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { readFixture } from '../support/image-bytes.ts';

let fake: FakeLinq;
/** Where a redirect points: a second fake, which must never hear a thing. */
let elsewhere: FakeLinq;
let redirector: Server;
let redirectorUrl: string;
/** Every request the code under test made: method and URL. */
let sent: { method: string; url: string }[];

beforeAll(async () => {
  fake = await startFakeLinq();
  elsewhere = await startFakeLinq();
  // Answers everything with a 307 to the same path on `elsewhere`, as a hijacked or misbehaving
  // server could.
  redirector = createServer((request, response) => {
    const target = new URL(request.url ?? '/', new URL(elsewhere.baseUrl).origin);
    response.writeHead(307, { location: target.href }).end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
  redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/api/partner`;
});
afterAll(async () => {
  await new Promise((resolve) => redirector.close(resolve));
  await fake.close();
  await elsewhere.close();
});
beforeEach(() => {
  fake.reset();
  elsewhere.reset();
  sent = [];
});
afterEach(() => {
  expect(elsewhere.requests).toEqual([]);
});

function urlOf(input: string | URL | Request): URL {
  return new URL(input instanceof Request ? input.url : String(input));
}

/**
 * Node's fetch as the services get it, with three test-only twists: every request is recorded;
 * one for Linq's production host is routed to the fake (so "Linq's own API" can be exercised
 * on loopback); any other that would leave this computer is refused. `uploadUrl` rewrites the
 * upload_url of the fake's reservation answers, as a tampered answer would carry it.
 */
function testFetch(uploadUrl?: (original: string) => string): FetchLike {
  return async (input, init) => {
    let url = urlOf(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    sent.push({ method, url: url.href });
    if (url.host === new URL(LINQ_PRODUCTION_BASE_URL).host) {
      url = new URL(fake.baseUrl + url.pathname.replace(/^\/api\/partner/, '') + url.search);
    } else if (!isLoopbackHost(url.hostname)) {
      throw new TypeError(`test refused a request to ${url.host}`);
    }
    const response = await globalFetch(url, init);
    if (!uploadUrl || method !== 'POST' || !url.pathname.endsWith('/v3/attachments')) {
      return response;
    }
    const body = (await response.json()) as { upload_url: string };
    body.upload_url = uploadUrl(body.upload_url);
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function photo(): PhotoUpload {
  const bytes = readFixture('photo.jpg');
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentType: 'image/jpeg',
    bytes,
  };
}

async function failureOf(work: Promise<unknown>): Promise<AppFailure> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppFailure))
    throw new Error(`expected an AppFailure, got ${String(error)}`);
  return error;
}

const puts = () => sent.filter((request) => request.method === 'PUT');

it.each([
  [
    'another host',
    (url: string) => url.replace(/^http:\/\/[^/]+/, 'https://uploads.attacker.example'),
  ],
  [
    'plain http on Linq’s domain',
    (url: string) => url.replace(/^http:\/\/[^/]+/, 'http://uploads.linqapp.com'),
  ],
])('PUTs nothing when the reservation names %s', async (_name, rewrite) => {
  const failure = await failureOf(
    uploadPhoto({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }, photo(), {
      uploaded: createMemoryUploadedPhotos(),
      fetch: testFetch(rewrite),
    }),
  );
  expect(failure.appError).toMatchObject({ code: 'LINQ_ERROR', message: UNTRUSTED_UPLOAD_MESSAGE });
  expect(failure.appError.detail).toMatch(/not Linq's|not https/);
  expect(puts()).toEqual([]);
});

it('PUTs nothing to this computer while the API is Linq’s own', async () => {
  // The fake hands out loopback upload addresses: with Linq's API address they are refused.
  const failure = await failureOf(
    uploadPhoto({ apiKey: fake.apiKey, baseUrl: LINQ_PRODUCTION_BASE_URL }, photo(), {
      uploaded: createMemoryUploadedPhotos(),
      fetch: testFetch(),
    }),
  );
  expect(failure.appError.detail).toMatch(/on this computer/);
  expect(sent.map((request) => request.method)).toEqual(['POST']);
  expect(fake.requests.filter((r) => r.method === 'PUT')).toEqual([]);
});

it('still uploads to the fake Linq API’s own loopback storage', async () => {
  const url = await uploadPhoto({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }, photo(), {
    uploaded: createMemoryUploadedPhotos(),
    fetch: testFetch(),
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  expect(puts()).toHaveLength(1);
});

it('follows no redirect from the API: the card POST and the reservation go nowhere else', async () => {
  const linq = createLinqClient({ timeoutMs: 2_000, readRetries: 0, fetch: testFetch() });
  const connection = { apiKey: fake.apiKey, baseUrl: redirectorUrl };
  const refused = await failureOf(
    linq.createCard(connection, { phoneNumber: '+14155550132', firstName: 'Acme' }),
  );
  // Said as what it is, not as a network outage.
  expect(refused.appError).toMatchObject({ code: 'LINQ_ERROR', message: REDIRECT_REFUSED_MESSAGE });
  expect(refused.delivery).toBe('not-sent');
  await failureOf(linq.listPhoneNumbers(connection));
  await failureOf(
    uploadPhoto(connection, photo(), {
      uploaded: createMemoryUploadedPhotos(),
      fetch: testFetch(),
    }),
  );
  // Each request went to the redirector once, and no further (afterEach: `elsewhere` heard nothing).
  expect(sent.every((request) => request.url.startsWith(redirectorUrl))).toBe(true);
  expect(sent).toHaveLength(3);
});
