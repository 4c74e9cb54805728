// Confirms a restore: the card Linq shows now beside the card after the restore, the fields
// that change marked, and what happens to the photo. Only the differing fields are sent, as
// one update through the outbox, now or at a chosen time ("When to restore"); nothing is sent
// until "Restore" is chosen.
import type { RestorePlan } from '../../../../shared/versions.schema.ts';
import { fullName } from '../../lib/names.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import {
  RESTORE_FIELD_LABELS,
  restoreButtonLabel,
  restoreComparedNote,
  restoreImageNote,
} from '../../lib/restore-text.ts';
import { absoluteTime } from '../../lib/time.ts';
import { closeRestore, confirmRestore, setRestoreChoice, useRestore } from '../../store/restore.ts';
import { CardComparison, type ComparisonRow } from '../CardComparison.tsx';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { ErrorIcon, InfoIcon, Spinner } from '../Icons.tsx';
import { Modal } from '../Modal.tsx';
import { SendOptions } from '../rollout/SendOptions.tsx';

const FIELDS = ['firstName', 'lastName', 'image'] as const;

function rows(plan: RestorePlan): ComparisonRow[] {
  const now = {
    firstName: plan.current?.firstName ?? null,
    lastName: plan.current?.lastName ?? null,
    image: plan.current?.imageUrl ?? null,
  };
  return FIELDS.map((field) => {
    const change = plan.changes.find((c) => c.field === field);
    const dropped = field === 'image' && plan.image === 'unavailable';
    return {
      label: RESTORE_FIELD_LABELS[field],
      now: now[field],
      next: change && !dropped ? change.to : undefined,
      changes: change !== undefined && !dropped,
    };
  });
}

export function RestoreDialog() {
  const version = useRestore((state) => state.version);
  const plan = useRestore((state) => state.plan);
  const busy = useRestore((state) => state.busy);
  const error = useRestore((state) => state.error);
  const choice = useRestore((state) => state.choice);
  const choiceError = useRestore((state) => state.choiceError);
  const formatE164 = usePhoneFormatter();
  if (!version) return null;
  const when = absoluteTime(version.confirmedAt);
  const name = fullName(version.firstName, version.lastName);
  const imageNote = plan ? restoreImageNote(plan) : null;
  const comparedNote = plan ? restoreComparedNote(plan) : null;
  const canSend = plan !== null && !plan.sameAsNow && busy === null;
  return (
    <Modal
      labelledBy="restore-title"
      describedBy="restore-intro"
      onClose={closeRestore}
      className="modal-wide restore-dialog"
    >
      <h2 id="restore-title" className="modal-title">
        Restore the card for {formatE164(version.phoneNumber)} to {when}?
      </h2>
      <p id="restore-intro" className="modal-text">
        {name ? `The version “${name}”` : 'This version'} goes back to Linq: only the fields that
        differ from the card Linq shows now are sent, as one change through the Outbox.
      </p>
      {busy === 'planning' ? (
        <p className="restore-checking" role="status">
          <Spinner /> Reading the card Linq shows now…
        </p>
      ) : null}
      {plan ? (
        <>
          <CardComparison
            rows={rows(plan)}
            known={plan.current !== null}
            caption="The card Linq shows now and after the restore"
            nowHeading="At Linq now"
            nextHeading="After the restore"
          />
          {plan.sameAsNow ? (
            <p className="alert alert-info" role="status">
              <InfoIcon />
              <span>This version is what Linq shows now: there is nothing to restore.</span>
            </p>
          ) : null}
          {imageNote ? (
            <p className={plan.image === 'unavailable' ? 'alert alert-warning' : 'note'}>
              <InfoIcon />
              <span>{imageNote}</span>
            </p>
          ) : null}
          {comparedNote ? (
            <p className="note">
              <InfoIcon />
              <span>{comparedNote}</span>
            </p>
          ) : null}
          {plan.sameAsNow ? null : (
            <SendOptions
              choice={choice}
              onChange={setRestoreChoice}
              offerFirstLine={false}
              title="When to restore"
            />
          )}
        </>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      {choiceError ? (
        <p className="field-error" role="alert">
          <ErrorIcon />
          <span>{choiceError}</span>
        </p>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="button button-quiet" onClick={closeRestore} autoFocus>
          {plan?.sameAsNow ? 'Close' : 'Cancel'}
        </button>
        {plan && !plan.sameAsNow ? (
          <button
            type="button"
            className="button button-primary"
            aria-disabled={!canSend}
            onClick={() => void confirmRestore()}
          >
            {busy === 'sending' ? (
              <>
                <Spinner /> Restoring…
              </>
            ) : (
              restoreButtonLabel(plan, choice.when === 'at')
            )}
          </button>
        ) : null}
      </div>
    </Modal>
  );
}
