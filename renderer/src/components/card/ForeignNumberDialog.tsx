// Asked once before a card is submitted for a number that is not one of the account's lines:
// allowed (Linq decides), but most often a typo in the number.
import { Modal } from '../Modal.tsx';

interface ForeignNumberDialogProps {
  number: string;
  action: 'setup' | 'update';
  onConfirm: () => void;
  onCancel: () => void;
}

export function ForeignNumberDialog({
  number,
  action,
  onConfirm,
  onCancel,
}: ForeignNumberDialogProps) {
  const verb = action === 'update' ? 'Update' : 'Set up';
  return (
    <Modal labelledBy="foreign-title" describedBy="foreign-text" onClose={onCancel}>
      <h2 id="foreign-title" className="modal-title">
        Not one of your lines
      </h2>
      <p id="foreign-text" className="modal-text">
        {number} is not one of your account&apos;s lines. {verb} its card anyway?
      </p>
      <div className="modal-actions">
        <button type="button" className="button button-quiet" onClick={onCancel} autoFocus>
          Check the number
        </button>
        <button type="button" className="button button-primary" onClick={onConfirm}>
          {verb} anyway
        </button>
      </div>
    </Modal>
  );
}
