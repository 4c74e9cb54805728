// Cancelling is final for that submission (it stays in the record), so it is confirmed first.
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { cancelItem, closeCancel, findItem, useOutboxUi } from '../../store/outbox.ts';
import { useMainState } from '../../store/main-state.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { Spinner } from '../Icons.tsx';
import { Modal } from '../Modal.tsx';

export function CancelDialog() {
  const id = useOutboxUi((state) => state.confirmCancel);
  const busy = useOutboxUi((state) => (id === null ? undefined : state.busy[id]));
  const error = useOutboxUi((state) => (state.error?.id === id ? state.error.error : null));
  const outbox = useMainState((state) => state.outbox); // re-render as the item changes
  const formatE164 = usePhoneFormatter();
  const item = findItem(id);
  if (id === null || !item) return null;
  const inDoubt = item.state === 'in-doubt';
  // Changes combined into this one's request are not cancelled with it: they go on their own.
  const carried = (outbox?.items ?? [])
    .filter((other) => other.combinedInto === item.id)
    .map((other) => `#${other.id}`);
  return (
    <Modal labelledBy="cancel-title" describedBy="cancel-text" onClose={closeCancel}>
      <h2 id="cancel-title" className="modal-title">
        Cancel the card for {formatE164(item.phoneNumber)}?
      </h2>
      <p id="cancel-text" className="modal-text">
        {inDoubt
          ? 'Linq may already have applied it: the answer was lost. Cancelling stops the app from checking and sending it again; the card at Linq stays as it is.'
          : 'It will not be sent. It stays in the outbox and the history as cancelled.'}
        {carried.length > 0
          ? ` The ${carried.length === 1 ? 'change' : 'changes'} combined with it (${carried.join(', ')}) ${carried.length === 1 ? 'is' : 'are'} sent on ${carried.length === 1 ? 'its' : 'their'} own.`
          : item.combinedInto !== null
            ? ` The other changes combined with #${item.combinedInto} are still sent.`
            : ''}
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      <div className="modal-actions">
        <button type="button" className="button button-quiet" onClick={closeCancel} autoFocus>
          Keep it
        </button>
        <button
          type="button"
          className="button button-danger"
          aria-disabled={busy !== undefined}
          onClick={() => void cancelItem(id)}
        >
          {busy === 'cancel' ? (
            <>
              <Spinner /> Cancelling…
            </>
          ) : (
            'Yes, cancel it'
          )}
        </button>
      </div>
    </Modal>
  );
}
