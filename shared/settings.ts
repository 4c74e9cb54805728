// Settings the user can change. Stored by main in the data directory (never the key).
import { z } from 'zod';
import { isCountryCode, type CountryCode } from './phone.ts';

export const LINQ_PRODUCTION_BASE_URL = 'https://api.linqapp.com/api/partner';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The API base URL must be https, except on this machine's loopback (the fake Linq API or a
 * local proxy): an API key must never travel in clear text over a network.
 */
export function checkBaseUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address, such as https://api.linqapp.com/api/partner.';
  }
  if (url.username || url.password) return 'The address must not contain a user name or password.';
  if (url.search || url.hash) return 'The address must not contain ? or # parts.';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  if (url.protocol === 'http:')
    return 'Use https://. Plain http:// is only allowed for this computer (localhost).';
  return 'The address must start with https://.';
}

export const BaseUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((value, ctx) => {
    const problem = checkBaseUrl(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value.replace(/\/+$/, ''));

export const CountrySchema = z
  .string()
  .refine(isCountryCode, { message: 'Unknown country' }) as unknown as z.ZodType<CountryCode>;

export const SettingsSchema = z.strictObject({
  apiBaseUrl: BaseUrlSchema,
  defaultCountry: CountrySchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
