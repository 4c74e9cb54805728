// Settings' "Send late schedules for up to … hours", as typed: whole hours from 0 (always
// ask) to a week, the range main accepts (SettingsSchema.lateSendLimitHours).
export const MAX_LATE_LIMIT_HOURS = 168;

/** The hours typed, or why they cannot be saved. */
export function parseLateLimit(text: string): { hours: number } | { problem: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return { problem: `Enter a whole number of hours, from 0 to ${MAX_LATE_LIMIT_HOURS}.` };
  }
  const hours = Number(trimmed);
  if (hours > MAX_LATE_LIMIT_HOURS) {
    return { problem: `Enter at most ${MAX_LATE_LIMIT_HOURS} hours (a week).` };
  }
  return { hours };
}
