// The New card screen: the form, the outcome of the last attempt, and a preview.
import { useCardForm } from '../../store/cardForm.ts';
import { useMainState } from '../../store/mainState.ts';
import { ViewHeading } from '../ViewHeading.tsx';
import { CardForm } from './CardForm.tsx';
import { CardOutcomePanel } from './CardOutcomePanel.tsx';
import { CardPreview } from './CardPreview.tsx';
import { ConflictDialog } from './ConflictDialog.tsx';
import { KeyNeededNotice } from './KeyNeededNotice.tsx';

export function CardView() {
  const country = useMainState((state) => state.settings?.defaultCountry ?? 'US');
  const outcome = useCardForm((state) => state.outcome);
  const conflict = useCardForm((state) => state.conflict);
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
            {outcome ? <CardOutcomePanel outcome={outcome} /> : null}
          </div>
          <CardPreview country={country} />
        </div>
      </div>
      {conflict ? <ConflictDialog conflict={conflict} /> : null}
    </section>
  );
}
