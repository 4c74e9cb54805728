// Settings kept in the database. The defaults are computed once from the machine (the OS
// locale gives the default country); stored values win. The API key is never stored here.
import {
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../shared/settings.ts';
import { countryFromLocale } from '../../shared/phone.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';
import { storedValue, type Database } from './store.ts';

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
  };
  const stored = storedValue(db, 'preferences');

  function get(): Settings {
    // A value that no longer validates (hand-edited file, older rules) falls back to the
    // defaults rather than making the app unusable.
    const saved = SettingsPatchSchema.safeParse(stored.read() ?? {});
    return SettingsSchema.parse({ ...fallback, ...(saved.success ? saved.data : {}) });
  }

  return {
    get,
    update(patch) {
      const next = SettingsSchema.parse({ ...get(), ...SettingsPatchSchema.parse(patch) });
      stored.write(next);
      return next;
    },
  };
}
