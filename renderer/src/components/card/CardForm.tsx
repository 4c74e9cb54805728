// The card form: the phone line first (choosing one that has a card loads it for editing), then
// the names and the photo, an image address only on request, and an action bar that stays in
// view. Checked as the user types with the same plain rules main's schemas are built from
// (the renderer loads no zod); submitted with the button or Ctrl/Cmd+Enter. An update shows the card now next to what it will become before it is sent.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { CardSetup } from '../../../../shared/card.schema.ts';
import { NAME_MAX_LENGTH } from '../../../../shared/rules.ts';
import type { CountryCode } from '../../../../shared/phone.ts';
import { firstInvalidField, validateCardForm, type CardField } from '../../lib/card-validation.ts';
import { loadPhoneRules, usePhoneFormatter, usePhoneRules } from '../../lib/phone-rules.ts';
import { ariaShortcut, shortcutText } from '../../lib/shortcuts.ts';
import {
  checkSendTime,
  dismissError,
  refusalFor,
  setFieldValue,
  setImageAddressOpen,
  setSendChoice,
  showAllErrors,
  stopEditing,
  submitCard,
  useCardForm,
} from '../../store/card-form.ts';
import { SendOptions } from '../rollout/SendOptions.tsx';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { FormField } from '../FormField.tsx';
import { InfoIcon, Spinner } from '../Icons.tsx';
import {
  CARD_FIELD_IDS,
  CARD_FORM_ID,
  focusCardField,
  focusSendAt,
  SEND_WHEN_ID,
} from './field-ids.ts';
import { PhoneField } from './PhoneField.tsx';
import { PhotoField } from './PhotoField.tsx';
import { usePhoto } from '../../store/photo.ts';
import { isForeignNumber, useLines } from '../../store/lines.ts';
import { ForeignNumberDialog } from './ForeignNumberDialog.tsx';
import { ImageAddressField } from './ImageAddressField.tsx';
import { LoadCardDialog } from './LoadCardDialog.tsx';
import { touchOnBlur } from './touch-on-blur.ts';
import { UpdateComparison, UpdateSummary } from './UpdateComparison.tsx';

/** The button says what pressing it does: a scheduled card is not sent yet. */
function submitLabel(update: boolean, scheduled: boolean): string {
  if (scheduled) return update ? 'Schedule the update' : 'Schedule the card';
  return update ? 'Submit the update' : 'Set up card';
}

/** The counter appears once a name gets this close to the limit. */
const COUNTER_FROM = NAME_MAX_LENGTH - 16;

function NameCounter({ length }: { length: number }) {
  return (
    <>
      {length} / {NAME_MAX_LENGTH}
      <span className="visually-hidden"> characters</span>
    </>
  );
}

interface NameFieldProps {
  field: 'firstName' | 'lastName';
  label: string;
  value: string;
  error: string | null;
  optional?: boolean;
  hint?: string;
}

/** A name input with a character counter that appears near the limit. */
function NameField({ field, label, value, error, optional = false, hint }: NameFieldProps) {
  const length = value.trim().length;
  return (
    <FormField
      id={CARD_FIELD_IDS[field]}
      label={label}
      optional={optional}
      error={error}
      aside={length >= COUNTER_FROM ? <NameCounter length={length} /> : null}
      asideTone={length > NAME_MAX_LENGTH ? 'danger' : 'normal'}
      hint={hint}
    >
      {(control) => (
        <input
          {...control}
          className="input"
          type="text"
          autoComplete="off"
          required={!optional}
          value={value}
          onChange={(event) => setFieldValue(field, event.currentTarget.value)}
          onBlur={touchOnBlur(field)}
        />
      )}
    </FormField>
  );
}

export function CardForm({ country }: { country: CountryCode }) {
  const values = useCardForm((state) => state.values);
  const touched = useCardForm((state) => state.touched);
  const showAll = useCardForm((state) => state.showAllErrors);
  const saving = useCardForm((state) => state.saving);
  const error = useCardForm((state) => state.error);
  const editing = useCardForm((state) => state.editing);
  const sendChoice = useCardForm((state) => state.sendChoice);
  const scheduleProblem = useCardForm((state) => state.scheduleProblem);
  const hasPhoto = usePhoto((state) => state.photo.status === 'ready');
  const newPhoto = usePhoto((state) => (state.photo.status === 'ready' ? state.photo.name : null));
  const preparing = usePhoto((state) => state.preparing);

  const rules = usePhoneRules();
  const format = usePhoneFormatter();
  // A card for a number that is not one of the account's lines waits for a yes, asked once.
  const [askForeign, setAskForeign] = useState<CardSetup | null>(null);
  const confirmedForeign = useRef<string | null>(null);
  // With a photo chosen the address field is disabled: what it holds is neither checked nor sent.
  const validation = useMemo(
    () => validateCardForm(hasPhoto ? { ...values, imageUrl: '' } : values, country, rules),
    [values, country, rules, hasPhoto],
  );
  // An update of the card being edited (a changed number makes it a setup of another card).
  const updating =
    editing?.action === 'update' &&
    editing.base !== undefined &&
    (validation.phone?.ok !== true || validation.phone.e164 === editing.base.phoneNumber);
  const refused = useCardForm((state) => state.refused);
  const shownError = (field: CardField): string | null => {
    const own = showAll || touched[field] ? validation.errors[field] : undefined;
    // The app's own rules first; then what Linq refused in the card being edited.
    return own ?? refusalFor(refused, field, values[field]);
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submitChecked();
  }

  async function submitChecked() {
    if (useCardForm.getState().saving) return;
    // Never send a number the phone rules have not checked: wait for them if still loading.
    const loadedRules = await loadPhoneRules();
    // Read the store, not the render's copy: Ctrl/Cmd+Enter can follow a keystroke at once.
    const typed = useCardForm.getState().values;
    const photoChosen = usePhoto.getState().photo.status === 'ready';
    const current = validateCardForm(
      photoChosen ? { ...typed, imageUrl: '' } : typed,
      country,
      loadedRules,
    );
    showAllErrors();
    if (!current.input) {
      const field = firstInvalidField(current.errors);
      if (field === 'imageUrl') {
        // The address may be folded away: open it, then focus it once it is on screen.
        setImageAddressOpen(true);
        requestAnimationFrame(() => focusCardField(field));
      } else if (field) focusCardField(field);
      return;
    }
    // The time is checked before anything is asked: a refused time means nothing is sent.
    if (!checkSendTime()) {
      focusSendAt();
      return;
    }
    const number = current.input.phoneNumber;
    if (isForeignNumber(useLines.getState().list, number) && confirmedForeign.current !== number) {
      setAskForeign(current.input);
      return;
    }
    void send(current.input);
  }

  async function send(input: CardSetup) {
    await submitCard(input);
    // The time may have passed while a question was open: the reason is under the field.
    if (useCardForm.getState().scheduleProblem) focusSendAt();
  }

  function confirmForeign() {
    if (!askForeign) return;
    confirmedForeign.current = askForeign.phoneNumber;
    setAskForeign(null);
    void send(askForeign);
  }

  function retry() {
    document.querySelector<HTMLFormElement>(`#${CARD_FORM_ID}`)?.requestSubmit();
  }

  return (
    <form
      id={CARD_FORM_ID}
      className="card-form"
      noValidate
      data-primary-form
      aria-labelledby="card-form-title"
      aria-busy={saving}
      onSubmit={submit}
    >
      <h3 id="card-form-title" className="visually-hidden">
        Card details
      </h3>
      {editing && (editing.id !== null || !editing.base) ? (
        <div className="alert alert-info" role="status">
          <InfoIcon />
          <p className="alert-message">
            {editing.id !== null
              ? 'You are editing a card that Linq refused. Submitting it replaces the failed one in the outbox.'
              : 'This number has no card at Linq yet: submitting sets it up.'}
          </p>
        </div>
      ) : null}
      <PhoneField
        value={values.phone}
        country={country}
        check={validation.phone}
        showError={showAll || touched.phone}
        refusal={refusalFor(refused, 'phone', values.phone)}
      />

      <div className="field-row">
        <NameField
          field="firstName"
          label="First name"
          value={values.firstName}
          error={shownError('firstName')}
          hint="Or your business's name."
        />
        <NameField
          field="lastName"
          label="Last name"
          optional
          value={values.lastName}
          error={shownError('lastName')}
        />
      </div>

      <PhotoField id="card-photo" />

      <ImageAddressField
        value={values.imageUrl}
        error={hasPhoto ? null : shownError('imageUrl')}
        photoChosen={hasPhoto}
      />

      {updating && editing?.base ? (
        <UpdateComparison base={editing.base} values={values} newPhoto={newPhoto} />
      ) : null}

      {/* Below the fields, above the button it changes: two radios, with "Now" chosen. */}
      <div id={SEND_WHEN_ID} className="card-send-when">
        <SendOptions
          choice={sendChoice}
          onChange={setSendChoice}
          offerFirstLine={false}
          title="When to send"
          refusal={scheduleProblem}
        />
      </div>

      {error ? (
        <ErrorAlert
          error={error}
          title="The card could not be saved"
          onRetry={retry}
          onDismiss={dismissError}
        />
      ) : null}

      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={saving}
          aria-keyshortcuts={ariaShortcut('Enter')}
        >
          {saving ? (
            <>
              <Spinner /> {preparing ? 'Preparing the photo…' : 'Saving…'}
            </>
          ) : (
            submitLabel(editing?.action === 'update', sendChoice.when === 'at')
          )}
        </button>
        {updating && editing?.base ? (
          // What the button sends, where it is pressed (the full table is above).
          <UpdateSummary base={editing.base} values={values} newPhoto={newPhoto} />
        ) : (
          <span className="shortcut-hint" aria-hidden="true">
            or press <kbd>{shortcutText('Enter')}</kbd>
          </span>
        )}
        {editing ? (
          <button
            type="button"
            className="button button-quiet form-actions-end"
            onClick={stopEditing}
          >
            Stop editing
          </button>
        ) : null}
      </div>
      <LoadCardDialog />
      {askForeign ? (
        <ForeignNumberDialog
          number={format(askForeign.phoneNumber)}
          action={
            // As submitCard decides: an update unless the number was changed while editing.
            editing?.action === 'update' &&
            (!editing.base || editing.base.phoneNumber === askForeign.phoneNumber)
              ? 'update'
              : 'setup'
          }
          onConfirm={confirmForeign}
          onCancel={() => {
            setAskForeign(null);
            // Once the dialog has closed: while it is open, the form behind it is inert.
            requestAnimationFrame(() => focusCardField('phone'));
          }}
        />
      ) : null}
    </form>
  );
}
