// Card photos fetched by main for the window: only known addresses, https (plain http only to
// this computer when the app is pointed at a local Linq), a size cap kept while reading, bytes
// that must be an image Chromium draws, and a short memory cache. The fetch here is a stand-in
// that answers with Response objects: nothing leaves the process.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  fetchCardImage,
  fetchableImageUrl,
  isLocalApi,
  MAX_REDIRECTS,
} from '../../electron/services/card-images/card-image-fetch.ts';
import { createCardImages } from '../../electron/services/card-images/card-images.ts';
import type { FetchLike } from '../../electron/services/net/fetch.ts';

const FIXTURES = new URL('../fixtures/images/', import.meta.url);
const fixture = (name: string) => readFile(new URL(name, FIXTURES));
const URL_OF_CARD = 'https://cdn.linq.example/photos/acme.jpg';

/** A fetch that answers every request with `answer()`, and writes down what was asked. */
function standIn(answer: (url: string) => Response | Promise<Response>) {
  const asked: string[] = [];
  const fetch: FetchLike = async (input) => {
    const url = String(input);
    asked.push(url);
    return answer(url);
  };
  return { fetch, asked };
}

describe('fetchableImageUrl', () => {
  it('takes https, and plain http only to this computer when allowed', () => {
    expect(fetchableImageUrl('https://cdn.example.com/a.jpg', false)?.href).toBe(
      'https://cdn.example.com/a.jpg',
    );
    expect(fetchableImageUrl('http://127.0.0.1:8080/a.jpg', true)?.host).toBe('127.0.0.1:8080');
    expect(fetchableImageUrl('http://localhost/a.jpg', true)).not.toBeNull();
    for (const [url, loopback] of [
      ['http://127.0.0.1:8080/a.jpg', false],
      ['http://cdn.example.com/a.jpg', true],
      ['https://user:pw@cdn.example.com/a.jpg', false],
      ['file:///etc/passwd', true],
      ['data:image/png;base64,AAAA', true],
      ['ftp://cdn.example.com/a.jpg', true],
      ['not a url', true],
    ] as const) {
      expect(fetchableImageUrl(url, loopback), url).toBeNull();
    }
  });

  it('knows a local Linq from its API address', () => {
    expect(isLocalApi('http://127.0.0.1:4010/api/partner')).toBe(true);
    expect(isLocalApi('https://api.linqapp.com/api/partner')).toBe(false);
    expect(isLocalApi('nonsense')).toBe(false);
  });
});

describe('fetchCardImage', () => {
  const target = new URL(URL_OF_CARD);

  it('gives the bytes with the type they are, whatever the server says', async () => {
    const png = await fixture('transparent.png');
    const { fetch } = standIn(
      () => new Response(png, { headers: { 'Content-Type': 'image/jpeg' } }),
    );
    const image = await fetchCardImage(target, { fetch, timeoutMs: 1_000 });
    expect(image?.contentType).toBe('image/png');
    expect(image?.bytes.equals(png)).toBe(true);
  });

  it('shows nothing for an error status, a page, an SVG drawing or a format Chromium cannot draw', async () => {
    const answers = [
      new Response('missing', { status: 404 }),
      new Response('<!doctype html><title>login</title>', {
        headers: { 'Content-Type': 'image/png' },
      }),
      new Response(await fixture('logo.svg')),
      new Response(await fixture('photo.heic')),
    ];
    for (const answer of answers) {
      const { fetch } = standIn(() => answer);
      expect(await fetchCardImage(target, { fetch, timeoutMs: 1_000 })).toBeNull();
    }
  });

  it('stops reading past the size cap, declared or not', async () => {
    const jpeg = await fixture('photo.jpg');
    const declared = standIn(
      () => new Response(jpeg, { headers: { 'Content-Length': String(jpeg.length) } }),
    );
    expect(
      await fetchCardImage(target, { fetch: declared.fetch, timeoutMs: 1_000, maxBytes: 100 }),
    ).toBeNull();
    // A body that never says its length, and goes on and on.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(sent === 64 * 1024 ? jpeg.subarray(0, 1024) : new Uint8Array(64 * 1024));
      },
    });
    const streamed = standIn(() => new Response(endless));
    expect(
      await fetchCardImage(target, {
        fetch: streamed.fetch,
        timeoutMs: 1_000,
        maxBytes: 256 * 1024,
      }),
    ).toBeNull();
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it('follows a redirect only to an address it may fetch, checked before it is asked', async () => {
    const jpeg = await fixture('photo.jpg');
    const moved = (location: string) => new Response(null, { status: 302, headers: { location } });
    // To plain http: not followed, so the tracker hears nothing.
    const tracker = standIn((url) =>
      url === target.href ? moved('http://tracker.example/photo.jpg') : new Response(jpeg),
    );
    expect(await fetchCardImage(target, { fetch: tracker.fetch, timeoutMs: 1_000 })).toBeNull();
    expect(tracker.asked).toEqual([target.href]);
    // With a password in it: not followed either.
    const credentials = standIn((url) =>
      url === target.href ? moved('https://user:pw@cdn2.example/p.jpg') : new Response(jpeg),
    );
    expect(await fetchCardImage(target, { fetch: credentials.fetch, timeoutMs: 1_000 })).toBeNull();
    expect(credentials.asked).toEqual([target.href]);
    // To another https host, relative or not: followed.
    const fine = standIn((url) =>
      url === target.href ? moved('/moved/p.jpg') : new Response(jpeg),
    );
    expect(await fetchCardImage(target, { fetch: fine.fetch, timeoutMs: 1_000 })).not.toBeNull();
    expect(fine.asked).toEqual([target.href, new URL('/moved/p.jpg', target).href]);
  });

  it('gives up on a chain of redirects longer than a few', async () => {
    let n = 0;
    const loop = standIn(
      () =>
        new Response(null, { status: 307, headers: { location: `https://cdn.example/${++n}` } }),
    );
    expect(await fetchCardImage(target, { fetch: loop.fetch, timeoutMs: 1_000 })).toBeNull();
    expect(loop.asked).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe('createCardImages', () => {
  async function setUp(known: string[], answer?: () => Response) {
    const jpeg = await fixture('photo.jpg');
    let clock = 0;
    const warnings: string[] = [];
    const stand = standIn(answer ?? (() => new Response(jpeg)));
    const images = createCardImages({
      fetch: stand.fetch,
      isKnown: (url) => known.includes(url),
      plainLoopback: () => false,
      now: () => clock,
      keepMs: 1_000,
      keepFailureMs: 100,
      warn: (message) => warnings.push(message),
    });
    return {
      images,
      asked: stand.asked,
      warnings,
      jpeg,
      advance: (ms: number) => (clock += ms),
    };
  }

  it('fetches a known address once, and hands the bytes over as base64', async () => {
    const { images, asked, jpeg } = await setUp([URL_OF_CARD]);
    const [first, second] = await Promise.all([images.read(URL_OF_CARD), images.read(URL_OF_CARD)]);
    expect(first).toEqual({ contentType: 'image/jpeg', base64: jpeg.toString('base64') });
    expect(second).toEqual(first);
    expect(await images.read(URL_OF_CARD)).toEqual(first);
    expect(asked).toEqual([URL_OF_CARD]);
  });

  it('fetches nothing for an address the app does not know, and says so without it', async () => {
    const { images, asked, warnings } = await setUp([URL_OF_CARD]);
    const stolen = `${URL_OF_CARD}?stolen=${encodeURIComponent('the key, or a card')}`;
    expect(await images.read(stolen)).toBeNull();
    expect(await images.read('https://evil.example/pixel.gif')).toBeNull();
    expect(await images.read('http://cdn.linq.example/photos/acme.jpg')).toBeNull();
    expect(asked).toEqual([]);
    expect(warnings).toHaveLength(3);
    expect(warnings.join(' ')).not.toContain('stolen');
    expect(warnings.join(' ')).not.toContain('evil');
  });

  it('fetches again once its copy is older than it keeps one, and a failure sooner', async () => {
    let status = 500;
    const jpeg = await fixture('photo.jpg');
    const { images, asked, advance } = await setUp([URL_OF_CARD], () =>
      status === 200 ? new Response(jpeg) : new Response('busy', { status }),
    );
    expect(await images.read(URL_OF_CARD)).toBeNull();
    advance(50);
    expect(await images.read(URL_OF_CARD)).toBeNull(); // the failure is remembered
    expect(asked).toHaveLength(1);
    status = 200;
    advance(100);
    expect(await images.read(URL_OF_CARD)).not.toBeNull();
    advance(500);
    expect(await images.read(URL_OF_CARD)).not.toBeNull();
    expect(asked).toHaveLength(2);
    advance(1_000);
    await images.read(URL_OF_CARD);
    expect(asked).toHaveLength(3);
  });

  it('shows initials, not an error, when the host cannot be reached', async () => {
    const { images } = await setUp([URL_OF_CARD], () => {
      throw new TypeError('fetch failed');
    });
    expect(await images.read(URL_OF_CARD)).toBeNull();
  });

  it('keeps at most its byte budget, dropping the oldest', async () => {
    const jpeg = await fixture('photo.jpg');
    const urls = ['https://a.example/1.jpg', 'https://a.example/2.jpg', 'https://a.example/3.jpg'];
    const stand = standIn(() => new Response(jpeg));
    const images = createCardImages({
      fetch: stand.fetch,
      isKnown: () => true,
      plainLoopback: () => false,
      maxCachedBytes: jpeg.length * 2,
    });
    for (const url of urls) await images.read(url);
    await images.read(urls[2]!);
    await images.read(urls[1]!);
    expect(stand.asked).toHaveLength(3);
    await images.read(urls[0]!); // dropped when the third came in
    expect(stand.asked).toHaveLength(4);
  });
});

describe('CardImages.probe', () => {
  it('asks the address itself every time: never the stored copy nor the cache', async () => {
    const jpeg = await fixture('photo.jpg');
    let serving = true;
    const { fetch, asked } = standIn(() =>
      serving
        ? new Response(jpeg, { headers: { 'Content-Type': 'image/jpeg' } })
        : new Response('gone', { status: 404 }),
    );
    const images = createCardImages({
      fetch,
      isKnown: () => true,
      plainLoopback: () => false,
      // Our own copy would answer read() even once the address is dead.
      storedCopy: async () => ({ contentType: 'image/jpeg', bytes: jpeg }),
    });
    expect(await images.read(URL_OF_CARD)).not.toBeNull();
    expect(asked).toEqual([]);
    expect(await images.probe(URL_OF_CARD)).toBe('serves');
    serving = false;
    expect(await images.probe(URL_OF_CARD)).toBe('gone');
    expect(asked).toEqual([URL_OF_CARD, URL_OF_CARD]);
  });

  it('tells a dead host from a dead address, and refuses unknown addresses', async () => {
    const { fetch, asked } = standIn(() => {
      throw new TypeError('fetch failed');
    });
    const known = createCardImages({ fetch, isKnown: () => true, plainLoopback: () => false });
    expect(await known.probe(URL_OF_CARD)).toBe('unreachable');
    const unknown = createCardImages({ fetch, isKnown: () => false, plainLoopback: () => false });
    expect(await unknown.probe('https://elsewhere.example/x.jpg')).toBe('gone');
    expect(asked).toEqual([URL_OF_CARD]);
  });
});
