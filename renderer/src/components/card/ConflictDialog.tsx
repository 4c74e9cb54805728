// The number already has a card: show it next to the new details and offer to update it,
// sending only the fields that differ.
import type { Card, CardSetup, CardUpdate } from '../../../../shared/card.ts';
import { usePhoneFormatter } from '../../lib/phoneRules.ts';
import {
  closeConflict,
  loadExistingCard,
  pendingUpdate,
  sendUpdate,
  useCardForm,
  type Conflict,
} from '../../store/cardForm.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { InfoIcon, Spinner } from '../Icons.tsx';
import { Modal } from '../Modal.tsx';

interface Row {
  label: string;
  now: string | null;
  /** undefined: the field is not sent, so the card keeps what it has. */
  next: string | null | undefined;
  changes: boolean;
}

function rows(existing: Card | null, wanted: CardSetup, update: CardUpdate | null): Row[] {
  return [
    {
      label: 'First name',
      now: existing?.firstName ?? null,
      next: wanted.firstName,
      changes: update?.firstName !== undefined,
    },
    {
      label: 'Last name',
      now: existing?.lastName ?? null,
      next: wanted.lastName ?? null,
      changes: update?.lastName !== undefined,
    },
    {
      label: 'Image URL',
      now: existing?.imageUrl ?? null,
      // No address in the form keeps the card's photo (an update only sends what changes).
      next: wanted.imageUrl,
      changes: update?.imageUrl !== undefined,
    },
  ];
}

function Value({ text }: { text: string | null | undefined }) {
  if (text === undefined) return <span className="muted">Kept as it is</span>;
  if (text === null || text === '') return <span className="muted">None</span>;
  return (
    <span className="compare-value" title={text}>
      {text}
    </span>
  );
}

function Comparison({ conflict, update }: { conflict: Conflict; update: CardUpdate | null }) {
  const existing = conflict.existing.status === 'loaded' ? conflict.existing.card : null;
  const known = conflict.existing.status === 'loaded' && existing !== null;
  return (
    <table className="compare">
      <caption className="visually-hidden">The existing card and your new details</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">On the card now</th>
          <th scope="col">Your new details</th>
        </tr>
      </thead>
      <tbody>
        {rows(existing, conflict.wanted, update).map((row) => (
          <tr key={row.label} className={row.changes ? 'compare-changed' : undefined}>
            <th scope="row">{row.label}</th>
            <td>{known ? <Value text={row.now} /> : <span className="muted">Unknown</span>}</td>
            <td>
              <Value text={row.next} />
              {row.changes ? <span className="badge badge-accent">Changes</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ExistingState({ conflict }: { conflict: Conflict }) {
  const existing = conflict.existing;
  if (existing.status === 'loading') {
    return (
      <p className="note" role="status">
        <Spinner /> Loading the existing card from Linq…
      </p>
    );
  }
  if (existing.status === 'failed') {
    return (
      <>
        <ErrorAlert error={existing.error} title="The existing card could not be loaded" />
        <div className="inline-actions">
          <button type="button" className="button button-secondary" onClick={loadExistingCard}>
            Load it again
          </button>
          <span className="muted">You can still update it: all your new details will be sent.</span>
        </div>
      </>
    );
  }
  if (existing.card === null) {
    return (
      <p className="note">
        <InfoIcon /> Linq did not return the existing card, so all your new details will be sent.
      </p>
    );
  }
  return (
    <p className="note">
      <InfoIcon />
      {existing.card.isActive
        ? 'The existing card is active on the device.'
        : 'The existing card is not yet active on the device.'}
    </p>
  );
}

export function ConflictDialog({ conflict }: { conflict: Conflict }) {
  const formatE164 = usePhoneFormatter();
  const busy = useCardForm((state) => state.busy);
  const number = formatE164(conflict.wanted.phoneNumber);
  const loading = conflict.existing.status === 'loading';
  const update = loading ? null : pendingUpdate(conflict);
  const nothingToDo = !loading && update === null;

  return (
    <Modal
      labelledBy="conflict-title"
      describedBy="conflict-intro"
      onClose={closeConflict}
      className="modal-wide"
    >
      <h2 id="conflict-title" className="modal-title">
        {number} already has a contact card
      </h2>
      <p id="conflict-intro" className="modal-text">
        Linq keeps one card per number. You can update the existing card with your new details; only
        the fields that differ are sent.
      </p>
      <ExistingState conflict={conflict} />
      <Comparison conflict={conflict} update={update} />
      {nothingToDo ? (
        <p className="alert alert-info" role="status">
          <InfoIcon />
          <span>The existing card already has these details. There is nothing to update.</span>
        </p>
      ) : null}
      <div className="modal-actions">
        <button
          type="button"
          className="button button-quiet"
          aria-disabled={busy !== null}
          onClick={closeConflict}
        >
          {nothingToDo ? 'Close' : 'Cancel'}
        </button>
        {nothingToDo ? null : (
          <button
            type="button"
            className="button button-primary"
            aria-disabled={busy !== null || update === null}
            onClick={() => {
              if (update && busy === null) void sendUpdate(update);
            }}
          >
            {busy === 'update' ? (
              <>
                <Spinner /> Updating…
              </>
            ) : (
              'Update the existing card'
            )}
          </button>
        )}
      </div>
    </Modal>
  );
}
