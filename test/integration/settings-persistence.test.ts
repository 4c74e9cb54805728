// What settings.update writes to the database: only the fields the user changed. Defaults
// (the country from the OS locale, the host's API address) keep following the machine until
// the user picks a value. Real SQLite files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createSettingsService } from '../../electron/services/settings.ts';
import { openDatabase, storedValue } from '../../electron/services/store.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens the data folder as the app would on a machine with this locale. */
function withLocale<T>(
  locale: string,
  work: (settings: ReturnType<typeof createSettingsService>, saved: () => unknown) => T,
): T {
  const db = openDatabase(dir);
  try {
    const settings = createSettingsService(db, { locale });
    return work(settings, () => storedValue(db, 'preferences').read());
  } finally {
    db.close();
  }
}

it('saves only the changed field, so the country keeps following the locale until chosen', () => {
  withLocale('en-US', (settings, saved) => {
    expect(settings.get().defaultCountry).toBe('US');
    const next = settings.update({ apiBaseUrl: 'https://api.linqapp.com/api/partner/' });
    expect(next).toEqual({
      apiBaseUrl: LINQ_PRODUCTION_BASE_URL,
      defaultCountry: 'US',
      lateSendLimitHours: 12,
    });
    expect(saved()).toEqual({ apiBaseUrl: LINQ_PRODUCTION_BASE_URL });
  });
  // The OS locale changed: the country the user never chose follows it.
  withLocale('de-DE', (settings) => {
    expect(settings.get().defaultCountry).toBe('DE');
    settings.update({ defaultCountry: 'GB' });
  });
  // Once chosen, it is the user's and stays, with the earlier change kept beside it.
  withLocale('fr-FR', (settings, saved) => {
    expect(settings.get()).toEqual({
      apiBaseUrl: LINQ_PRODUCTION_BASE_URL,
      defaultCountry: 'GB',
      lateSendLimitHours: 12,
    });
    expect(saved()).toEqual({ apiBaseUrl: LINQ_PRODUCTION_BASE_URL, defaultCountry: 'GB' });
  });
});

it('refuses a bad patch without writing anything', () => {
  withLocale('en-US', (settings, saved) => {
    settings.update({ defaultCountry: 'GB' });
    expect(() => settings.update({ apiBaseUrl: 'http://example.com/api' })).toThrow();
    expect(saved()).toEqual({ defaultCountry: 'GB' });
  });
});
