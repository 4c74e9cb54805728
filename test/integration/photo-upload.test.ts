// A stored photo uploaded to the fake Linq API over real loopback HTTP: the reservation, the
// presigned PUT (exact headers, exact length, no API key), the expired-URL refresh, the
// refusals S3 gives, de-duplication by hash; and the photo store on a real disk.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../electron/services/failure.ts';
import {
  attachmentFilename,
  isLongLived,
  uploadPhoto,
  type PhotoUpload,
  type UploadPhotoOptions,
  type UploadProgress,
} from '../../electron/services/photos/attachment-upload.ts';
import { globalFetch, type FetchLike } from '../../electron/services/net/fetch.ts';
import { createPhotoStore, type PhotoStore } from '../../electron/services/photos/photo-store.ts';
import { createMemoryUploadedPhotos } from '../support/memory-uploaded-photos.ts';
import type { LinqConnection } from '../../electron/services/linq-client.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { readFixture } from '../support/image-bytes.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** uploadPhoto through Node's own fetch. */
const upload = (
  connection: LinqConnection,
  photo: PhotoUpload,
  options: Omit<UploadPhotoOptions, 'fetch'>,
) => uploadPhoto(connection, photo, { fetch: globalFetch, ...options });

/** A photo big enough to be sent in several chunks: the JPEG sample, then padding. */
function samplePhoto(size = 300_000): PhotoUpload {
  const bytes = new Uint8Array(size);
  bytes.set(readFixture('photo.jpg'));
  return { sha256: sha256(bytes), contentType: 'image/jpeg', bytes };
}

function s3Xml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
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

let fake: FakeLinq;
let connection: LinqConnection;

beforeAll(async () => {
  fake = await startFakeLinq();
  connection = { apiKey: fake.apiKey, baseUrl: fake.baseUrl };
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const reservations = () =>
  fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/v3/attachments'));
const puts = () => fake.requests.filter((r) => r.method === 'PUT');

describe('uploadPhoto', () => {
  it('reserves, PUTs the exact bytes, and returns a download_url serving them back', async () => {
    const photo = samplePhoto();
    const progress: UploadProgress[] = [];
    const uploaded = createMemoryUploadedPhotos();
    const url = await upload(connection, photo, {
      uploaded,
      onProgress: (step) => progress.push(step),
    });

    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(photo.bytes);

    expect(reservations().map((r) => r.body)).toEqual([
      { filename: attachmentFilename(photo), content_type: 'image/jpeg', size_bytes: 300_000 },
    ]);
    expect(attachmentFilename(photo)).toMatch(/^photo-[0-9a-f]{16}\.jpg$/);
    const [put] = puts();
    expect(put).toMatchObject({ status: 200, authorised: false });
    expect(put?.headers['content-length']).toBe('300000');
    expect(put?.headers['content-type']).toBe('image/jpeg');
    expect(put?.headers['x-amz-meta-attachment-id']).toBeDefined();
    expect(fake.ledger.map((entry) => entry.effect)).toEqual([
      'attachment.created',
      'attachment.uploaded',
    ]);

    // Several chunks, growing, ending at the total.
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toEqual({ sentBytes: 300_000, totalBytes: 300_000 });
    for (let index = 1; index < progress.length; index += 1) {
      expect(progress[index]!.sentBytes).toBeGreaterThan(progress[index - 1]!.sentBytes);
    }
    expect(uploaded.get(photo.sha256)).toBe(url);
  });

  it('does not upload a photo again that Linq already has (same SHA-256)', async () => {
    const uploaded = createMemoryUploadedPhotos();
    const first = await upload(connection, samplePhoto(), { uploaded });
    const progress: UploadProgress[] = [];
    const again = await upload(connection, samplePhoto(), {
      uploaded,
      onProgress: (step) => progress.push(step),
    });
    expect(again).toBe(first);
    expect(reservations()).toHaveLength(1);
    expect(puts()).toHaveLength(1);
    expect(progress).toEqual([{ sentBytes: 300_000, totalBytes: 300_000 }]);
    // A different photo is uploaded.
    await upload(connection, samplePhoto(300_001), { uploaded });
    expect(reservations()).toHaveLength(2);
    expect(uploaded.size).toBe(2);
  });

  it('does not remember a short-lived (presigned) download_url', async () => {
    const uploaded = createMemoryUploadedPhotos();
    const reserved = await fetch(`${fake.baseUrl}/v3/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename: 'a.jpg', content_type: 'image/jpeg', size_bytes: 300_000 }),
    }).then((answer) => answer.json() as Promise<Record<string, unknown>>);
    const ephemeral = `${reserved.download_url as string}?X-Amz-Expires=900&X-Amz-Signature=ab`;
    fake.failNext(1, {
      status: 200,
      path: '/v3/attachments',
      body: { ...reserved, download_url: ephemeral },
    });
    expect(await upload(connection, samplePhoto(), { uploaded })).toBe(ephemeral);
    expect(uploaded.size).toBe(0);
    expect(isLongLived(ephemeral)).toBe(false);
    expect(isLongLived('https://cdn.linqapp.com/attachments/partners/p/a/photo.jpg')).toBe(true);
  });

  it('asks for a fresh upload URL when one has expired, and uploads with it', async () => {
    // The first reservation's URL is already expired; the fake's TTL is back to 15 minutes
    // as soon as it has answered.
    const expiring = await startFakeLinq({
      onRequest: (entry) => {
        if (entry.method === 'POST') expiring.setUploadUrlTtl(15 * 60 * 1000);
      },
    });
    try {
      expiring.setUploadUrlTtl(-1000);
      const photo = samplePhoto();
      const url = await upload({ apiKey: expiring.apiKey, baseUrl: expiring.baseUrl }, photo, {
        uploaded: createMemoryUploadedPhotos(),
      });
      const statuses = expiring.requests.map((r) => `${r.method} ${r.status}`);
      expect(statuses).toEqual(['POST 200', 'PUT 403', 'POST 200', 'PUT 200']);
      expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(photo.bytes);
    } finally {
      await expiring.close();
    }
  });

  it('asks again only once: a second expired URL fails, with nothing recorded', async () => {
    fake.setUploadUrlTtl(-1000);
    const uploaded = createMemoryUploadedPhotos();
    const failure = await failureOf(upload(connection, samplePhoto(), { uploaded }));
    expect(failure.appError).toMatchObject({
      code: 'TIMEOUT',
      status: 403,
      detail: 'Upload store answered HTTP 403 AccessDenied: Request has expired',
    });
    expect(failure.appError.message).toMatch(/longer than Linq’s upload link lasts/);
    expect(reservations()).toHaveLength(2);
    expect(puts()).toHaveLength(2);
    expect(uploaded.size).toBe(0);
  });

  it('does not retry a PUT the store refused for its signature or length', async () => {
    for (const [status, code] of [
      [403, 'SignatureDoesNotMatch'],
      [400, 'IncompleteBody'],
      [411, 'MissingContentLength'],
    ] as const) {
      fake.reset();
      fake.failNext(1, { status, method: 'PUT', path: /^\/__uploads\//, body: s3Xml(code, 'no') });
      const failure = await failureOf(
        upload(connection, samplePhoto(), { uploaded: createMemoryUploadedPhotos() }),
      );
      expect(failure.appError).toMatchObject({ code: 'LINQ_ERROR', status });
      expect(failure.appError.detail).toContain(code);
      expect(failure.appError.message).toMatch(/file storage refused the photo/);
      expect(reservations()).toHaveLength(1);
    }
  });

  it('reports a store outage as a server error', async () => {
    fake.failNext(1, {
      status: 503,
      method: 'PUT',
      path: /^\/__uploads\//,
      body: s3Xml('SlowDown', 'Please reduce your request rate.'),
    });
    const failure = await failureOf(
      upload(connection, samplePhoto(), { uploaded: createMemoryUploadedPhotos() }),
    );
    expect(failure.appError).toMatchObject({ code: 'SERVER_ERROR', status: 503 });
    expect(failure.appError.detail).toContain('SlowDown');
  });

  it('says what Linq refused about the photo itself (5005 file too large)', async () => {
    fake.failNext(1, { status: 400, code: 5005, path: '/v3/attachments' });
    const failure = await failureOf(
      upload(connection, samplePhoto(), { uploaded: createMemoryUploadedPhotos() }),
    );
    expect(failure.appError).toMatchObject({
      code: 'INVALID_INPUT',
      linqCode: 5005,
      action: 'fix-input',
      message: 'The photo is larger than Linq accepts. Choose a smaller photo.',
    });
    expect(puts()).toHaveLength(0);
  });

  it('maps a rejected key and an unreachable API like every other Linq call', async () => {
    const badKey = await failureOf(
      upload({ ...connection, apiKey: 'linq_wrong' }, samplePhoto(), {
        uploaded: createMemoryUploadedPhotos(),
      }),
    );
    expect(badKey.appError.code).toBe('KEY_REJECTED');
    const offline = await startFakeLinq();
    await offline.close();
    const unreachable = await failureOf(
      upload({ apiKey: 'k', baseUrl: offline.baseUrl }, samplePhoto(), {
        uploaded: createMemoryUploadedPhotos(),
      }),
    );
    expect(unreachable.appError.code).toBe('NETWORK_UNREACHABLE');
  });

  it('refuses an answer whose upload_url is not an http(s) URL', async () => {
    fake.failNext(1, {
      status: 200,
      path: '/v3/attachments',
      body: {
        attachment_id: 'a',
        upload_url: 'file:///etc/passwd',
        download_url: 'https://cdn.example/a.jpg',
        http_method: 'PUT',
        expires_at: new Date().toISOString(),
        required_headers: {},
      },
    });
    const failure = await failureOf(
      upload(connection, samplePhoto(), { uploaded: createMemoryUploadedPhotos() }),
    );
    expect(failure.appError).toMatchObject({ code: 'MALFORMED_RESPONSE' });
  });

  it('stops when the caller cancels, with the caller’s reason, recording nothing', async () => {
    const controller = new AbortController();
    const uploaded = createMemoryUploadedPhotos();
    const cancelled = upload(connection, samplePhoto(), {
      uploaded,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('app closing')),
    });
    await expect(cancelled).rejects.toThrow('app closing');
    expect(uploaded.size).toBe(0);
  });

  it('gives up on a PUT that stalls', async () => {
    fake.setLatency(1_000);
    const failure = await failureOf(
      upload(connection, samplePhoto(), {
        uploaded: createMemoryUploadedPhotos(),
        stallTimeoutMs: 200,
        timeoutMs: 5_000,
      }),
    );
    expect(failure.appError.code).toBe('TIMEOUT');
    expect(failure.appError.detail).toMatch(/no progress/);
  });
});

describe('through a fetch that buffers the body (as Electron’s net.fetch does)', () => {
  /**
   * Node's fetch, marked as buffering, that holds the PUT for `transferMs` before sending it:
   * the time a buffered body spends on the wire, when the caller hears nothing.
   */
  function bufferingFetch(transferMs: number): FetchLike & { bodies: unknown[] } {
    const bodies: unknown[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'PUT') {
        bodies.push(init.body);
        await new Promise((resolve) => setTimeout(resolve, transferMs));
      }
      return globalFetch(input, init);
    };
    return Object.assign(fetch, { buffersRequestBody: true, bodies });
  }

  it('hands over the bytes in one piece and reports them sent once the store has them', async () => {
    const photo = samplePhoto();
    const progress: UploadProgress[] = [];
    const fetch = bufferingFetch(0);
    await uploadPhoto(connection, photo, {
      uploaded: createMemoryUploadedPhotos(),
      fetch,
      onProgress: (step) => progress.push(step),
    });
    expect(fetch.bodies).toEqual([photo.bytes]);
    expect(progress).toEqual([{ sentBytes: 300_000, totalBytes: 300_000 }]);
    expect(puts()[0]?.headers['content-length']).toBe('300000');
  });

  it('gives the transfer time before calling the PUT stalled', async () => {
    // 300 kB at the slowest uplink allowed for (64 KiB/s) is about 4.6 s on top of the 200 ms.
    const url = await uploadPhoto(connection, samplePhoto(), {
      uploaded: createMemoryUploadedPhotos(),
      fetch: bufferingFetch(600),
      stallTimeoutMs: 200,
    });
    expect(url).toMatch(/^http/);
  });

  it('still gives up on one that never ends', async () => {
    fake.setLatency(1_000);
    const failure = await failureOf(
      uploadPhoto(connection, samplePhoto(6_000), {
        uploaded: createMemoryUploadedPhotos(),
        fetch: bufferingFetch(0),
        stallTimeoutMs: 200,
        timeoutMs: 5_000,
      }),
    );
    expect(failure.appError.code).toBe('TIMEOUT');
    expect(failure.appError.detail).toMatch(/did not finish within/);
  });
});

describe('the PUT through a proxy or a broken network', () => {
  /** Node's fetch, except that the PUT meets `put` (what a proxy or network did to it). */
  const withPut =
    (put: () => Promise<Response>): FetchLike =>
    (input, init) =>
      init?.method === 'PUT' ? put() : globalFetch(input, init);

  it('a 407 to the PUT is the proxy wanting a sign-in, not the store refusing', async () => {
    const failure = await failureOf(
      uploadPhoto(connection, samplePhoto(), {
        uploaded: createMemoryUploadedPhotos(),
        fetch: withPut(async () => new Response('', { status: 407 })),
      }),
    );
    expect(failure).toMatchObject({
      delivery: 'not-sent',
      appError: { code: 'PROXY_AUTH_REQUIRED' },
    });
  });

  it('is classified like every other request, in Chromium’s words too', async () => {
    const failure = await failureOf(
      uploadPhoto(connection, samplePhoto(), {
        uploaded: createMemoryUploadedPhotos(),
        fetch: withPut(() => Promise.reject(new Error('net::ERR_CERT_AUTHORITY_INVALID'))),
      }),
    );
    expect(failure.appError).toMatchObject({
      code: 'TLS_UNTRUSTED',
      detail: 'net::ERR_CERT_AUTHORITY_INVALID',
    });
  });
});

describe('the fake store refuses what S3 refuses (the client must not rely on leniency)', () => {
  async function reserveDirectly(size: number) {
    const answer = await fetch(`${fake.baseUrl}/v3/attachments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ filename: 'a.jpg', content_type: 'image/jpeg', size_bytes: size }),
    });
    return (await answer.json()) as {
      upload_url: string;
      required_headers: Record<string, string>;
    };
  }

  it('answers a header mismatch with 403 SignatureDoesNotMatch', async () => {
    const { upload_url, required_headers } = await reserveDirectly(10);
    const put = await fetch(upload_url, {
      method: 'PUT',
      headers: { ...required_headers, 'Content-Type': 'image/png' },
      body: new Uint8Array(10),
    });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('answers a wrong length with 400 (IncompleteBody, EntityTooLarge)', async () => {
    const { upload_url, required_headers } = await reserveDirectly(10);
    const short = await fetch(upload_url, {
      method: 'PUT',
      headers: required_headers,
      body: new Uint8Array(9),
    });
    expect([short.status, await short.text()]).toEqual([
      400,
      expect.stringContaining('IncompleteBody'),
    ]);
    const long = await fetch(upload_url, {
      method: 'PUT',
      headers: required_headers,
      body: new Uint8Array(11),
    });
    expect([long.status, await long.text()]).toEqual([
      400,
      expect.stringContaining('EntityTooLarge'),
    ]);
  });
});

describe('photo store', () => {
  let dataDir: string;
  let store: PhotoStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'linq-photos-'));
    store = createPhotoStore(dataDir);
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores bytes under their SHA-256 and reads them back', async () => {
    const photo = samplePhoto();
    const stored = await store.save(photo.bytes, 'image/jpeg', photo.sha256);
    expect(stored).toEqual({
      sha256: photo.sha256,
      contentType: 'image/jpeg',
      sizeBytes: 300_000,
      path: join(dataDir, 'photos', `${photo.sha256}.jpg`),
    });
    expect(new Uint8Array(await readFile(stored.path))).toEqual(photo.bytes);
    const read = await store.read(photo.sha256);
    expect(read && new Uint8Array(read.bytes)).toEqual(photo.bytes);
    expect(await store.find(photo.sha256)).toEqual(stored);
    // Nothing but the photo is left in the folder: the temporary file was renamed.
    expect(await readdir(store.dir)).toEqual([`${photo.sha256}.jpg`]);
  });

  it('is idempotent: saving the same photo again keeps the stored file (its time restarts its grace period)', async () => {
    const photo = samplePhoto();
    const first = await store.save(photo.bytes, 'image/jpeg', photo.sha256);
    const before = await stat(first.path);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await store.save(photo.bytes, 'image/jpeg', photo.sha256);
    expect(second).toEqual(first);
    const after = await stat(first.path);
    expect(after.ino).toBe(before.ino); // not written again
    expect(after.mtimeMs).toBeGreaterThan(before.mtimeMs);
    await Promise.all([1, 2, 3].map(() => store.save(photo.bytes, 'image/jpeg', photo.sha256)));
    expect(await readdir(store.dir)).toEqual([`${photo.sha256}.jpg`]);
  });

  it('refuses bytes that do not match the hash, writing nothing', async () => {
    const photo = samplePhoto();
    const failure = await failureOf(
      store.save(photo.bytes, 'image/jpeg', sha256(new Uint8Array(1))),
    );
    expect(failure.appError).toMatchObject({ code: 'INVALID_INPUT' });
    expect(failure.appError.detail).toMatch(/does not match its SHA-256/);
    await expect(readdir(store.dir)).rejects.toThrow();
  });

  it('refuses names that are not a SHA-256, so no path can escape the folder', async () => {
    const photo = samplePhoto();
    for (const name of [
      '../../etc/passwd',
      `../${photo.sha256.slice(3)}`,
      photo.sha256.toUpperCase(),
      photo.sha256.slice(1),
      `${photo.sha256}/`,
      `${photo.sha256}\0`,
      '',
    ]) {
      expect((await failureOf(store.read(name))).appError.code, name).toBe('INVALID_INPUT');
      expect((await failureOf(store.find(name))).appError.code).toBe('INVALID_INPUT');
      expect((await failureOf(store.save(photo.bytes, 'image/jpeg', name))).appError.code).toBe(
        'INVALID_INPUT',
      );
    }
  });

  it('refuses types Linq does not take, empty photos and photos over 50 MB', async () => {
    const photo = samplePhoto();
    const webp = await failureOf(store.save(photo.bytes, 'image/webp', photo.sha256));
    expect(webp.appError.code).toBe('INVALID_INPUT');
    const empty = new Uint8Array();
    expect((await failureOf(store.save(empty, 'image/png', sha256(empty)))).appError.code).toBe(
      'INVALID_INPUT',
    );
    const huge = new Uint8Array(50 * 1024 * 1024 + 1);
    expect((await failureOf(store.save(huge, 'image/png', sha256(huge)))).appError.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('treats a copy damaged on disk as missing, and repairs it on the next save', async () => {
    const photo = samplePhoto();
    const stored = await store.save(photo.bytes, 'image/jpeg', photo.sha256);
    await writeFile(stored.path, photo.bytes.subarray(0, 1000));
    expect(await store.read(photo.sha256)).toBeNull();
    await store.save(photo.bytes, 'image/jpeg', photo.sha256);
    expect((await store.read(photo.sha256))?.sizeBytes).toBe(300_000);
  });

  it('answers null for a photo it does not have', async () => {
    expect(await store.read(sha256(new Uint8Array([1])))).toBeNull();
    expect(await store.find(sha256(new Uint8Array([1])))).toBeNull();
  });

  it('feeds the uploader: read() is what uploadPhoto takes', async () => {
    const photo = samplePhoto();
    await store.save(photo.bytes, 'image/jpeg', photo.sha256);
    const stored = await store.read(photo.sha256);
    const url = await upload(connection, stored!, { uploaded: createMemoryUploadedPhotos() });
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(photo.bytes);
  });
});
