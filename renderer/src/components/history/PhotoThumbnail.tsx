// A history entry's photo, from the copy in main's photo store, so it shows offline too.
// Each photo is fetched once per session and kept as an object URL. Without a photo (or
// while it loads) the card's initials show, as on the customer's iPhone.
import { useEffect, useState } from 'react';
import { call } from '../../api.ts';
import { base64ToBlob } from '../../lib/image/base64.ts';
import { useCardImageSrc } from '../../lib/image/useCardImageSrc.ts';
import { iosInitials } from '../../lib/initials.ts';

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

/** The round initials of a card without a photo (decorative: the name is next to it). */
export function InitialsThumbnail({
  firstName,
  lastName,
  size = 'small',
}: {
  firstName: string | null;
  lastName: string | null;
  size?: 'small' | 'large';
}) {
  return (
    <span className={`thumbnail thumbnail-initials thumbnail-${size}`} aria-hidden="true">
      {iosInitials(firstName ?? '', lastName ?? '') || '?'}
    </span>
  );
}

export function PhotoThumbnail({
  sha256,
  firstName = null,
  lastName = null,
  size = 'small',
  alt = 'Card photo',
}: {
  sha256: string;
  firstName?: string | null;
  lastName?: string | null;
  size?: 'small' | 'large';
  alt?: string;
}) {
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
  if (!url) return <InitialsThumbnail firstName={firstName} lastName={lastName} size={size} />;
  const pixels = size === 'large' ? 96 : 32;
  return (
    <img
      className={`thumbnail thumbnail-${size}`}
      src={url}
      alt={alt}
      width={pixels}
      height={pixels}
    />
  );
}

/** A photo Linq serves (cards found in a sync), fetched by main; the initials until then. */
function RemotePhoto({
  imageUrl,
  firstName,
  lastName,
  size,
  alt,
}: {
  imageUrl: string;
  firstName: string | null;
  lastName: string | null;
  size: 'small' | 'large';
  alt: string;
}) {
  const src = useCardImageSrc(imageUrl);
  if (!src) return <InitialsThumbnail firstName={firstName} lastName={lastName} size={size} />;
  const pixels = size === 'large' ? 96 : 32;
  return (
    <img
      className={`thumbnail thumbnail-${size}`}
      src={src}
      alt={alt}
      width={pixels}
      height={pixels}
    />
  );
}

/**
 * A card's photo wherever it is: the copy in the photo store (cards set up here), else Linq's
 * image URL through main (the page loads no remote image itself), else the initials.
 */
export function CardPhoto({
  sha256,
  imageUrl,
  firstName,
  lastName,
  size,
  alt,
}: {
  sha256: string | null;
  imageUrl: string | null;
  firstName: string | null;
  lastName: string | null;
  size: 'small' | 'large';
  alt: string;
}) {
  if (sha256) {
    return (
      <PhotoThumbnail
        sha256={sha256}
        firstName={firstName}
        lastName={lastName}
        size={size}
        alt={alt}
      />
    );
  }
  if (imageUrl) {
    return (
      <RemotePhoto
        imageUrl={imageUrl}
        firstName={firstName}
        lastName={lastName}
        size={size}
        alt={alt}
      />
    );
  }
  return <InitialsThumbnail firstName={firstName} lastName={lastName} size={size} />;
}
