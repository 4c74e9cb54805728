// Held and scheduled changes in the Outbox, one row per rollout: what it waits for (the first
// line checked on a phone, or its time, shown in this computer's zone with the zone named),
// its counts, when its last line should go within Linq's limits, and its choices: Send the
// rest / Cancel the rest, or Send now / Cancel. Held items are not in the tables below: each
// row's "Show the N lines" lists its lines, held ones included (RolloutLines).
import { useLayoutEffect, useRef } from 'react';
import type { RolloutSummary } from '../../../../shared/rollout.schema.ts';
import { focusIsLost, useFocusRescue } from '../../lib/focus-rescue.ts';
import {
  expectedLastText,
  listedRollouts,
  rolloutActions,
  rolloutCountsText,
  rolloutStateText,
} from '../../lib/rollout-text.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { useMainState } from '../../store/main-state.ts';
import { useRolloutLines } from '../../store/rollout-lines.ts';
import { decideRollout, dismissRolloutError, useRolloutUi } from '../../store/rollouts.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { RolloutLines } from './RolloutLines.tsx';

function RolloutRow({ rollout }: { rollout: RolloutSummary }) {
  const busy = useRolloutUi((state) => state.busy[rollout.id]);
  const formatE164 = usePhoneFormatter();
  // A single change is labelled by its number: shown as numbers are everywhere else.
  const label = rollout.importId === null ? formatE164(rollout.label) : rollout.label;
  const expected = expectedLastText(rollout);
  const titleId = `rollout-${rollout.id}-title`;
  const actions = rolloutActions(rollout);
  // A row that goes (released, cancelled) takes focus to the screen's heading; one that stays,
  // its lines open, loses only its buttons: focus moves from them to its lines' button.
  const rowRef = useFocusRescue<HTMLLIElement>();
  const hadActions = useRef(actions.length > 0);
  useLayoutEffect(() => {
    const lost = hadActions.current && actions.length === 0 && focusIsLost();
    hadActions.current = actions.length > 0;
    if (lost) rowRef.current?.querySelector<HTMLElement>('.rollout-lines-toggle')?.focus();
  }, [actions.length, rowRef]);
  return (
    <li ref={rowRef} className="rollout" aria-labelledby={titleId} data-state={rollout.state}>
      <div className="rollout-body">
        <h4 className="rollout-title" id={titleId}>
          {label} <span className="rollout-id muted">rollout #{rollout.id}</span>
        </h4>
        <p className="rollout-state">{rolloutStateText(rollout, undefined, formatE164)}</p>
        <p className="rollout-counts muted">
          {rolloutCountsText(rollout)}
          {expected ? ` · ${expected}` : ''}
        </p>
      </div>
      <div className="rollout-actions">
        {actions.map(({ action, label }, index) => (
          <button
            key={action}
            type="button"
            className={`button button-small ${
              action === 'cancel'
                ? 'button-danger-quiet'
                : index === 0
                  ? 'button-primary'
                  : 'button-secondary'
            }`}
            aria-disabled={busy ? 'true' : undefined}
            aria-describedby={titleId}
            onClick={() => {
              if (!busy) void decideRollout(rollout.id, action);
            }}
          >
            {busy === action ? `${label}…` : label}
          </button>
        ))}
      </div>
      <RolloutLines rollout={rollout} label={label} describedBy={titleId} />
    </li>
  );
}

export function RolloutList() {
  const rollouts = useMainState((state) => state.outbox?.rollouts);
  const opened = useRolloutLines((state) => state.opened);
  const error = useRolloutUi((state) => state.error);
  const open = listedRollouts(rollouts ?? [], opened);
  if (open.length === 0 && !error) return null;
  return (
    <>
      <h3 className="section-title">Held and scheduled</h3>
      {error ? <ErrorAlert error={error.error} onDismiss={dismissRolloutError} /> : null}
      <ul className="rollout-list panel" aria-label="Held and scheduled changes">
        {open.map((rollout) => (
          <RolloutRow key={rollout.id} rollout={rollout} />
        ))}
      </ul>
    </>
  );
}
