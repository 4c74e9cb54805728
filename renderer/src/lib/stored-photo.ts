// A card's photo from the copy main keeps of every photo this computer sent, as an object URL,
// so a card being edited shows its photo offline too and without asking any server for it.
// Each photo is read once per session.
import { useEffect, useState } from 'react';
import { call } from '../api.ts';
import { base64ToBlob } from './image/base64.ts';

const loaded = new Map<string, Promise<string | null>>();

function storedPhotoUrl(sha256: string): Promise<string | null> {
  let url = loaded.get(sha256);
  if (!url) {
    url = call((api) => api.readPhoto({ sha256 })).then((result) =>
      result.ok && result.value
        ? URL.createObjectURL(base64ToBlob(result.value.base64, result.value.contentType))
        : null,
    );
    loaded.set(sha256, url);
  }
  return url;
}

/** The object URL of a stored photo; undefined while it loads, null when there is none. */
export function useStoredPhotoUrl(sha256: string | null): string | null | undefined {
  const [url, setUrl] = useState<{ sha256: string; url: string | null } | null>(null);
  useEffect(() => {
    if (!sha256) return;
    let current = true;
    void storedPhotoUrl(sha256).then((value) => {
      if (current) setUrl({ sha256, url: value });
    });
    return () => {
      current = false;
    };
  }, [sha256]);
  if (!sha256) return null;
  return url?.sha256 === sha256 ? url.url : undefined;
}
