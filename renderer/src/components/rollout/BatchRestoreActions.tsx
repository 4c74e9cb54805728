// The foot of a batch restore's confirmation (an undo of an import, a restore of lines): "How
// to send" when anything goes back, the sentence saying when, a time refused, and Cancel with
// the button that says what pressing it does.
import { undoButtonText, undoWhenText } from '../../lib/batch-restore-text.ts';
import type { RolloutChoice } from '../../lib/rollout-choice.ts';
import { FieldAlert } from '../FieldAlert.tsx';
import { Spinner } from '../Icons.tsx';
import { SendOptions } from './SendOptions.tsx';

export interface BatchRestoreActionsProps {
  /** Cards that would go back; 0 before the plan has come (see `planned`). */
  sending: number;
  planned: boolean;
  verb: 'Undo' | 'Restore';
  /** The legend of "How to send" ("How to send the undo"). */
  title: string;
  rollout: RolloutChoice;
  onRolloutChange: (change: Partial<RolloutChoice>) => void;
  /** Why the chosen time could not be used, said under the choice. */
  problem: string | null;
  starting: boolean;
  /** Pressing the button does nothing (no plan yet, lines to wait for, already starting). */
  disabled: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** Focus Cancel first (a dialog with nothing to type before it). */
  cancelFirst?: boolean;
}

export function BatchRestoreActions(props: BatchRestoreActionsProps) {
  const { sending, rollout, problem, starting, disabled } = props;
  const when = undoWhenText(sending, rollout);
  return (
    <>
      {sending > 0 ? (
        <SendOptions
          choice={rollout}
          onChange={props.onRolloutChange}
          offerFirstLine
          title={props.title}
        />
      ) : null}
      {when ? (
        <p className="undo-when" role="status">
          {when}
        </p>
      ) : null}
      {problem ? <FieldAlert>{problem}</FieldAlert> : null}
      <div className="modal-actions">
        <button
          type="button"
          className="button button-quiet"
          onClick={props.onCancel}
          autoFocus={props.cancelFirst}
        >
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          aria-disabled={disabled}
          onClick={() => {
            if (!disabled) props.onConfirm();
          }}
        >
          {starting ? <Spinner /> : null}
          {props.planned ? undoButtonText(sending, rollout, props.verb) : props.verb}
        </button>
      </div>
    </>
  );
}
