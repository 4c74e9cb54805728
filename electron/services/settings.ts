// Settings kept in the database. The defaults are computed once from the machine (the OS
// locale gives the default country); stored values win. The API key is never stored here.
import {
  LINQ_PRODUCTION_BASE_URL,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../shared/settings.ts';
import { countryFromLocale } from '../../shared/phone.ts';
import type { Database } from './store.ts';

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
  const read = db.prepare("SELECT value FROM settings WHERE name = 'preferences'");
  const write = db.prepare(
    "INSERT INTO settings (name, value) VALUES ('preferences', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
  );

  function get(): Settings {
    const row = read.get() as { value: string } | undefined;
    if (!row) return fallback;
    // A value that no longer validates (hand-edited file, older rules) falls back field by
    // field rather than making the app unusable.
    const stored = SettingsPatchSchema.safeParse(safeJson(row.value));
    return SettingsSchema.parse({ ...fallback, ...(stored.success ? stored.data : {}) });
  }

  return {
    get,
    update(patch) {
      const next = SettingsSchema.parse({ ...get(), ...SettingsPatchSchema.parse(patch) });
      write.run(JSON.stringify(next));
      return next;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
