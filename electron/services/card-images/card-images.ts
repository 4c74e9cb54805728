// The readCardImage request: a card's photo for the window, fetched by main. The window's
// Content-Security-Policy lets it load no remote image at all, since every image request is a
// way to send data anywhere (in its address) and tells the image's host that this user is
// looking at this card. Main fetches only addresses the app already knows (known-image-urls.ts),
// and keeps what it fetched for a few minutes, so the same photo on several screens is
// fetched once. Failures are kept for a short while too, so a dead host is not asked on
// every render.
import type { CardImage } from '../../../shared/card-image.schema.ts';
import type { FetchLike } from '../net/fetch.ts';
import { fetchableImageUrl, fetchCardImage, type FetchedImage } from './card-image-fetch.ts';

export interface CardImages {
  /** The image at a known URL, as base64; null when it is unknown or cannot be shown. */
  read(url: string): Promise<CardImage | null>;
  /**
   * Whether the address itself still serves an image (a restore asks before sending it again):
   * always over the network, never from this computer's stored copy nor the cache, which would
   * answer for the address with bytes it may no longer serve. Unknown addresses are refused.
   */
  probe(url: string): Promise<'serves' | 'gone' | 'unreachable'>;
}

export interface CardImagesOptions {
  fetch: FetchLike;
  /** Whether the URL appears in the app's own records (a card, the outbox). */
  isKnown(url: string): boolean;
  /** Whether plain http to this computer is allowed (the app is pointed at a local Linq). */
  plainLoopback(): boolean;
  timeoutMs?: number;
  now?: () => number;
  /** How long a fetched image is served from memory. */
  keepMs?: number;
  /** How long a failure is remembered before the address is tried again. */
  keepFailureMs?: number;
  /** Bytes kept in memory at most; the oldest entries go first. */
  maxCachedBytes?: number;
  /**
   * This computer's own copy of the image at a known URL (a photo it uploaded, in the photo
   * store), tried before the network: it shows offline and tells no host anything.
   */
  storedCopy?(url: string): Promise<FetchedImage | null>;
  /** Told (without the address, which a page may have filled with anything) of a refusal. */
  warn?(message: string): void;
}

interface Entry {
  until: number;
  image: Promise<FetchedImage | null>;
  bytes: number;
}

export function createCardImages(options: CardImagesOptions): CardImages {
  const now = options.now ?? Date.now;
  const keepMs = options.keepMs ?? 10 * 60_000;
  const keepFailureMs = options.keepFailureMs ?? 60_000;
  const maxCachedBytes = options.maxCachedBytes ?? 32 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 15_000;
  /** By URL, oldest first (a Map keeps insertion order). In flight ones are entries too. */
  const cache = new Map<string, Entry>();
  let cachedBytes = 0;

  function forget(url: string): void {
    const entry = cache.get(url);
    if (!entry) return;
    cachedBytes -= entry.bytes;
    cache.delete(url);
  }

  function keep(url: string, entry: Entry, image: FetchedImage | null): void {
    if (cache.get(url) !== entry) return; // forgotten meanwhile
    entry.until = now() + (image ? keepMs : keepFailureMs);
    entry.bytes = image?.bytes.length ?? 0;
    cachedBytes += entry.bytes;
    for (const [oldUrl, old] of cache) {
      if (cachedBytes <= maxCachedBytes) break;
      if (old !== entry) forget(oldUrl);
    }
  }

  function fetchOnce(url: string, target: URL): Promise<FetchedImage | null> {
    const cached = cache.get(url);
    if (cached && cached.until > now()) return cached.image;
    forget(url);
    const entry: Entry = {
      until: Number.POSITIVE_INFINITY,
      image: Promise.resolve(null),
      bytes: 0,
    };
    const fromStore = options.storedCopy?.(url).catch(() => null) ?? Promise.resolve(null);
    entry.image = fromStore
      .then((stored) => stored ?? fetchCardImage(target, { fetch: options.fetch, timeoutMs }))
      .then(
        (image) => {
          keep(url, entry, image);
          return image;
        },
        () => {
          keep(url, entry, null); // unreachable, timed out, refused: shown as initials
          return null;
        },
      );
    cache.set(url, entry);
    return entry.image;
  }

  return {
    async probe(url) {
      const target = fetchableImageUrl(url, options.plainLoopback());
      if (!target || !options.isKnown(url)) return 'gone';
      try {
        const image = await fetchCardImage(target, { fetch: options.fetch, timeoutMs });
        return image ? 'serves' : 'gone';
      } catch {
        return 'unreachable';
      }
    },

    async read(url) {
      const target = fetchableImageUrl(url, options.plainLoopback());
      if (!target || !options.isKnown(url)) {
        // A typed address not submitted yet ends here too, so this is said calmly.
        options.warn?.('Did not fetch a card image: its address is in no card or outbox.');
        return null;
      }
      const image = await fetchOnce(url, target);
      return image
        ? { contentType: image.contentType, base64: image.bytes.toString('base64') }
        : null;
    },
  };
}
