// "How to send": one line first (the rest wait in the Outbox until the user has checked it on
// a phone), and now or at a chosen time in this computer's time zone. Controlled: Import's
// Confirm step, the undo's confirmation and the card form each keep the choice in their store.
import { useId } from 'react';
import { localTimeZone } from '../../lib/rollout-text.ts';
import { useNow } from '../../lib/time.ts';
import { FieldAlert } from '../FieldAlert.tsx';
import { localInputValue, scheduleProblem, type RolloutChoice } from '../../lib/rollout-choice.ts';

export interface SendOptionsProps {
  choice: RolloutChoice;
  onChange: (change: Partial<RolloutChoice>) => void;
  /** Offer "Send to one line first" (a batch); a single change has only the one line. */
  offerFirstLine: boolean;
  /** What the first line is called for this batch ("The first line", "The first card"). */
  title?: string;
  /**
   * Why the last attempt to send was refused for its time, an empty field included; said under
   * the field until the choice changes. Without it a problem shows only once a time is typed.
   */
  refusal?: string | null;
}

export function SendOptions({
  choice,
  onChange: setRolloutChoice,
  offerFirstLine,
  title = 'How to send',
  refusal = null,
}: SendOptionsProps) {
  const now = useNow(30_000);
  const id = useId();
  const zone = localTimeZone();
  // Said once a time is typed (an empty field is said on Import, not while choosing).
  const problem =
    refusal ??
    (choice.when === 'at' && choice.sendAt !== '' ? scheduleProblem(choice.sendAt, now) : null);
  return (
    <fieldset className="send-options">
      <legend className="section-title">{title}</legend>
      {offerFirstLine ? (
        <div className="send-option">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={choice.firstLineFirst}
              aria-describedby={`${id}-first-help`}
              onChange={(event) => setRolloutChoice({ firstLineFirst: event.target.checked })}
            />
            Send to one line first
          </label>
          <p id={`${id}-first-help`} className="muted small">
            The first line is sent; the rest wait in the Outbox until you have checked it on a phone
            and chosen “Send the rest” or “Cancel the rest” there.
          </p>
        </div>
      ) : null}
      <fieldset className="send-when">
        {/* Alone under the title (no first line to offer), "When" would say it twice. */}
        <legend className={offerFirstLine ? 'field-label' : 'visually-hidden'}>When</legend>
        <label className="checkbox">
          <input
            type="radio"
            name={`${id}-when`}
            checked={choice.when === 'now'}
            onChange={() => setRolloutChoice({ when: 'now' })}
          />
          Now
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name={`${id}-when`}
            checked={choice.when === 'at'}
            onChange={() => setRolloutChoice({ when: 'at' })}
          />
          At a chosen time
        </label>
        {choice.when === 'at' ? (
          <div className="send-at">
            <label htmlFor={`${id}-at`} className="visually-hidden">
              Send at
            </label>
            <input
              id={`${id}-at`}
              type="datetime-local"
              className="input input-compact"
              min={localInputValue(now)}
              value={choice.sendAt}
              aria-invalid={problem !== null}
              aria-describedby={`${id}-zone${problem ? ` ${id}-at-error` : ''}`}
              onChange={(event) => setRolloutChoice({ sendAt: event.target.value })}
            />
            <span id={`${id}-zone`} className="muted small">
              {zone} time
            </span>
          </div>
        ) : null}
        {problem ? <FieldAlert id={`${id}-at-error`}>{problem}</FieldAlert> : null}
      </fieldset>
    </fieldset>
  );
}
