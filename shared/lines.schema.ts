// The account's own phone lines (GET /v3/phone_numbers), as the line picker shows them: cached
// in main's SQLite so the picker works offline, each with what the history knows of its card.
import { z } from 'zod';
import { AppErrorSchema } from './errors.schema.ts';
import { CARD_STATUSES } from './card-history.rules.ts';

/** Linq's reputation of a line, where it reports one (newer API versions only). */
export const LineReputationSchema = z.enum(['HEALTHY', 'AT_RISK', 'CRITICAL']);
export type LineReputation = z.infer<typeof LineReputationSchema>;

export const LineSchema = z.strictObject({
  id: z.string(),
  phoneNumber: z.string(),
  reputation: LineReputationSchema.nullable(),
  /** Linq's page explaining the reputation (https, docs.linqapp.com). */
  reputationDocUrl: z.string().nullable(),
  /** The number's card as the history knows it; null when it has none. */
  card: z
    .strictObject({
      firstName: z.string().nullable(),
      lastName: z.string().nullable(),
      status: z.enum(CARD_STATUSES),
      /** Whether Linq has confirmed a card (true/false: active or not); null if it never has. */
      isActive: z.boolean().nullable(),
    })
    .nullable(),
});
export type Line = z.infer<typeof LineSchema>;

export const LineListSchema = z.strictObject({
  /** Sorted by phone number. Empty until the first successful refresh. */
  lines: z.array(LineSchema),
  /** When the list was last read from Linq; null if never. */
  refreshedAt: z.string().nullable(),
  refreshing: z.boolean(),
  /** Why the last refresh failed (offline, key refused…); the cached list stays usable. */
  error: AppErrorSchema.nullable(),
});
export type LineList = z.infer<typeof LineListSchema>;
