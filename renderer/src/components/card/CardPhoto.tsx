// A card's round photo as iOS draws a contact: the photo, or without one the initials (or the
// grey silhouette, when the name has no letter to show) on iOS's grey gradient. The photo
// comes from this computer's copy when there is one, else from its address through main (the
// window loads no remote image itself).
import { useCardImageSrc } from '../../lib/image/use-card-image-src.ts';
import { useStoredPhotoUrl } from '../../lib/stored-photo.ts';
import { useCardForm } from '../../store/card-form.ts';

/** The photo of the card being edited, while the form still means to keep it. */
export function useCurrentPhoto(): { sha256: string | null; url: string } | null {
  const editing = useCardForm((state) => state.editing);
  const imageUrl = useCardForm((state) => state.values.imageUrl);
  const base = editing?.base;
  if (!base?.imageUrl || imageUrl.trim() !== base.imageUrl) return null;
  return { sha256: editing?.basePhotoSha256 ?? null, url: base.imageUrl };
}

/** iOS's person glyph, for a contact with neither photo nor letters. */
function Silhouette() {
  return (
    <svg className="ios-silhouette" viewBox="0 0 100 100" aria-hidden="true">
      <circle cx="50" cy="38" r="18" />
      <path d="M18 86c4-17 17-26 32-26s28 9 32 26z" />
    </svg>
  );
}

export function CardPhoto({
  sha256,
  url,
  initials,
  size,
}: {
  sha256: string | null;
  url: string | null;
  initials: string;
  size: number;
}) {
  const stored = useStoredPhotoUrl(sha256);
  // Wait for the local copy before falling back to the address.
  const remote = useCardImageSrc(stored === null ? url : null);
  const src = stored ?? remote;
  return (
    <span
      className="ios-avatar"
      style={{ width: size, height: size, fontSize: size * 0.42 }}
      aria-hidden="true"
    >
      {src ? (
        <img className="ios-avatar-photo" src={src} alt="" />
      ) : initials ? (
        <span className="ios-avatar-initials">{initials}</span>
      ) : (
        <Silhouette />
      )}
    </span>
  );
}
