// The phone number: formatted as it is typed, in the style of the default country, with what
// will actually be sent (E.164) or why it cannot be. It is also a combobox (WAI-ARIA 1.2)
// offering the account's own lines, filtered by number or card name as the user types; a
// valid number that is not one of them is allowed, with a warning.
import { useEffect, useMemo, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import type { Line } from '../../../../shared/lines.schema.ts';
import { countryName } from '../../../../shared/countries.ts';
import type { CountryCode, PhoneCheck } from '../../../../shared/phone.ts';
import { filterLines } from '../../lib/line-filter.ts';
import { usePhoneFormatter, usePhoneRules, type PhoneRules } from '../../lib/phone-rules.ts';
import { navigate } from '../../store/view.ts';
import { chooseLine, setFieldValue } from '../../store/card-form.ts';
import { isForeignNumber, loadLines, useLines } from '../../store/lines.ts';
import { FormField } from '../FormField.tsx';
import { ChevronIcon } from '../Icons.tsx';
import { LineOptions, lineOptionId } from './LineOptions.tsx';
import { LinesStatus } from './LinesStatus.tsx';
import { CARD_FIELD_IDS } from './field-ids.ts';
import { touchOnBlur } from './touch-on-blur.ts';

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
  /** Linq's reason, when it refused this number in the card being edited. */
  refusal?: string | null;
}

const LIST_ID = 'card-phone-lines';
const STATUS_ID = 'card-phone-lines-status';

export function PhoneField({ value, country, check, showError, refusal = null }: PhoneFieldProps) {
  const rules = usePhoneRules();
  const format = usePhoneFormatter();
  const list = useLines((state) => state.list);
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState<number | null>(null);
  useEffect(() => void loadLines(), []);

  const matches = useMemo(() => filterLines(list?.lines ?? [], value), [list, value]);
  const expanded = open && matches.length > 0;
  const active =
    expanded && activeIndex !== null && activeIndex < matches.length ? activeIndex : null;

  // Keeps the active option in view as the arrow keys move through a long list.
  useEffect(() => {
    if (active === null) return;
    document.getElementById(lineOptionId(LIST_ID, active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const error = (showError && check && !check.ok ? check.message : null) ?? refusal;
  const foreign = check?.ok && isForeignNumber(list, check.e164) ? check.e164 : null;

  function close() {
    setOpen(false);
    setActiveIndex(null);
  }

  function choose(line: Line) {
    close();
    void chooseLine(line, format(line.phoneNumber));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = matches.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      if (event.altKey) {
        // Alt+Down opens without choosing anything; Alt+Up closes.
        if (event.key === 'ArrowDown') setOpen(true);
        else close();
        return;
      }
      setOpen(true);
      const down = event.key === 'ArrowDown';
      if (active === null) setActiveIndex(down ? 0 : count - 1);
      else setActiveIndex((active + (down ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter' && active !== null) {
      // Chooses the line instead of submitting the form.
      event.preventDefault();
      const line = matches[active];
      if (line) choose(line);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  }

  return (
    <FormField
      id={CARD_FIELD_IDS.phone}
      label="Phone number"
      error={error}
      warning={
        foreign ? `${format(foreign)} is not one of your account's lines. Check the number.` : null
      }
      // Beside the label, so what is under the field stays one line.
      aside={
        <>
          {countryName(country)} numbers unless they start with +{' · '}
          <button type="button" className="link-button" onClick={() => navigate('settings')}>
            Change<span className="visually-hidden"> default country</span>
          </button>
        </>
      }
    >
      {(control) => (
        <>
          <div className="combobox">
            <input
              {...control}
              aria-describedby={[control['aria-describedby'], STATUS_ID].filter(Boolean).join(' ')}
              className="input"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              spellCheck={false}
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={LIST_ID}
              aria-activedescendant={active !== null ? lineOptionId(LIST_ID, active) : undefined}
              value={value}
              placeholder={country === 'US' ? '(415) 555-0132' : undefined}
              onChange={(event) => {
                setFieldValue('phone', nextValue(event, country, rules));
                setOpen(true);
                setActiveIndex(null);
              }}
              onKeyDown={onKeyDown}
              onBlur={(event) => {
                close();
                const tidy = tidied(event.currentTarget.value, country, rules);
                if (tidy !== null) setFieldValue('phone', tidy);
                touchOnBlur('phone')(event);
              }}
            />
            {list && list.lines.length > 0 ? (
              <button
                type="button"
                className="combobox-toggle"
                tabIndex={-1}
                aria-label="Your lines"
                aria-expanded={expanded}
                aria-controls={LIST_ID}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  if (expanded) close();
                  else {
                    setOpen(true);
                    document.getElementById(CARD_FIELD_IDS.phone)?.focus();
                  }
                }}
              >
                <ChevronIcon />
              </button>
            ) : null}
            {/* Always in the page, so aria-controls names an element that exists. */}
            <div hidden={!expanded}>
              <LineOptions
                id={LIST_ID}
                lines={expanded ? matches : []}
                activeIndex={active}
                format={format}
                onChoose={choose}
              />
            </div>
          </div>
          <LinesStatus id={STATUS_ID} sentAs={check?.ok && !error ? check.e164 : null} />
        </>
      )}
    </FormField>
  );
}
