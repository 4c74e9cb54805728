// A history entry's photo, from the copy in main's photo store, so it shows offline too.
// Each photo is fetched once per session and kept as an object URL.
import { useEffect, useState } from 'react';
import { call } from '../../api.ts';
import { base64ToBlob } from '../../lib/image/base64.ts';

const loaded = new Map<string, Promise<string | null>>();

function thumbnailUrl(sha256: string): Promise<string | null> {
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

export function PhotoThumbnail({ sha256 }: { sha256: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void thumbnailUrl(sha256).then((value) => {
      if (current) setUrl(value);
    });
    return () => {
      current = false;
    };
  }, [sha256]);
  if (!url) return <span className="thumbnail thumbnail-empty" aria-hidden="true" />;
  return <img className="thumbnail" src={url} alt="Card photo" width={32} height={32} />;
}
