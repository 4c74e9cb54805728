// Decisions that arrive while the user is doing something else (a card sent from the outbox
// met a card already at Linq) are told here, at the top of the screen, without taking focus
// or the user's typing: "+1 303 555 0101 already has a card at Linq. Review". The dialog
// opens only from Review. Not on the Outbox (its rows say it), and on the New card screen not
// for the submission its side panel follows (that panel says it).
import { useMemo } from 'react';
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import { decisionNoticeText } from '../../lib/outbox-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { useFocusRescue } from '../../lib/focus-rescue.ts';
import { useCardForm } from '../../store/card-form.ts';
import { useMainState } from '../../store/main-state.ts';
import { postponeDecisions, useOutboxUi } from '../../store/outbox.ts';
import { navigate, useView } from '../../store/view.ts';
import { WarningIcon } from '../Icons.tsx';
import { ReviewDecisionButton } from './ReviewDecisionButton.tsx';

function useNoticed(): OutboxItem[] {
  const items = useMainState((state) => state.outbox?.items);
  const view = useView((state) => state.view);
  const followed = useCardForm((state) => state.submitted?.id ?? null);
  const postponed = useOutboxUi((state) => state.postponed);
  return useMemo(() => {
    if (view === 'outbox') return [];
    return (items ?? []).filter(
      (item) =>
        item.state === 'needs-decision' &&
        item.combinedInto === null &&
        !postponed.includes(item.id) &&
        !(view === 'card' && item.id === followed),
    );
  }, [items, view, followed, postponed]);
}

function Notice({ items }: { items: OutboxItem[] }) {
  const ref = useFocusRescue<HTMLDivElement>();
  const formatE164 = usePhoneFormatter();
  const only = items.length === 1 ? items[0] : undefined;
  return (
    <div ref={ref} className="alert alert-warning decision-notice">
      <WarningIcon />
      <div className="notice-bar-body">
        <p className="alert-message">
          {only
            ? decisionNoticeText(only, formatE164(only.phoneNumber))
            : `${items.length} cards need your decision.`}{' '}
          <span className="muted">
            {only ? 'It waits' : 'They wait'} in the Outbox until you decide.
          </span>
        </p>
        <div className="notice-bar-actions">
          {only ? (
            <ReviewDecisionButton itemId={only.id} phoneNumber={only.phoneNumber} small />
          ) : (
            <button
              type="button"
              className="button button-primary button-small"
              onClick={() => navigate('outbox')}
            >
              Open the Outbox
            </button>
          )}
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => postponeDecisions(items.map((item) => item.id))}
          >
            Later
          </button>
        </div>
      </div>
    </div>
  );
}

export function DecisionNotice() {
  const items = useNoticed();
  // The region is always there, so a notice that appears in it is announced (politely: the
  // user may be typing).
  return (
    <div className="decision-notice-region" role="status" aria-label="Decisions waiting">
      {items.length > 0 ? <Notice items={items} /> : null}
    </div>
  );
}
