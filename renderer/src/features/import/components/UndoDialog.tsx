// The confirmation of "Undo this import": what goes back, what cannot (Linq has no DELETE),
// the cards changed again since, each with a checkbox (left alone unless ticked), and how to
// send it (one line first, a chosen time), as Import offers.
import type { ChangedSinceRow, UndoPlan } from '../../../../../shared/undo.schema.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Spinner } from '../../../components/Icons.tsx';
import { Modal } from '../../../components/Modal.tsx';
import { BatchRestoreActions } from '../../../components/rollout/BatchRestoreActions.tsx';
import { useNumberText } from '../plan/plan-text.ts';
import { cards } from '../../../lib/batch-restore-text.ts';
import { useEffect } from 'react';
import { useMainState } from '../../../store/main-state.ts';
import {
  closeUndo,
  confirmUndo,
  refreshUndoPlan,
  setUndoRolloutChoice,
  showUndo,
  toggleInclude,
  useImportUndo,
} from '../store/import-undo.ts';

const count = new Intl.NumberFormat('en-US');
/** Lines listed with a checkbox; the rest stay as they are (a rebrand has dozens, not 50,000). */
const LISTED = 500;

const BY_WORDS: Record<ChangedSinceRow['by'], string> = {
  submission: 'changed here since',
  import: 'changed by a later import',
  linq: 'changed at Linq since',
  pending: 'a newer change waits in the Outbox',
};

function Counts({ plan }: { plan: UndoPlan }) {
  const { counts } = plan;
  return (
    <ul className="undo-counts">
      <li>
        <strong>{cards(counts.restore)}</strong> go back to their details from before the import.
      </li>
      {counts.setUp > 0 ? (
        <li>
          <strong>{cards(counts.setUp)}</strong> set up by this import cannot be removed (Linq has
          no way to delete a card); they stay as they are.
        </li>
      ) : null}
      {counts.changedSince > 0 ? (
        <li>
          <strong>{cards(counts.changedSince)}</strong> changed since the import: listed below, left
          alone unless you tick them.
        </li>
      ) : null}
      {counts.notSent > 0 ? (
        <li>
          <strong>{cards(counts.notSent)}</strong> not sent yet: cancelled in the Outbox, nothing is
          sent for them.
        </li>
      ) : null}
      {counts.photoByAddress > 0 ? (
        <li>
          <strong>{cards(counts.photoByAddress)}</strong> had a photo this computer has no copy of:
          its old address is checked when the undo starts. If it no longer shows an image, the card
          goes back with its names only, and the summary says so.
        </li>
      ) : null}
      {counts.noEarlierVersion > 0 ? (
        <li>
          <strong>{cards(counts.noEarlierVersion)}</strong> have no earlier details on this computer
          and stay as they are.
        </li>
      ) : null}
      {counts.unchanged > 0 ? (
        <li>{cards(counts.unchanged)} were not changed by the import (nothing to undo).</li>
      ) : null}
    </ul>
  );
}

function ChangedSince({ rows }: { rows: readonly ChangedSinceRow[] }) {
  const include = useImportUndo((state) => state.include);
  const numberText = useNumberText();
  if (rows.length === 0) return null;
  return (
    <fieldset className="undo-changed">
      <legend>Changed since the import</legend>
      <ul className="undo-changed-list">
        {rows.slice(0, LISTED).map((row) => (
          <li key={row.line}>
            <label className="checkbox undo-check">
              <input
                type="checkbox"
                checked={include.has(row.line)}
                onChange={() => toggleInclude(row.line)}
              />
              <span>
                Line {row.line}, {numberText(row.phoneNumber)}: now “{row.nowName || 'no name'}”,{' '}
                {BY_WORDS[row.by]}. Tick to put it back too
              </span>
            </label>
          </li>
        ))}
      </ul>
      {rows.length > LISTED ? (
        <p className="muted">{count.format(rows.length - LISTED)} more are left alone.</p>
      ) : null}
    </fieldset>
  );
}

function Body({ plan }: { plan: UndoPlan }) {
  const include = useImportUndo((state) => state.include);
  const starting = useImportUndo((state) => state.starting);
  const rollout = useImportUndo((state) => state.rollout);
  const problem = useImportUndo((state) => state.problem);
  if (plan.undoneBy) {
    const undo = plan.undoneBy;
    return (
      <>
        <p id="undo-text" className="modal-text">
          This import was undone already: “{undo.fileName}”. An import is undone once.
        </p>
        <div className="modal-actions">
          <button type="button" className="button button-quiet" onClick={closeUndo} autoFocus>
            Close
          </button>
          <button type="button" className="button button-primary" onClick={() => showUndo(undo)}>
            Show the undo
          </button>
        </div>
      </>
    );
  }
  const sending = plan.counts.restore + include.size;
  const blocked = plan.counts.blocking > 0;
  return (
    <>
      <p id="undo-text" className="modal-text">
        Every card changed by “{plan.fileName}” goes back to its details from just before the
        import, through the Outbox.
      </p>
      <Counts plan={plan} />
      <ChangedSince rows={plan.changedSince} />
      {blocked ? (
        <p className="note" role="status">
          {cards(plan.counts.blocking)} of this import are being sent, checked with Linq or wait for
          your decision in the Outbox. Undo once they have an answer.
        </p>
      ) : null}
      <BatchRestoreActions
        sending={sending}
        planned
        verb="Undo"
        title="How to send the undo"
        rollout={rollout}
        onRolloutChange={setUndoRolloutChoice}
        problem={problem}
        starting={starting}
        disabled={starting || blocked}
        onConfirm={() => void confirmUndo()}
        onCancel={closeUndo}
        cancelFirst
      />
    </>
  );
}

export function UndoDialog() {
  const importId = useImportUndo((state) => state.importId);
  const plan = useImportUndo((state) => state.plan);
  const error = useImportUndo((state) => state.error);
  const outbox = useMainState((state) => state.outbox);
  // While it is open, the plan follows the outbox: rows being sent when it opened finish (and
  // Undo is enabled), counts change. The first plan comes from openUndo.
  const planned = plan !== null;
  useEffect(() => {
    if (planned) void refreshUndoPlan();
  }, [outbox, planned]);
  if (importId === null) return null;
  return (
    <Modal
      labelledBy="undo-title"
      describedBy="undo-text"
      onClose={closeUndo}
      className="modal-wide undo-dialog"
    >
      <h2 id="undo-title" className="modal-title">
        Undo this import?
      </h2>
      {error ? <ErrorAlert error={error} title="The undo could not start" /> : null}
      {plan ? (
        <Body plan={plan} />
      ) : error ? (
        <div className="modal-actions">
          <button type="button" className="button button-quiet" onClick={closeUndo} autoFocus>
            Close
          </button>
        </div>
      ) : (
        <p id="undo-text" className="modal-text" role="status">
          <Spinner /> Reading what the import changed…
        </p>
      )}
    </Modal>
  );
}
