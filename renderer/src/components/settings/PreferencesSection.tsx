// API base URL, default country and how late a missed schedule may still be sent. Edits stay local until saved; changes pushed by main
// replace the form's values only while the user has not started editing.
import { useMemo, useState, type FormEvent } from 'react';
import type { AppError } from '../../../../shared/errors.schema.ts';
import { listCountries } from '../../../../shared/countries.ts';
import type { CountryCode } from '../../../../shared/phone.ts';
import { LINQ_PRODUCTION_BASE_URL, checkBaseUrl } from '../../../../shared/rules.ts';
import type { Settings, SettingsPatch } from '../../../../shared/settings.schema.ts';
import { call } from '../../api.ts';
import { isLeavingForOwnButton } from '../../lib/blur.ts';
import { MAX_LATE_LIMIT_HOURS, parseLateLimit } from '../../lib/late-limit.ts';
import { applySettings } from '../../store/main-state.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { FormField } from '../FormField.tsx';
import { CheckIcon, InfoIcon, Spinner } from '../Icons.tsx';

type Feedback = { kind: 'saved' } | { kind: 'unchanged' } | { kind: 'failed'; error: AppError };

const BASE_URL_ID = 'pref-base-url';
const COUNTRY_ID = 'pref-country';
const LATE_LIMIT_ID = 'pref-late-limit';

function normalisedUrl(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

export function PreferencesSection({ settings }: { settings: Settings }) {
  const countries = useMemo(() => listCountries(), []);
  const [baseUrl, setBaseUrl] = useState(settings.apiBaseUrl);
  const [country, setCountry] = useState<CountryCode>(settings.defaultCountry);
  const [lateLimit, setLateLimit] = useState(String(settings.lateSendLimitHours));
  const [shownSettings, setShownSettings] = useState(settings);
  const [urlTouched, setUrlTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [feedback, setFeedback] = useState<Feedback | null>(null);

  const late = parseLateLimit(lateLimit);
  const dirty =
    normalisedUrl(baseUrl) !== shownSettings.apiBaseUrl ||
    country !== shownSettings.defaultCountry ||
    !('hours' in late && late.hours === shownSettings.lateSendLimitHours);
  // Main pushed new settings: show them, unless that would throw away the user's edits.
  if (settings !== shownSettings) {
    setShownSettings(settings);
    if (!dirty) {
      setBaseUrl(settings.apiBaseUrl);
      setCountry(settings.defaultCountry);
      setLateLimit(String(settings.lateSendLimitHours));
    }
  }

  const urlProblem = checkBaseUrl(baseUrl.trim());
  const isProduction = normalisedUrl(baseUrl) === LINQ_PRODUCTION_BASE_URL;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    setUrlTouched(true);
    if (urlProblem) {
      document.getElementById(BASE_URL_ID)?.focus();
      return;
    }
    if ('problem' in late) {
      document.getElementById(LATE_LIMIT_ID)?.focus();
      return;
    }
    const patch: SettingsPatch = {};
    if (normalisedUrl(baseUrl) !== settings.apiBaseUrl) patch.apiBaseUrl = normalisedUrl(baseUrl);
    if (country !== settings.defaultCountry) patch.defaultCountry = country;
    if (late.hours !== settings.lateSendLimitHours) patch.lateSendLimitHours = late.hours;
    if (Object.keys(patch).length === 0) {
      setFeedback({ kind: 'unchanged' });
      return;
    }
    setSaving(true);
    setFeedback(null);
    const result = await call((api) => api.updateSettings(patch));
    setSaving(false);
    if (!result.ok) {
      setFeedback({ kind: 'failed', error: result.error });
      return;
    }
    applySettings(result.value);
    setShownSettings(result.value);
    setBaseUrl(result.value.apiBaseUrl);
    setCountry(result.value.defaultCountry);
    setLateLimit(String(result.value.lateSendLimitHours));
    setUrlTouched(false);
    setFeedback({ kind: 'saved' });
  }

  return (
    <section className="panel settings-panel" aria-labelledby="prefs-title">
      <h3 id="prefs-title" className="panel-title">
        Preferences
      </h3>
      <form className="prefs-form" noValidate aria-busy={saving} onSubmit={submit}>
        <FormField
          id={BASE_URL_ID}
          label="API base URL"
          error={urlTouched ? urlProblem : null}
          hint={
            <>
              Linq’s address is <code>{LINQ_PRODUCTION_BASE_URL}</code>. Only change it when Linq or
              your IT team asks you to. It must start with https:// — plain http:// is allowed only
              for this computer (localhost), for testing.
              {isProduction ? null : (
                <>
                  {' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setBaseUrl(LINQ_PRODUCTION_BASE_URL);
                      setFeedback(null);
                    }}
                  >
                    Use Linq's address
                  </button>
                </>
              )}
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              className="input input-mono"
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              value={baseUrl}
              onChange={(event) => {
                setBaseUrl(event.currentTarget.value);
                setFeedback(null);
              }}
              onBlur={(event) => {
                if (!isLeavingForOwnButton(event)) setUrlTouched(true);
              }}
            />
          )}
        </FormField>

        <FormField
          id={COUNTRY_ID}
          label="Default country"
          hint="Phone numbers typed without a +country code are read as numbers in this country."
        >
          {(control) => (
            <select
              {...control}
              className="input select"
              value={country}
              onChange={(event) => {
                setCountry(event.currentTarget.value as CountryCode);
                setFeedback(null);
              }}
            >
              {countries.map((item) => (
                <option key={item.code} value={item.code}>
                  {item.name} (+{item.callingCode})
                </option>
              ))}
            </select>
          )}
        </FormField>

        <FormField
          id={LATE_LIMIT_ID}
          label="Send late schedules for up to (hours)"
          error={'problem' in late ? late.problem : null}
          hint={`A scheduled change whose time passed while the app was closed is sent, after a notice, when it is at most this many hours late; later, it waits for you to choose Send now or Cancel in the Outbox. 0: always ask. At most ${MAX_LATE_LIMIT_HOURS}. Applies to schedules made from now on.`}
        >
          {(control) => (
            <input
              {...control}
              className="input input-hours"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={lateLimit}
              onChange={(event) => {
                setLateLimit(event.currentTarget.value);
                setFeedback(null);
              }}
            />
          )}
        </FormField>

        <div className="form-actions">
          <button type="submit" className="button button-primary" aria-disabled={saving}>
            {saving ? (
              <>
                <Spinner /> Saving…
              </>
            ) : (
              'Save preferences'
            )}
          </button>
          {dirty && !saving ? <span className="muted">Unsaved changes</span> : null}
        </div>

        <div role="status" aria-live="polite">
          {feedback?.kind === 'saved' ? (
            <p className="alert alert-success">
              <CheckIcon />
              <span>Preferences saved.</span>
            </p>
          ) : null}
          {feedback?.kind === 'unchanged' ? (
            <p className="alert alert-info">
              <InfoIcon />
              <span>Nothing to save: these are already your preferences.</span>
            </p>
          ) : null}
        </div>
        {feedback?.kind === 'failed' ? (
          <ErrorAlert error={feedback.error} title="The preferences were not saved" />
        ) : null}
      </form>
    </section>
  );
}
