import { Modal } from '../Modal.tsx';

export function RemoveKeyDialog({
  onConfirm,
  onCancel,
}: {
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal labelledBy="remove-key-title" describedBy="remove-key-text" onClose={onCancel}>
      <h2 id="remove-key-title" className="modal-title">
        Remove the API key?
      </h2>
      <p id="remove-key-text" className="modal-text">
        The key is deleted from this computer’s keychain and no cards can be set up until a key is
        added again. The key itself stays valid at Linq.
      </p>
      <div className="modal-actions">
        <button type="button" className="button button-quiet" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm}>
          Yes, remove the key
        </button>
      </div>
    </Modal>
  );
}
