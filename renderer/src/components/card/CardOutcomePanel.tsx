// How a setup or update ended: active on the device, or saved and still being applied. The card
// it describes is shown with its own photo (or initials), so it is not mistaken for the preview
// beside it, which has moved on to the next card.
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { iosInitials } from '../../lib/initials.ts';
import { fullName } from '../../lib/names.ts';
import type { Card } from '../../../../shared/card.schema.ts';
import { dismissSubmitted } from '../../store/card-form.ts';
import { CheckIcon, WarningIcon } from '../Icons.tsx';
import { CardPhoto } from './CardPhoto.tsx';
import { CARD_FIELD_IDS } from './field-ids.ts';

export interface CardOutcome {
  kind: 'setup' | 'update';
  card: Card;
}

function headline({ kind, card }: CardOutcome, number: string): { title: string; line: string } {
  if (kind === 'update') {
    return {
      title: 'Card updated',
      line: card.isActive
        ? `Active on ${number}.`
        : `On ${number}: not yet active on the device — Linq will apply it shortly.`,
    };
  }
  return card.isActive
    ? { title: `Card is active on ${number}`, line: 'Recipients will see the new name and photo.' }
    : {
        title: 'Saved, but not yet active on the device — Linq will apply it shortly',
        line: `The card for ${number} is stored at Linq; nothing else to do.`,
      };
}

export function CardOutcomePanel({
  outcome,
  photoSha256 = null,
}: {
  outcome: CardOutcome;
  /** This computer's copy of the photo sent with it, if one was. */
  photoSha256?: string | null;
}) {
  const formatE164 = usePhoneFormatter();
  const { card } = outcome;
  const number = formatE164(card.phoneNumber);
  const { title, line } = headline(outcome, number);
  const tone = card.isActive ? 'success' : 'warning';
  return (
    <div className={`outcome outcome-${tone}`}>
      <div className="outcome-head">
        {card.isActive ? <CheckIcon /> : <WarningIcon />}
        <h3 className="outcome-title">{title}</h3>
      </div>
      <p className="outcome-line">{line}</p>
      <div className="outcome-card">
        <CardPhoto
          sha256={photoSha256}
          url={card.imageUrl ?? null}
          initials={iosInitials(card.firstName, card.lastName)}
          size={40}
        />
        <dl className="outcome-details">
          <dt>Name</dt>
          <dd>{fullName(card.firstName, card.lastName)}</dd>
          <dt>Photo</dt>
          <dd>{card.imageUrl ? 'Sent with the card' : 'None'}</dd>
        </dl>
      </div>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          dismissSubmitted();
          document.getElementById(CARD_FIELD_IDS.firstName)?.focus();
        }}
      >
        Set up another
      </button>
    </div>
  );
}
