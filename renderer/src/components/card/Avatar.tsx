// The round picture of a contact card: the photo when it loads, the initials otherwise.
import { useState } from 'react';
import { initials } from '../../lib/names.ts';

function Photo({ url, onFail }: { url: string; onFail: () => void }) {
  return (
    <img className="avatar-photo" src={url} alt="" referrerPolicy="no-referrer" onError={onFail} />
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
  const showPhoto = imageUrl !== null && imageUrl !== failedUrl;
  return (
    <span className={`avatar avatar-${size}`} aria-hidden="true">
      {showPhoto ? (
        <Photo url={imageUrl} onFail={() => setFailedUrl(imageUrl)} />
      ) : (
        <span className="avatar-initials">{initials(name) || '?'}</span>
      )}
    </span>
  );
}
