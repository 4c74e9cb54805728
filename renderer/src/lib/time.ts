// Times for people: "5 minutes ago" next to the exact date and time.
import { useEffect, useState } from 'react';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function relativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

export function absoluteTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : absolute.format(at);
}

/** The wall-clock time `seconds` from now, e.g. for "try again after 14:32:05". */
export function clockTimeIn(seconds: number, now: number = Date.now()): string {
  return clock.format(now + seconds * 1000);
}

/**
 * A time shortly ahead, short, in the user's locale: "14:20" (or "2:20 PM") today, with the
 * date on another day ("8 Dec, 14:20"). For "sent at 14:20", "next check at 14:20".
 */
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

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The current time, refreshed every `intervalMs`, so relative times stay true. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
