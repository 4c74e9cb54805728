// Settings kept in the database. The defaults are computed once from the machine (the OS
// locale gives the default country); stored values win. The API key is never stored here.
import {
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../shared/settings.schema.ts';
import { countryFromLocale } from '../../shared/phone.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';
import { storedValue, type Database } from './store.ts';

/** Scheduled changes up to half a day late still go at the next start (after the notice). */
export const DEFAULT_LATE_SEND_LIMIT_HOURS = 12;

export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
}

export interface SettingsDefaults {
  apiBaseUrl?: string;
  locale?: string;
}

export function createSettingsService(db: Database, defaults: SettingsDefaults): SettingsService {
  const fallback: Settings = {
    apiBaseUrl: defaults.apiBaseUrl ?? LINQ_PRODUCTION_BASE_URL,
    defaultCountry: countryFromLocale(defaults.locale),
    lateSendLimitHours: DEFAULT_LATE_SEND_LIMIT_HOURS,
  };
  const stored = storedValue(db, 'preferences');

  /** What the user chose, only: fields never set stay absent and keep following the defaults. */
  function chosen(): SettingsPatch {
    // A value that no longer validates (hand-edited file, older rules) falls back to the
    // defaults rather than making the app unusable.
    const saved = SettingsPatchSchema.safeParse(stored.read() ?? {});
    return saved.success ? saved.data : {};
  }

  function get(): Settings {
    return SettingsSchema.parse({ ...fallback, ...chosen() });
  }

  return {
    get,
    update(patch) {
      // Only the fields the user changed are saved: saving the merged defaults would freeze
      // them (the country derived from the OS locale would stop following it the first time
      // anything else was saved).
      const next = { ...chosen(), ...SettingsPatchSchema.parse(patch) };
      const settings = SettingsSchema.parse({ ...fallback, ...next });
      stored.write(next);
      return settings;
    },
  };
}
