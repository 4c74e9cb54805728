// The phone number: formatted as it is typed, in the style of the default country, with what
// will actually be sent (E.164) or why it cannot be.
import type { ChangeEvent } from 'react';
import { countryName } from '../../../../shared/countries.ts';
import type { CountryCode, PhoneCheck } from '../../../../shared/phone.ts';
import { usePhoneRules, type PhoneRules } from '../../lib/phoneRules.ts';
import { navigate } from '../../store/view.ts';
import { setFieldValue } from '../../store/cardForm.ts';
import { FormField } from '../FormField.tsx';
import { CARD_FIELD_IDS } from './fieldIds.ts';
import { touchOnBlur } from './touchOnBlur.ts';

const FORMATTABLE = /^[+\d\s().\-/]*$/;

/** Formats only when the user adds characters at the end: deleting a bracket or editing in the
 * middle must not be undone by the formatter (or jump the caret to the end). */
function nextValue(
  event: ChangeEvent<HTMLInputElement>,
  country: CountryCode,
  rules: PhoneRules | null,
): string {
  const input = event.currentTarget;
  const raw = input.value;
  const inputType = (event.nativeEvent as InputEvent).inputType ?? '';
  const atEnd = input.selectionStart === raw.length;
  if (!rules || inputType.startsWith('delete') || !atEnd || !FORMATTABLE.test(raw)) return raw;
  return rules.formatAsYouType(raw, country);
}

/** On leaving the field, the whole number formatted, if that only adds formatting. */
function tidied(value: string, country: CountryCode, rules: PhoneRules | null): string | null {
  const text = value.trim();
  if (!rules || text === '' || !FORMATTABLE.test(text)) return null;
  const formatted = rules.formatAsYouType(text, country);
  const digits = (s: string) => s.replace(/\D/g, '');
  return digits(formatted) === digits(text) && formatted.length >= text.length ? formatted : null;
}

interface PhoneFieldProps {
  value: string;
  country: CountryCode;
  /** null while the phone rules are still loading. */
  check: PhoneCheck | null;
  /** Only after the field was left or the form submitted, not while the first digits go in. */
  showError: boolean;
}

export function PhoneField({ value, country, check, showError }: PhoneFieldProps) {
  const rules = usePhoneRules();
  const error = showError && check && !check.ok ? check.message : null;
  return (
    <FormField
      id={CARD_FIELD_IDS.phone}
      label="Phone number"
      error={error}
      status={check?.ok ? `Will be sent as ${check.e164}` : null}
      hint={
        <>
          Numbers without a +country code are read as {countryName(country)} numbers.{' '}
          <button type="button" className="link-button" onClick={() => navigate('settings')}>
            Change default country
          </button>
        </>
      }
    >
      {(control) => (
        <input
          {...control}
          className="input"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={country === 'US' ? '(415) 555-0132' : undefined}
          onChange={(event) => setFieldValue('phone', nextValue(event, country, rules))}
          onBlur={(event) => {
            const tidy = tidied(event.currentTarget.value, country, rules);
            if (tidy !== null) setFieldValue('phone', tidy);
            touchOnBlur('phone')(event);
          }}
        />
      )}
    </FormField>
  );
}
