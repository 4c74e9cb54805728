// A live sketch of the card as recipients will see it, from what is in the form.
import { useMemo } from 'react';
import type { CountryCode } from '../../../../shared/phone.ts';
import { usePhoneRules } from '../../lib/phoneRules.ts';
import { fullName } from '../../lib/names.ts';
import { useCardForm } from '../../store/cardForm.ts';
import { Avatar } from './Avatar.tsx';

export function CardPreview({ country }: { country: CountryCode }) {
  const values = useCardForm((state) => state.values);
  const imageUrl = useCardForm((state) => state.previewImageUrl);
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
        <Avatar name={name} imageUrl={imageUrl} />
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
