// The one way the decision dialog opens: the user's own click on Review. The dialog gives
// focus back to this button when it closes; if the button is gone by then (the decision was
// made and its item moved on), focus goes to the screen's heading, not to the page's body.
import { useFocusRescue } from '../../lib/focus-rescue.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { openDecision } from '../../store/outbox.ts';

export function ReviewDecisionButton({
  itemId,
  phoneNumber,
  small = false,
}: {
  itemId: number;
  phoneNumber: string;
  small?: boolean;
}) {
  const ref = useFocusRescue<HTMLButtonElement>();
  const number = usePhoneFormatter()(phoneNumber);
  return (
    <button
      ref={ref}
      type="button"
      className={`button button-primary${small ? ' button-small' : ''}`}
      aria-label={`Review the card for ${number}`}
      onClick={() => openDecision(itemId)}
    >
      Review
    </button>
  );
}
