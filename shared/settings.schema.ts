// Settings the user can change. Stored by main in the data directory (never the key).
import { z } from 'zod';
import { isCountryCode, type CountryCode } from './phone.ts';
import { checkBaseUrl } from './rules.ts';

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
