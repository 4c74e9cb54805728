// "How to send" on the Confirm step: one line first (the rest wait in the Outbox until the
// user has checked it on a phone), and now or at a chosen time in this computer's time zone.
import { useId } from 'react';
import { localTimeZone } from '../../../lib/rollout-text.ts';
import { useNow } from '../../../lib/time.ts';
import { ErrorIcon } from '../../../components/Icons.tsx';
import { setRolloutChoice, useImportFlow } from '../store/import-flow.ts';
import { localInputValue, scheduleProblem } from '../plan/rollout-choice.ts';

export function SendOptions() {
  const choice = useImportFlow((state) => state.rollout);
  const now = useNow(30_000);
  const id = useId();
  const zone = localTimeZone();
  // Said once a time is typed (an empty field is said on Import, not while choosing).
  const problem =
    choice.when === 'at' && choice.sendAt !== '' ? scheduleProblem(choice.sendAt, now) : null;
  return (
    <fieldset className="send-options">
      <legend className="section-title">How to send</legend>
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
      <fieldset className="send-when">
        <legend className="field-label">When</legend>
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
        {problem ? (
          <p id={`${id}-at-error`} className="field-error" role="alert">
            <ErrorIcon />
            <span>{problem}</span>
          </p>
        ) : null}
      </fieldset>
    </fieldset>
  );
}
