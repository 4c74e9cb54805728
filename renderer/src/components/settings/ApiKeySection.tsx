// The API key: first-run welcome, the stored key's status, and saving, checking, replacing
// and removing it. A keychain that cannot be read is shown as such, never as "no key".
import { useState } from 'react';
import { useMainState } from '../../store/main-state.ts';
import { useFadingMessage } from '../../lib/fading-message.ts';
import {
  cancelReplacing,
  dismissOutcome,
  recheckKeychain,
  removeKey,
  startReplacing,
  useKeySettings,
  verifyKey,
  type KeyPhase,
} from '../../store/key-settings.ts';
import { clearKeyNotice, useView } from '../../store/view.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { Spinner } from '../Icons.tsx';
import { KeychainProblem } from './KeychainProblem.tsx';
import { KeyForm } from './KeyForm.tsx';
import { KeyOutcomeMessage } from './KeyOutcomeMessage.tsx';
import { KeySummary } from './KeySummary.tsx';
import { RemoveKeyDialog } from './RemoveKeyDialog.tsx';

const PROGRESS: Record<KeyPhase, string | null> = {
  idle: null,
  verifying: 'Checking the key with Linq…',
  removing: 'Removing the key…',
  checking: 'Reading the system keychain…',
};

function Welcome() {
  return (
    <div className="welcome">
      <p>
        To set up contact cards, this app needs your company’s Linq API key. Paste it below: the app
        saves it in this computer’s keychain and checks it with Linq.
      </p>
      <ol className="welcome-steps">
        <li>Open the Linq dashboard and copy an API key (ask your Linq admin if you have none).</li>
        <li>Paste it into the field below and choose Save key.</li>
      </ol>
    </div>
  );
}

export function ApiKeySection() {
  const keyStatus = useMainState((state) => state.keyStatus);
  const keyError = useMainState((state) => state.keyError);
  const phase = useKeySettings((state) => state.phase);
  const outcome = useKeySettings((state) => state.outcome);
  const replacing = useKeySettings((state) => state.replacing);
  const notice = useView((state) => state.keyNotice);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  // Only on the very first screen of a first start: switching to Settings focuses its heading.
  const [firstScreen] = useState(() => useView.getState().navigations === 0);
  const success = outcome?.tone === 'success' ? outcome : null;
  const fade = useFadingMessage(success, () => success && dismissOutcome(success));

  const hasKey = keyStatus?.present === true && keyError === null;
  const firstRun = keyError === null && !hasKey;
  const busy = phase !== 'idle';
  const progress = PROGRESS[phase];

  return (
    <section className="panel settings-panel" aria-labelledby="key-title">
      <h3 id="key-title" className="panel-title">
        {firstRun ? 'Connect your Linq account' : 'API key'}
      </h3>

      {notice ? <ErrorAlert error={notice} onDismiss={clearKeyNotice} /> : null}

      {keyError ? (
        <KeychainProblem error={keyError} busy={busy} onCheckAgain={() => void recheckKeychain()} />
      ) : null}

      {firstRun ? <Welcome /> : null}

      {hasKey && keyStatus ? (
        <>
          <KeySummary status={keyStatus} />
          {!replacing ? (
            <div className="inline-actions">
              <button
                type="button"
                className="button button-secondary"
                aria-disabled={busy}
                onClick={() => !busy && void verifyKey()}
              >
                Verify again
              </button>
              <button
                type="button"
                className="button button-secondary"
                aria-disabled={busy}
                onClick={() => !busy && startReplacing()}
              >
                Replace key
              </button>
              <button
                type="button"
                className="button button-danger-quiet"
                aria-disabled={busy}
                onClick={() => !busy && setConfirmingRemoval(true)}
              >
                Remove key
              </button>
            </div>
          ) : null}
        </>
      ) : null}

      {firstRun || replacing ? (
        <KeyForm
          submitLabel="Save key"
          primary={firstRun}
          onCancel={replacing ? cancelReplacing : undefined}
          focusOnMount={replacing || firstScreen}
        />
      ) : null}

      <div className="key-feedback" role="status" aria-live="polite">
        {progress ? (
          <p className="progress">
            <Spinner /> {progress}
          </p>
        ) : null}
        {success && !busy ? (
          <div {...fade}>
            <KeyOutcomeMessage outcome={success} />
          </div>
        ) : null}
        {outcome?.tone === 'warning' && !busy ? <KeyOutcomeMessage outcome={outcome} /> : null}
      </div>
      {outcome?.tone === 'danger' && !busy ? (
        <div role="alert">
          <KeyOutcomeMessage outcome={outcome} />
        </div>
      ) : null}

      {confirmingRemoval ? (
        <RemoveKeyDialog
          onCancel={() => setConfirmingRemoval(false)}
          onConfirm={() => {
            setConfirmingRemoval(false);
            void removeKey();
          }}
        />
      ) : null}
    </section>
  );
}
