// Fetches one card image for the window, with the checks a page's own <img> would not make:
// https only (plain http only to this computer, for the fake Linq API), no credentials in the
// address, no cookies, a time limit, a size limit enforced while reading, and bytes that must
// be an image Chromium draws, judged by their first bytes rather than the server's word.
import {
  MAX_CARD_IMAGE_BYTES,
  type CardImageContentType,
} from '../../../shared/card-image.rules.ts';
import { SNIFF_BYTES, sniffFormat, type ImageFormat } from '../../../shared/image/sniff.ts';
import { isLoopbackHost } from '../../../shared/rules.ts';
import type { FetchLike } from '../net/fetch.ts';

const SHOWN_FORMATS: Partial<Record<ImageFormat, CardImageContentType>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

export interface FetchedImage {
  contentType: CardImageContentType;
  bytes: Buffer;
}

/**
 * The URL when main may fetch it: https, or http to a loopback address when `plainLoopback`
 * (the app is pointed at a Linq on this computer, as in tests); never with a user name or
 * password in it.
 */
export function fetchableImageUrl(value: string, plainLoopback: boolean): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && plainLoopback && isLoopbackHost(url.hostname)) return url;
  return null;
}

/** Whether the app is pointed at a Linq on this computer (the fake Linq API, in tests). */
export function isLocalApi(apiBaseUrl: string): boolean {
  try {
    return isLoopbackHost(new URL(apiBaseUrl).hostname);
  } catch {
    return false;
  }
}

/** The body's bytes, or null as soon as there are more than `maxBytes` of them. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return null;
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export interface ImageFetchOptions {
  fetch: FetchLike;
  timeoutMs: number;
  maxBytes?: number;
}

/**
 * The image at `url`, or null when it is not one the window can show (an error status, too
 * large, not an image). Network failures throw, as the fetch threw them.
 */
export async function fetchCardImage(
  url: URL,
  options: ImageFetchOptions,
): Promise<FetchedImage | null> {
  const plainLoopback = url.protocol === 'http:';
  const signal = AbortSignal.timeout(options.timeoutMs);
  let target = url;
  for (let hops = 0; ; hops++) {
    // Redirects are followed by hand: each address is checked before it is asked for (a
    // redirect may not leave https, nor carry credentials), not after its answer came.
    const response = await options.fetch(target.href, {
      method: 'GET',
      headers: { Accept: 'image/*' },
      credentials: 'omit',
      redirect: 'manual',
      referrerPolicy: 'no-referrer',
      signal,
    });
    if (REDIRECTS.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      const next = hops < MAX_REDIRECTS ? redirectTarget(response, target, plainLoopback) : null;
      if (!next) return null;
      target = next;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return null;
    }
    const bytes = await readCapped(response, options.maxBytes ?? MAX_CARD_IMAGE_BYTES);
    return bytes ? shownImage(bytes) : null;
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** An image host may move a photo once or twice; a chain longer than this is not followed. */
export const MAX_REDIRECTS = 3;

/** Where a redirect leads, when main may fetch it; null otherwise. */
function redirectTarget(response: Response, from: URL, plainLoopback: boolean): URL | null {
  const location = response.headers.get('location');
  if (!location) return null;
  try {
    return fetchableImageUrl(new URL(location, from).href, plainLoopback);
  } catch {
    return null;
  }
}

/** The bytes with the type they are, when Chromium can draw them; null otherwise. */
export function shownImage(bytes: Buffer): FetchedImage | null {
  const contentType = SHOWN_FORMATS[sniffFormat(bytes.subarray(0, SNIFF_BYTES))];
  return contentType ? { contentType, bytes } : null;
}
