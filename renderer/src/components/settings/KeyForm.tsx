// The field the key is typed or pasted into. The key lives only in this component's state and
// is cleared once it is safely in the keychain. A key Linq refuses stays in the field, with
// why, and the focus goes back to it, so the user can correct it where they typed it.
import { useEffect, useState, type FormEvent } from 'react';
import { keyInputProblem, saveKey, useKeySettings } from '../../store/key-settings.ts';
import { FormField } from '../FormField.tsx';
import { Spinner } from '../Icons.tsx';

export const API_KEY_INPUT_ID = 'api-key';

interface KeyFormProps {
  submitLabel: string;
  onCancel?: () => void;
  primary?: boolean;
  /** Put the caret in the field when the form appears (first start, Replace key). */
  focusOnMount?: boolean;
}

function focusKeyField(): void {
  document.getElementById(API_KEY_INPUT_ID)?.focus();
}

export function KeyForm({ submitLabel, onCancel, primary, focusOnMount }: KeyFormProps) {
  const phase = useKeySettings((state) => state.phase);
  const [key, setKey] = useState('');
  const [visible, setVisible] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = phase !== 'idle';
  useEffect(() => {
    if (focusOnMount) focusKeyField();
  }, [focusOnMount]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const trouble = keyInputProblem(key);
    setProblem(trouble);
    if (trouble) {
      focusKeyField();
      return;
    }
    const saved = await saveKey(key.trim());
    if (saved.saved) {
      setKey('');
      setVisible(false);
    } else if (saved.fieldProblem) {
      setProblem(saved.fieldProblem);
      focusKeyField();
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
          {phase === 'verifying' ? (
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
