// The New card screen: the form, how the last submission is doing, and a preview.
import { useCardForm } from '../../store/cardForm.ts';
import { useMainState } from '../../store/mainState.ts';
import { ViewHeading } from '../ViewHeading.tsx';
import { CardForm } from './CardForm.tsx';
import { CardPreview } from './CardPreview.tsx';
import { KeyNeededNotice } from './KeyNeededNotice.tsx';
import { SubmissionPanel } from './SubmissionPanel.tsx';

export function CardView() {
  const country = useMainState((state) => state.settings?.defaultCountry ?? 'US');
  const submitted = useCardForm((state) => state.submitted);
  return (
    <section className="view-section" aria-labelledby="card-view-title">
      <div className="view-head">
        <ViewHeading id="card-view-title">New contact card</ViewHeading>
        <p className="view-lead">
          Set the name and photo people see when this phone line messages them in iMessage.
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
