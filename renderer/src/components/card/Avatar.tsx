// The round picture of a contact card: the photo when it loads, the initials otherwise. The
// photo comes through main (useCardImageSrc), never straight from its address.
import { useState } from 'react';
import { useCardImageSrc } from '../../lib/image/useCardImageSrc.ts';
import { initials } from '../../lib/names.ts';

function Photo({ src, onFail }: { src: string; onFail: () => void }) {
  return (
    <img className="avatar-photo" src={src} alt="" referrerPolicy="no-referrer" onError={onFail} />
  );
}

export function Avatar({
  name,
  imageUrl,
  size = 'large',
}: {
  name: string;
  imageUrl: string | null;
  size?: 'large' | 'small';
}) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const src = useCardImageSrc(imageUrl);
  const showPhoto = src !== null && imageUrl !== failedUrl;
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {showPhoto ? (
        <Photo src={src} onFail={() => setFailedUrl(imageUrl)} />
      ) : (
        <span className="avatar-initials">{initials(name) || '?'}</span>
      )}
    </span>
  );
}
