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
  /**
   * A schedule whose time passed while the app was not running goes at the next start (after
   * the window has said so) when it is at most this late; later, it waits for the user's
   * choice. 0: always ask.
   */
  lateSendLimitHours: z.number().int().min(0).max(168),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
