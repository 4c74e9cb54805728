// The card screen: the form, how the last submission is doing, and the iPhone preview. Its
// title says whether a new card is being set up or which line's card is being edited.
import type { CountryCode } from '../../../../shared/phone.ts';
import { usePhoneFormatter, usePhoneRules } from '../../lib/phone-rules.ts';
import { useCardForm } from '../../store/card-form.ts';
import { useMainState } from '../../store/main-state.ts';
import { ViewHeading } from '../ViewHeading.tsx';
import { CardForm } from './CardForm.tsx';
import { CardPreview } from './CardPreview.tsx';
import { KeyNeededNotice } from './KeyNeededNotice.tsx';
import { SubmissionPanel } from './SubmissionPanel.tsx';

/** "Edit card for +1 303 555 0101" while the form edits that line's card, else the default. */
function useTitle(country: CountryCode): string {
  const editing = useCardForm((state) => state.editing);
  const phone = useCardForm((state) => state.values.phone);
  const rules = usePhoneRules();
  const format = usePhoneFormatter();
  if (!editing) return 'New contact card';
  const check = rules?.checkPhone(phone, country);
  const typed = check?.ok ? check.e164 : null;
  if (editing.id !== null) {
    return typed ? `Edit the refused card for ${format(typed)}` : 'Edit the refused card';
  }
  const base = editing.base;
  // Another number typed over the edited one makes it a new card of that number.
  if (!base || (typed !== null && typed !== base.phoneNumber)) return 'New contact card';
  return `Edit card for ${format(base.phoneNumber)}`;
}

export function CardView() {
  const country = useMainState((state) => state.settings?.defaultCountry ?? 'US');
  const submitted = useCardForm((state) => state.submitted);
  const title = useTitle(country);
  return (
    <section className="view-section card-view" aria-labelledby="card-view-title">
      <div className="view-head">
        <ViewHeading id="card-view-title">{title}</ViewHeading>
        <p className="view-lead">
          The name and photo people see when this phone line messages them in iMessage.
        </p>
      </div>
      <KeyNeededNotice />
      <div className="card-layout">
        <div className="panel">
          <CardForm country={country} />
        </div>
        <div className="card-aside">
          <div className="outcome-region" role="status" aria-live="polite">
            {submitted ? <SubmissionPanel submitted={submitted} /> : null}
          </div>
          <CardPreview country={country} />
        </div>
      </div>
    </section>
  );
}
