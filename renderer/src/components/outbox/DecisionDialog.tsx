// The app will not guess: the number already has a card, or Linq shows something other than
// was sent. Both versions side by side, and the user chooses. An update sends only the fields
// that differ from the card Linq has.
import type { Card } from '../../../../shared/card.schema.ts';
import { updateInsteadFields } from '../../../../shared/outbox.rules.ts';
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { useMainState } from '../../store/main-state.ts';
import { closeDecision, decide, findItem, useOutboxUi } from '../../store/outbox.ts';
import { CardComparison, type ComparisonRow } from '../CardComparison.tsx';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { InfoIcon, Spinner } from '../Icons.tsx';
import { Modal } from '../Modal.tsx';

/** A photo not uploaded yet, which becomes the card's image when it is sent. */
const PHOTO_TO_UPLOAD = 'Your photo (uploaded when the card is sent)';

function rows(item: OutboxItem, server: Card | null): ComparisonRow[] {
  const setup = item.action === 'setup';
  const update = setup ? updateInsteadFields(item, server) : null;
  const changes = (field: 'firstName' | 'lastName' | 'imageUrl') =>
    setup ? update?.[field] !== undefined : item.fields[field] !== undefined;
  const photoToUpload = setup && update?.photo !== undefined;
  return [
    {
      label: 'First name',
      now: server?.firstName ?? null,
      next: item.fields.firstName,
      changes: changes('firstName'),
    },
    {
      label: 'Last name',
      now: server?.lastName ?? null,
      next: setup ? (item.fields.lastName ?? null) : item.fields.lastName,
      changes: changes('lastName'),
    },
    {
      label: 'Image URL',
      now: server?.imageUrl ?? null,
      next: photoToUpload ? PHOTO_TO_UPLOAD : item.fields.imageUrl,
      changes: photoToUpload || changes('imageUrl'),
    },
  ];
}

function Comparison({ item }: { item: OutboxItem }) {
  const server = item.decision?.serverCard ?? null;
  return (
    <CardComparison
      rows={rows(item, server)}
      known={server !== null}
      caption="The card at Linq and your submission"
      nowHeading="At Linq now"
      nextHeading="Your submission"
    />
  );
}

function intro(item: OutboxItem): string {
  if (item.decision?.reason === 'not-active') {
    return 'Linq keeps this card not active after several tries: it stored the card, but the phone line does not show it yet. Try again, and the app applies it again up to three more times (within Linq’s limit of 3 changes per 10 minutes), or leave it as it is at Linq.';
  }
  if (item.decision?.reason === 'card-exists') {
    return 'Linq keeps one card per number. You can update the existing card with your details; only the fields that differ are sent.';
  }
  if (item.decision?.serverCard === null) {
    return 'The answer to your update was lost, and Linq now has no card for this number. Nothing more will be sent unless you set the card up again.';
  }
  return 'The answer from Linq was lost, and the card at Linq now shows something other than what was sent. Choose which version to keep.';
}

export function DecisionDialog() {
  const id = useOutboxUi((state) => state.decisionFor);
  const busy = useOutboxUi((state) => (id === null ? undefined : state.busy[id]));
  const error = useOutboxUi((state) => (state.error?.id === id ? state.error.error : null));
  useMainState((state) => state.outbox); // re-render as the item changes
  const formatE164 = usePhoneFormatter();
  const item = findItem(id);
  if (id === null || !item || item.state !== 'needs-decision' || !item.decision) return null;

  const server = item.decision.serverCard;
  const setup = item.action === 'setup';
  const notActive = item.decision.reason === 'not-active';
  const nothingToUpdate =
    !notActive && setup && server !== null && updateInsteadFields(item, server) === null;
  // The answer that goes ahead: try a card Linq keeps not active again, update the card that
  // exists, or send an update again over what Linq shows.
  const primary: { decision: Parameters<typeof decide>[1]; label: string } | null = notActive
    ? { decision: 'send-again', label: 'Try again' }
    : setup
      ? {
          decision: 'update-instead',
          label: nothingToUpdate ? 'Mark as done' : 'Update the existing card',
        }
      : server
        ? { decision: 'send-again', label: 'Send my update again' }
        : null;
  const working = busy !== undefined;

  return (
    <Modal
      labelledBy="decision-title"
      describedBy="decision-intro"
      onClose={closeDecision}
      className="modal-wide"
    >
      <h2 id="decision-title" className="modal-title">
        {item.decision.reason === 'card-exists'
          ? `${formatE164(item.phoneNumber)} already has a contact card`
          : item.decision.reason === 'not-active'
            ? `The card for ${formatE164(item.phoneNumber)} is still not active`
            : `Check the card for ${formatE164(item.phoneNumber)}`}
      </h2>
      <p id="decision-intro" className="modal-text">
        {intro(item)}
      </p>
      {server ? (
        <p className="note">
          <InfoIcon />
          {server.isActive
            ? 'The card at Linq is active on the device.'
            : 'The card at Linq is not yet active on the device.'}
        </p>
      ) : null}
      <Comparison item={item} />
      {nothingToUpdate ? (
        <p className="alert alert-info" role="status">
          <InfoIcon />
          <span>The card at Linq already has these details. There is nothing to update.</span>
        </p>
      ) : null}
      {error ? <ErrorAlert error={error} /> : null}
      <div className="modal-actions">
        <button type="button" className="button button-quiet" onClick={closeDecision}>
          Decide later
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-disabled={working}
          onClick={() => void decide(id, 'keep-server')}
        >
          {notActive ? 'Leave it as it is' : server ? 'Keep the card at Linq' : 'Send nothing'}
        </button>
        {primary ? (
          <button
            type="button"
            className="button button-primary"
            aria-disabled={working}
            onClick={() => void decide(id, primary.decision)}
          >
            {busy === 'decide' ? <Spinner /> : null}
            {primary.label}
          </button>
        ) : null}
      </div>
    </Modal>
  );
}
