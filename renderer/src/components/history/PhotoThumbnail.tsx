// A history entry's photo, from the copy in main's photo store, so it shows offline too.
// Each photo is read once per session (lib/stored-photo.ts). Without a photo (or
// while it loads) the card's initials show, as on the customer's iPhone.
import { useCardImageSrc } from '../../lib/image/use-card-image-src.ts';
import { iosInitials } from '../../lib/initials.ts';
import { useStoredPhotoUrl } from '../../lib/stored-photo.ts';

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
  const url = useStoredPhotoUrl(sha256);
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
