// The card's image as a public address, for the rare card whose photo is already online: folded
// behind "Use an image address instead" so the form leads with the photo drop. Opened by that
// button (or by a submit that finds the address invalid); closing it takes the address back out.
import { checkImageUrl } from '../../../../shared/rules.ts';
import {
  setFieldValue,
  setImageAddressOpen,
  setPreviewImageUrl,
  useCardForm,
} from '../../store/card-form.ts';
import { FormField } from '../FormField.tsx';
import { CARD_FIELD_IDS } from './field-ids.ts';
import { touchOnBlur } from './touch-on-blur.ts';

const REGION_ID = 'card-image-address';

export function ImageAddressField({
  value,
  error,
  photoChosen,
}: {
  value: string;
  error: string | null;
  photoChosen: boolean;
}) {
  const open = useCardForm((state) => state.imageAddressOpen);
  const base = useCardForm((state) => state.editing?.base);

  function close() {
    // Back to what the card has (kept as it is), or to no address for a new card.
    const kept = base?.imageUrl ?? '';
    setFieldValue('imageUrl', kept);
    setPreviewImageUrl(kept || null);
    setImageAddressOpen(false);
  }

  return (
    <div className="image-address">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={REGION_ID}
        onClick={() => (open ? close() : setImageAddressOpen(true))}
      >
        {open ? 'Do not use an image address' : 'Use an image address instead'}
      </button>
      <div id={REGION_ID} hidden={!open}>
        {open ? (
          <FormField
            id={CARD_FIELD_IDS.imageUrl}
            label="Image address"
            optional
            error={error}
            hint={
              photoChosen
                ? 'Not used while a photo is chosen above.'
                : 'A public https:// address of a JPEG, PNG or GIF. Linq copies the image once.'
            }
          >
            {(control) => (
              <input
                {...control}
                className="input"
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://"
                disabled={photoChosen}
                value={value}
                onChange={(event) => setFieldValue('imageUrl', event.currentTarget.value)}
                onBlur={(event) => {
                  const checked = checkImageUrl(event.currentTarget.value);
                  setPreviewImageUrl(checked.ok ? checked.value : null);
                  touchOnBlur('imageUrl')(event);
                }}
              />
            )}
          </FormField>
        ) : null}
      </div>
    </div>
  );
}
