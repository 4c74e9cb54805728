// Short local clock times for what happens next ("sent at 14:20"). Plain code without React
// or the DOM, so the outbox's words (outbox-text.ts) stay testable in Node.
/**
 * A time shortly ahead, short, in the user's locale: "14:20" (or "2:20 PM") today, with the
 * date on another day ("8 Dec, 14:20"). For "sent at 14:20", "next check at 14:20".
 */
const clockFormats = new Map<string, Intl.DateTimeFormat>();

export function shortClock(at: string | number, now: number, locale?: string): string {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) return String(at);
  const when = new Date(ms);
  const today = new Date(now);
  const sameDay =
    when.getFullYear() === today.getFullYear() &&
    when.getMonth() === today.getMonth() &&
    when.getDate() === today.getDate();
  const key = `${locale ?? ''}|${sameDay}`;
  let format = clockFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      sameDay
        ? { hour: 'numeric', minute: '2-digit' }
        : { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' },
    );
    clockFormats.set(key, format);
  }
  return format.format(ms);
}
