// What a recipient's iPhone shows, from what is in the form: the conversation header of iOS
// Messages (the round photo, or iOS's initials on its grey gradient; the name, cut where an
// iPhone cuts it; the number only while there is no name, as iOS does) and the banner iOS shows
// when a name and photo are shared. In light or dark, whichever the app is in, or as chosen.
import { useMemo, useState, useSyncExternalStore } from 'react';
import type { CountryCode } from '../../../../shared/phone.ts';
import { iosInitials } from '../../lib/initials.ts';
import { fullName } from '../../lib/names.ts';
import { usePhoneRules } from '../../lib/phone-rules.ts';
import { useCardForm } from '../../store/card-form.ts';
import { usePhoto } from '../../store/photo.ts';
import { CardPhoto, useCurrentPhoto } from './CardPhoto.tsx';
import { CroppedPhoto } from './CroppedPhoto.tsx';

type Appearance = 'light' | 'dark';

const HEADER_AVATAR = 56;
const BANNER_AVATAR = 28;

const DARK = '(prefers-color-scheme: dark)';

/** The app's own appearance (the OS's), followed as it changes. */
function useAppAppearance(): Appearance {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(DARK);
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => (window.matchMedia(DARK).matches ? 'dark' : 'light'),
  );
}

/** The round photo at one size: the framed new photo, else the card's photo, else initials. */
function PreviewAvatar({ size, initials }: { size: number; initials: string }) {
  const photo = usePhoto((state) => state.photo);
  const current = useCurrentPhoto();
  const typedUrl = useCardForm((state) => state.previewImageUrl);
  if (photo.status === 'ready' && photo.previewUrl) {
    return (
      <span className="ios-avatar" style={{ width: size, height: size }} aria-hidden="true">
        <CroppedPhoto
          url={photo.previewUrl}
          width={photo.check.width}
          height={photo.check.height}
          crop={photo.crop}
          size={size}
        />
      </span>
    );
  }
  return (
    <CardPhoto
      sha256={current?.sha256 ?? null}
      url={current?.url ?? typedUrl}
      initials={initials}
      size={size}
    />
  );
}

function AppearanceSwitch({
  value,
  onChange,
}: {
  value: Appearance;
  onChange: (value: Appearance) => void;
}) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">iPhone appearance</legend>
      {(['light', 'dark'] as const).map((option) => (
        <label key={option} className="segmented-option">
          <input
            type="radio"
            name="iphone-appearance"
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          <span>{option === 'light' ? 'Light' : 'Dark'}</span>
        </label>
      ))}
    </fieldset>
  );
}

export function CardPreview({ country }: { country: CountryCode }) {
  const values = useCardForm((state) => state.values);
  // The app's appearance until the user picks one to look at.
  const [chosen, setAppearance] = useState<Appearance | null>(null);
  const followed = useAppAppearance();
  const appearance = chosen ?? followed;
  const name = fullName(values.firstName, values.lastName);
  const initials = iosInitials(values.firstName, values.lastName);
  const rules = usePhoneRules();
  const number = useMemo(() => {
    const check = rules?.checkPhone(values.phone, country);
    return check?.ok ? check.international : values.phone.trim();
  }, [values.phone, country, rules]);
  // iOS titles the conversation with the name once it knows one; the number only before.
  const title = name || number;
  const description = name
    ? `An iPhone shows “${name}” above the conversation${initials ? `, with the initials ${initials} until a photo is set` : ''}, and offers the shared name and photo in a banner.`
    : number
      ? `Without a name, an iPhone shows only the number ${number}.`
      : 'Enter a number and a name to see what an iPhone shows.';

  return (
    <section className="panel preview" aria-labelledby="preview-title">
      <div className="preview-head">
        <h3 id="preview-title" className="panel-title">
          On an iPhone
        </h3>
        <AppearanceSwitch value={appearance} onChange={setAppearance} />
      </div>
      <div
        className={`iphone iphone-${appearance}`}
        role="img"
        aria-label={description}
        data-testid="iphone-preview"
      >
        <div className="ios-header">
          <span className="ios-back" aria-hidden="true">
            ‹
          </span>
          <PreviewAvatar size={HEADER_AVATAR} initials={initials} />
          <span className={title ? 'ios-title' : 'ios-title ios-title-empty'}>
            <span className="ios-title-text">{title || 'No number yet'}</span>
            <span className="ios-chevron" aria-hidden="true">
              ›
            </span>
          </span>
        </div>
        <div className="ios-thread">
          {name ? (
            <div className="ios-banner">
              <PreviewAvatar size={BANNER_AVATAR} initials={initials} />
              <span className="ios-banner-text">
                <span className="ios-banner-name">{name}</span>
                <span className="ios-banner-line">Shared their name and photo</span>
              </span>
              <span className="ios-banner-action">Update</span>
            </div>
          ) : null}
          <div className="ios-bubble" />
          <div className="ios-bubble ios-bubble-short" />
        </div>
      </div>
      <p className="preview-note">
        How iOS Messages shows this line to the people it messages. Names longer than an iPhone
        shows end in “…”.
      </p>
    </section>
  );
}
