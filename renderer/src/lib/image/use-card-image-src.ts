// A card's photo for an <img>: main fetches it from the card's image URL (the window's
// Content-Security-Policy lets the page load no remote image itself) and hands back the
// bytes, shown through a blob: URL. Each photo is asked for once per session; an address main
// would not fetch (unknown to it, unreachable, not an image) is asked again the next time a
// component shows it, since a card submitted meanwhile can make it known.
import { useEffect, useState } from 'react';
import { call } from '../../api.ts';
import { base64ToBlob } from './base64.ts';

const loaded = new Map<string, Promise<string | null>>();

function objectUrlFor(url: string): Promise<string | null> {
  let pending = loaded.get(url);
  if (!pending) {
    pending = call((api) => api.readCardImage({ url })).then((result) => {
      if (result.ok && result.value) {
        return URL.createObjectURL(base64ToBlob(result.value.base64, result.value.contentType));
      }
      loaded.delete(url);
      return null;
    });
    loaded.set(url, pending);
  }
  return pending;
}

/** The blob: URL to draw for a card's image URL; null while loading or when there is none. */
export function useCardImageSrc(url: string | null): string | null {
  const [shown, setShown] = useState<{ url: string; src: string } | null>(null);
  useEffect(() => {
    if (url === null) return;
    let current = true;
    void objectUrlFor(url).then((src) => {
      if (current && src) setShown({ url, src });
    });
    return () => {
      current = false;
    };
  }, [url]);
  // Never the previous card's photo while the next one loads.
  return shown && shown.url === url ? shown.src : null;
}
