// A live sketch of the card as recipients will see it, from what is in the form.
import { useMemo } from 'react';
import type { CountryCode } from '../../../../shared/phone.ts';
import { usePhoneRules } from '../../lib/phoneRules.ts';
import { fullName } from '../../lib/names.ts';
import { useCardForm } from '../../store/cardForm.ts';
import { usePhoto } from '../../store/photo.ts';
import { Avatar } from './Avatar.tsx';
import { CroppedPhoto } from './CroppedPhoto.tsx';

const AVATAR_SIZE = 84;

function FramedAvatar() {
  const photo = usePhoto((state) => state.photo);
  if (photo.status !== 'ready' || !photo.previewUrl) return null;
  return (
    <span className="avatar avatar-large avatar-framed" aria-hidden="true">
      <CroppedPhoto
        url={photo.previewUrl}
        width={photo.check.width}
        height={photo.check.height}
        crop={photo.crop}
        size={AVATAR_SIZE}
      />
    </span>
  );
}

export function CardPreview({ country }: { country: CountryCode }) {
  const values = useCardForm((state) => state.values);
  const imageUrl = useCardForm((state) => state.previewImageUrl);
  const framed = usePhoto((state) => state.photo.status === 'ready' && state.photo.previewUrl);
  const name = fullName(values.firstName, values.lastName);
  const rules = usePhoneRules();
  const number = useMemo(() => {
    const check = rules?.checkPhone(values.phone, country);
    return check?.ok ? check.international : values.phone.trim();
  }, [values.phone, country, rules]);

  return (
    <section className="panel preview" aria-labelledby="preview-title">
      <h3 id="preview-title" className="panel-title">
        Preview
      </h3>
      <div className="preview-card">
        {framed ? <FramedAvatar /> : <Avatar name={name} imageUrl={imageUrl} />}
        <p className={name ? 'preview-name' : 'preview-name preview-empty'}>
          {name || 'No name yet'}
        </p>
        <p className={number ? 'preview-number' : 'preview-number preview-empty'}>
          {number || 'No number yet'}
        </p>
      </div>
      <p className="preview-note">
        Roughly how the name and photo appear in iMessage to the people this line messages.
      </p>
    </section>
  );
}
