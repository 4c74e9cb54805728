// The field the key is typed or pasted into. The key lives only in this component's state and
// is cleared once it is safely in the keychain.
import { useState, type FormEvent } from 'react';
import { keyInputProblem, saveKey, useKeySettings } from '../../store/keySettings.ts';
import { FormField } from '../FormField.tsx';
import { Spinner } from '../Icons.tsx';

export const API_KEY_INPUT_ID = 'api-key';

interface KeyFormProps {
  submitLabel: string;
  onCancel?: () => void;
  primary?: boolean;
}

export function KeyForm({ submitLabel, onCancel, primary }: KeyFormProps) {
  const phase = useKeySettings((state) => state.phase);
  const [key, setKey] = useState('');
  const [visible, setVisible] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = phase !== 'idle';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const trouble = keyInputProblem(key);
    setProblem(trouble);
    if (trouble) {
      document.getElementById(API_KEY_INPUT_ID)?.focus();
      return;
    }
    if (await saveKey(key.trim())) {
      setKey('');
      setVisible(false);
    }
  }

  return (
    <form
      className="key-form"
      noValidate
      aria-busy={busy}
      data-primary-form={primary ? '' : undefined}
      onSubmit={submit}
    >
      <FormField
        id={API_KEY_INPUT_ID}
        label="Linq API key"
        error={problem}
        hint="From your Linq dashboard. It is kept in this computer’s keychain, never in the app’s files, and only its last four characters are ever shown."
      >
        {(control) => (
          <div className="input-group">
            <input
              {...control}
              className="input input-mono"
              type={visible ? 'text' : 'password'}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              value={key}
              onChange={(event) => {
                setKey(event.currentTarget.value);
                if (problem) setProblem(null);
              }}
            />
            <button
              type="button"
              className="button button-secondary"
              aria-controls={API_KEY_INPUT_ID}
              onClick={() => setVisible((shown) => !shown)}
            >
              {visible ? 'Hide key' : 'Show key'}
            </button>
          </div>
        )}
      </FormField>
      <div className="form-actions">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          {phase === 'saving' ? (
            <>
              <Spinner /> Saving…
            </>
          ) : phase === 'verifying' ? (
            <>
              <Spinner /> Checking with Linq…
            </>
          ) : (
            submitLabel
          )}
        </button>
        {onCancel ? (
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
