// How a rollout reads in the Outbox: what it waits for, when it goes (in this computer's time
// zone, named), and what the user can do. Pure, so every state's sentence is unit-tested.
import type { OutboxItem, OutboxStatus } from '../../../shared/outbox.schema.ts';
import type { RolloutSummary } from '../../../shared/rollout.schema.ts';
import { describeItem, type Tone } from './outbox-text.ts';

/** This computer's IANA time zone, e.g. "Europe/Berlin". */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "8 Dec 2026, 09:00 (Europe/Berlin)": local time, with the zone named. */
export function zonedTime(iso: string, timeZone = localTimeZone()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const text = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(at);
  return `${text} (${timeZone})`;
}

/** "2 h 14 min", "35 min", "3 days 4 h". */
export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${rest ? ` ${rest} min` : ''}`;
  return `${rest} min`;
}

const changes = (n: number) => `${n} ${n === 1 ? 'change' : 'changes'}`;

/** The rollout's state as one sentence; `phone` shows a number as the rest of the app does. */
export function rolloutStateText(
  rollout: RolloutSummary,
  timeZone = localTimeZone(),
  phone: (e164: string) => string = (e164) => e164,
): string {
  const at = rollout.sendAt ? zonedTime(rollout.sendAt, timeZone) : '';
  switch (rollout.state) {
    case 'scheduled':
      return `Scheduled for ${at}`;
    case 'held': {
      const pilot = rollout.pilot && {
        ...rollout.pilot,
        phoneNumber: phone(rollout.pilot.phoneNumber),
      };
      if (!pilot) return `Held: ${changes(rollout.heldCount)} wait for you`;
      if (pilot.outcome === 'done') {
        return `Held: waiting for you to check the first line (${pilot.phoneNumber}) on a phone`;
      }
      if (pilot.outcome === 'needs-attention') {
        return `The first line (${pilot.phoneNumber}) did not go through: see it below before sending the rest`;
      }
      if (pilot.outcome === 'cancelled') {
        return `The first line (${pilot.phoneNumber}) was cancelled; the rest are held`;
      }
      return `Sending the first line (${pilot.phoneNumber}); the rest are held`;
    }
    case 'late':
      return `Late: scheduled for ${at}, ${duration(rollout.lateByMs ?? 0)} ago, while the app was not running`;
    case 'overdue':
      return `Not sent: scheduled for ${at}, ${duration(rollout.lateByMs ?? 0)} ago. More than ${rollout.lateLimitHours} h late, so it waits for your choice`;
    case 'released':
      return rollout.openCount > 0 ? 'Released: sending' : 'Released: all sent';
    case 'cancelled':
      return 'Cancelled: the held changes were not sent';
  }
}

/** "4 held · 1 sent · 0 cancelled" (counts as text, never colour alone). */
export function rolloutCountsText(rollout: RolloutSummary): string {
  const parts = [`${rollout.heldCount} held`, `${rollout.doneCount} sent`];
  if (rollout.openCount > 0) parts.push(`${rollout.openCount} sending`);
  if (rollout.cancelledCount > 0) parts.push(`${rollout.cancelledCount} cancelled`);
  return parts.join(' · ');
}

/** "The last line should go at about 10:40", within Linq's write budget. */
export function expectedLastText(
  rollout: RolloutSummary,
  timeZone = localTimeZone(),
): string | null {
  if (!rollout.expectedLastAt) return null;
  const at = new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(
    Date.parse(rollout.expectedLastAt),
  );
  const waiting = rollout.linesWaitingForBudget;
  const limit =
    waiting > 0
      ? `; ${waiting} ${waiting === 1 ? 'line waits' : 'lines wait'} for Linq's limit of 3 changes in 10 minutes`
      : '';
  const lead = rollout.state === 'released' ? 'The last line' : 'Once released, the last line';
  return `${lead} should go at about ${at}${limit}.`;
}

export type RolloutAction = 'send-rest' | 'send-now' | 'cancel';

/** The buttons a rollout offers in its state, first the main one. */
export function rolloutActions(
  rollout: RolloutSummary,
): { action: RolloutAction; label: string }[] {
  switch (rollout.state) {
    case 'held':
      return [
        { action: 'send-rest', label: 'Send the rest' },
        { action: 'cancel', label: 'Cancel the rest' },
      ];
    case 'scheduled':
    case 'late':
    case 'overdue':
      return [
        { action: 'send-now', label: 'Send now' },
        { action: 'cancel', label: 'Cancel' },
      ];
    default:
      return [];
  }
}

/** Late rollouts the window has not yet told main it showed. */
export function unnoticedLate(rollouts: readonly RolloutSummary[]): RolloutSummary[] {
  return rollouts.filter((rollout) => rollout.state === 'late' && rollout.sendsAt === null);
}

/** The late notice: how late, why, and what happens next (sent after a grace, or asked). */
export function lateNoticeText(
  rollout: RolloutSummary,
  label: string,
  timeZone = localTimeZone(),
): string {
  const when = rollout.sendAt ? zonedTime(rollout.sendAt, timeZone) : 'an earlier time';
  const one = rollout.heldCount === 1;
  const what = `${changes(rollout.heldCount)} to ${label}, scheduled for ${when}, ${one ? 'is' : 'are'} ${duration(rollout.lateByMs ?? 0)} late because the app was not running.`;
  if (rollout.state === 'overdue') {
    return `${what} That is more than ${rollout.lateLimitHours} h late, so nothing is sent until you choose.`;
  }
  const at = rollout.sendsAt
    ? new Intl.DateTimeFormat(undefined, { timeStyle: 'medium', timeZone }).format(
        Date.parse(rollout.sendsAt),
      )
    : null;
  return `${what} ${one ? 'It' : 'They'} will be sent ${at ? `at ${at}` : 'shortly'} unless you cancel.`;
}

const OPEN_STATES: readonly RolloutSummary['state'][] = ['scheduled', 'held', 'late', 'overdue'];

/**
 * The rollouts the Outbox lists: the open ones, and those whose lines the user opened in this
 * window (released or cancelled since, they stay while the snapshot carries them).
 */
export function listedRollouts(
  rollouts: readonly RolloutSummary[],
  opened: readonly number[],
): RolloutSummary[] {
  return rollouts.filter(
    (rollout) => OPEN_STATES.includes(rollout.state) || opened.includes(rollout.id),
  );
}

/**
 * The status bar's word for changes held back ("2 held or scheduled"), or null when none: held
 * items are not among the outbox's counts, and "Nothing waiting" alone would hide them.
 */
export function heldText(rollouts: readonly RolloutSummary[]): string | null {
  const held = rollouts
    .filter((rollout) => OPEN_STATES.includes(rollout.state))
    .reduce((sum, rollout) => sum + rollout.heldCount, 0);
  return held > 0 ? `${held} held or scheduled` : null;
}

/** The disclosure's words: "Show the 4 lines", "Show the line"; "Hide the lines" when open. */
export function linesToggleText(total: number, open: boolean): string {
  if (open) return total === 1 ? 'Hide the line' : 'Hide the lines';
  return total === 1 ? 'Show the line' : `Show the ${total} lines`;
}

export interface RolloutLineText {
  /** The badge for its state, in the outbox's words ("Held" while its rollout holds it). */
  label: string;
  tone: Tone;
  /** "Sent first" for the line let go first ("Goes first" while it waits for its time). */
  first: string | null;
}

/**
 * One line of a rollout in its list: held back (or scheduled) until released, else as its
 * Outbox row says it (Waiting, Sending, Sent, Needs your decision…).
 */
export function rolloutLineText(
  item: OutboxItem,
  rollout: RolloutSummary,
  status: OutboxStatus | null,
  now: number = Date.now(),
): RolloutLineText {
  const first =
    rollout.pilot?.outboxId === item.id ? (item.held ? 'Goes first' : 'Sent first') : null;
  if (item.held) {
    return { label: rollout.state === 'held' ? 'Held' : 'Scheduled', tone: 'neutral', first };
  }
  const { label, tone } = describeItem(item, status, now);
  return { label, tone, first };
}
