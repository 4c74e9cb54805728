// The phone rules (libphonenumber-js and its metadata, about a third of the renderer's code)
// load after the first screen is up instead of before it: no screen needs them to appear, and
// the phone field formats and checks as soon as they arrive, a few milliseconds later.
// Submitting waits for them, so nothing is ever sent unchecked.
import { useEffect } from 'react';
import { create } from 'zustand';
import type * as PhoneModule from '../../../shared/phone.ts';

export type PhoneRules = typeof PhoneModule;

const usePhoneRulesStore = create<{ rules: PhoneRules | null }>(() => ({ rules: null }));
let loading: Promise<PhoneRules> | null = null;

export function loadPhoneRules(): Promise<PhoneRules> {
  loading ??= import('../../../shared/phone.ts').then(
    (rules) => {
      usePhoneRulesStore.setState({ rules });
      return rules;
    },
    (error: unknown) => {
      loading = null; // let the next caller try again
      throw error;
    },
  );
  return loading;
}

/** The rules once loaded (null before), asking for them if nobody has yet. */
export function usePhoneRules(): PhoneRules | null {
  const rules = usePhoneRulesStore((state) => state.rules);
  useEffect(() => {
    if (!rules) void loadPhoneRules().catch(() => {});
  }, [rules]);
  return rules;
}

/** Formats an E.164 number for display, or shows it as it is until the rules are loaded. */
export function usePhoneFormatter(): (e164: string) => string {
  const rules = usePhoneRules();
  return (e164) => rules?.formatE164(e164) ?? e164;
}
