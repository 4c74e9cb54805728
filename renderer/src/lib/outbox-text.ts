// Plain words for outbox items and the sender's status, used by the status bar, the outbox
// view and the New card screen, so that each state is described the same way everywhere.
import type { AppError, AppErrorCode, RefusedField } from '../../../shared/errors.schema.ts';
import type { OutboxCounts, OutboxItem, OutboxStatus } from '../../../shared/outbox.schema.ts';
import { shortClock } from './clock.ts';
import { fullName } from './names.ts';

/** Linq's documented write budget per phone number (POST and PATCH together). */
export const LINQ_WRITES_PER_WINDOW = 3;
export const LINQ_WINDOW_MINUTES = 10;

export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'accent';

export interface StateText {
  /** A short badge, e.g. "Waiting". */
  label: string;
  tone: Tone;
  /** One sentence on what is happening and what, if anything, the user should do. */
  line: string;
}

function waitingLine(status: OutboxStatus | null): string {
  if (status?.pausedBy?.code === 'API_ADDRESS_NOT_APPROVED') {
    return 'Saved. Sending is paused until the API address is approved or set back to Linq’s.';
  }
  if (status?.pausedBy) return 'Saved. Sending is paused until the API key works again.';
  if (status?.connection === 'unreachable') {
    return 'Saved — will be sent when Linq can be reached again.';
  }
  return 'Saved — will be sent shortly.';
}

/** When a waiting or held item goes next, short: "14:20" (with the date if not today). */
function at(item: OutboxItem, now: number, locale?: string): string {
  return item.nextAttemptAt ? shortClock(item.nextAttemptAt, now, locale) : 'shortly';
}

/** A card Linq stored but has not made active yet: followed up at `nextAttemptAt`. */
export function isNotActiveFollowUp(item: OutboxItem): boolean {
  return item.state === 'in-doubt' && item.lastError?.code === 'CARD_NOT_ACTIVE';
}

/**
 * Why a waiting item is held back by Linq's limits (not by a failure), with until when; null
 * when it is not. Its Retry now cannot make it go sooner.
 */
export function limitWait(
  item: OutboxItem,
  now: number,
  locale?: string,
): { reason: 'write-budget' | 'line-hold'; until: string; untilMs: number } | null {
  if (item.state !== 'waiting' || item.combinedInto !== null || !item.waitingFor) return null;
  const untilMs = item.nextAttemptAt ? Date.parse(item.nextAttemptAt) : NaN;
  if (Number.isNaN(untilMs) || untilMs <= now) return null;
  return { reason: item.waitingFor, until: shortClock(untilMs, now, locale), untilMs };
}

export function describeItem(
  item: OutboxItem,
  status: OutboxStatus | null,
  now: number = Date.now(),
  locale?: string,
): StateText {
  switch (item.state) {
    case 'waiting':
      if (item.combinedInto !== null) {
        return {
          label: 'Combined',
          tone: 'neutral',
          line: `Combined with #${item.combinedInto} — sent as one request. It ends as #${item.combinedInto} ends.`,
        };
      }
      if (item.waitingFor === 'line-hold') {
        return {
          label: 'Line on hold',
          tone: 'warning',
          line: `Linq is holding back changes to this line until ${at(item, now, locale)} because it was changed too often. The app sends this change then; sending sooner would make the hold longer.`,
        };
      }
      if (item.waitingFor === 'write-budget') {
        return {
          label: 'Waiting for Linq’s limit',
          tone: 'neutral',
          line: `This line has had ${LINQ_WRITES_PER_WINDOW} changes in the last ${LINQ_WINDOW_MINUTES} minutes, Linq’s limit. This change is sent at ${at(item, now, locale)}; changes made meanwhile are combined with it.`,
        };
      }
      return {
        // One word for one situation, tried before or not: the line says why it waits.
        label: 'Waiting',
        tone: 'neutral',
        line: waitingLine(status),
      };
    case 'sending':
      return { label: 'Sending', tone: 'accent', line: 'Sending to Linq now…' };
    case 'in-doubt':
      if (isNotActiveFollowUp(item)) {
        return {
          label: 'Not active yet',
          tone: 'warning',
          line: `Not active yet — next check at ${at(item, now, locale)}. Linq stored the card but has not made it active on the phone line; the app checks then and applies it again if it is still not active.`,
        };
      }
      return {
        label: 'Checking',
        tone: 'warning',
        line: 'The answer from Linq was lost on the way. The app reads the card back before sending anything again, so it is never applied twice.',
      };
    case 'needs-decision':
      return {
        label: 'Needs your decision',
        tone: 'warning',
        line: decisionLine(item),
      };
    case 'failed':
      return { label: 'Failed', tone: 'danger', line: failedLine(item.lastError) };
    case 'done':
      return item.card?.isActive === false
        ? {
            label: 'Not yet active',
            tone: 'warning',
            line: 'Stored at Linq; Linq is still applying it to the phone line.',
          }
        : { label: 'Sent', tone: 'success', line: 'Active on the phone line.' };
    case 'cancelled':
      return { label: 'Cancelled', tone: 'neutral', line: 'Not sent. Kept here for the record.' };
  }
}

function decisionLine(item: OutboxItem): string {
  switch (item.decision?.reason) {
    case 'card-exists':
      return 'This number already has a card. Choose whether to update it.';
    case 'not-active':
      return 'Linq keeps this card not active after several tries. Choose whether to try again or leave it as it is.';
    case 'differs-from-server':
    case undefined:
      return 'Linq shows something other than what was sent. Choose which version to keep.';
  }
}

/** The notice for a decision that arrived while the user was doing something else. */
export function decisionNoticeText(item: OutboxItem, number: string): string {
  switch (item.decision?.reason) {
    case 'card-exists':
      return `${number} already has a card at Linq.`;
    case 'not-active':
      return `The card for ${number} is still not active at Linq.`;
    case 'differs-from-server':
    case undefined:
      return `The card for ${number} at Linq differs from what was sent.`;
  }
}

/** "Sends #13, #14 with it as one request", for the item that carries combined changes. */
export function carriesText(ids: readonly number[]): string | null {
  if (ids.length === 0) return null;
  return `Sends ${ids.map((id) => `#${id}`).join(', ')} with it as one request.`;
}

/** The ids of the items combined into each carrier, from the snapshot's items. */
export function combinedByCarrier(items: readonly OutboxItem[]): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const item of items) {
    if (item.combinedInto === null || isFinished(item)) continue;
    const list = map.get(item.combinedInto) ?? [];
    list.push(item.id);
    map.set(item.combinedInto, list);
  }
  for (const list of map.values()) list.sort((a, b) => a - b);
  return map;
}

/** Why Linq cannot be reached, in a few words, where it is more than being offline. */
const UNREACHABLE_BECAUSE: Partial<Record<AppErrorCode, string>> = {
  PROXY_REFUSED: 'the network’s proxy refused the connection',
  PROXY_AUTH_REQUIRED: 'the network’s proxy asks for a sign-in',
  TLS_UNTRUSTED: 'the connection could not be verified as secure',
  CONNECTION_RESET: 'the connection was cut off',
};

/** The status bar's word on the connection to Linq. */
export function connectionText(status: OutboxStatus): string {
  if (status.connection === 'reachable') return 'Online';
  if (status.connection === 'unknown') return 'Connecting…';
  const because = status.unreachableReason && UNREACHABLE_BECAUSE[status.unreachableReason.code];
  return because ? `Linq cannot be reached — ${because}` : 'Offline — Linq cannot be reached';
}

/**
 * What stops a waiting item when it has no failed attempt of its own to show: it was
 * submitted while Linq could not be reached, and the reason (with what to do) is Linq's.
 */
export function waitingReason(item: OutboxItem, status: OutboxStatus | null): AppError | null {
  if (item.state !== 'waiting' || item.lastError || status?.connection !== 'unreachable') {
    return null;
  }
  return status.unreachableReason;
}

/** "3 waiting · 1 needs a decision", leaving out what is zero. */
export function countsText(counts: OutboxCounts): string {
  const parts: string[] = [];
  if (counts.waiting) parts.push(`${counts.waiting} waiting`);
  if (counts.sending) parts.push(`${counts.sending} sending`);
  if (counts.inDoubt) parts.push(`${counts.inDoubt} being checked`);
  if (counts.needsDecision) {
    parts.push(
      `${counts.needsDecision} ${counts.needsDecision === 1 ? 'needs' : 'need'} a decision`,
    );
  }
  if (counts.failed) parts.push(`${counts.failed} failed`);
  return parts.join(' · ');
}

/** Items the user may still see move: waiting, sending or being checked. */
export function pendingCount(counts: OutboxCounts): number {
  return counts.waiting + counts.sending + counts.inDoubt;
}

/** Items that need the user: a decision, or a failure to fix. */
export function attentionCount(counts: OutboxCounts): number {
  return counts.needsDecision + counts.failed;
}

/** "in 12 s", "in 3 min" — for the next scheduled attempt. */
export function dueIn(iso: string | null, now: number): string | null {
  if (!iso) return null;
  const seconds = Math.max(0, Math.round((Date.parse(iso) - now) / 1000));
  if (seconds < 1) return 'now';
  if (seconds < 90) return `in ${seconds} s`;
  return `in ${Math.round(seconds / 60)} min`;
}

export function isFinished(item: OutboxItem): boolean {
  return item.state === 'done' || item.state === 'cancelled';
}

/** Refusals of the card's details themselves: sent again as they are, they are refused again. */
const REFUSED_FOR_GOOD = new Set<AppErrorCode>([
  'INVALID_INPUT',
  'INVALID_PHONE',
  'PAYLOAD_TOO_LARGE',
]);

/** A refusal that sending the same card again cannot fix: only an edit can. */
export function onlyAnEditFixes(error: AppError | null): boolean {
  return error !== null && REFUSED_FOR_GOOD.has(error.code);
}

/** A failed item that only an edit can fix: it offers Edit and Cancel, never Retry. */
export function refusedForGood(item: OutboxItem): boolean {
  return item.state === 'failed' && onlyAnEditFixes(item.lastError);
}

const FIELD_WORDS: Record<RefusedField, string> = {
  firstName: 'first name',
  lastName: 'last name',
  phoneNumber: 'phone number',
  imageUrl: 'image URL',
  photo: 'photo',
};

/** "the last name", for a refusal that names the detail; null when it names none. */
export function refusedFieldWords(error: AppError): string | null {
  return error.field ? FIELD_WORDS[error.field] : null;
}

/** Linq's own words for a refusal ("last_name must be at most 25 characters"), if it gave any. */
export function linqReason(error: AppError): string | null {
  if (error.detail && !error.detail.startsWith('Linq answered with HTTP')) return error.detail;
  // An unknown code carries Linq's words in the message instead (see linqFailureToAppError).
  return /Linq says: “(.+)”$/.exec(error.message)?.[1] ?? null;
}

/** Why Linq refused an item, with Linq's own reason, and what fixes it (an edit, not a retry). */
function failedLine(error: AppError | null): string {
  if (!error) return 'Linq refused this card. Edit it and submit it again.';
  if (!REFUSED_FOR_GOOD.has(error.code)) return error.message;
  const field = refusedFieldWords(error);
  const reason = linqReason(error);
  const what = `Linq refused ${field ? `the ${field}` : 'some of the details'}`;
  const fix =
    error.field === 'photo'
      ? 'Edit the card and choose another photo.'
      : 'Edit the card to change it: as it is, Linq would refuse it again.';
  return `${reason ? `${what}: “${reason}”.` : `${what}.`} ${fix}`;
}

/**
 * An error's message for an item the app sends again by itself: the catalogue's "then try
 * again" and "Try again …" sentences are for actions the user repeats, and would tell the user
 * to do what the outbox already does.
 */
export function withoutTryAgain(message: string): string {
  const sentences = message.split(/(?<=[.!?])\s+/);
  const kept = sentences
    .filter((sentence) => !/^(Try again|Wait a moment)\b/.test(sentence))
    .map((sentence) => sentence.replace(/,? then try again(?=[.!?]$)/, ''));
  return kept.join(' ') || message;
}

/** The heading for a submission followed on the New card screen. */
export function submissionTitle(item: OutboxItem, number: string): string {
  const verb = item.action === 'setup' ? 'set up' : 'updated';
  switch (item.state) {
    case 'waiting':
      if (item.combinedInto !== null)
        return `Card for ${number} saved — combined with #${item.combinedInto}`;
      if (item.waitingFor === 'line-hold') return `Card for ${number} saved — the line is on hold`;
      if (item.waitingFor === 'write-budget') {
        return `Card for ${number} saved — waiting for Linq’s limit`;
      }
      return `Card for ${number} saved — not sent yet`;
    case 'sending':
      return `Sending the card for ${number}…`;
    case 'in-doubt':
      if (isNotActiveFollowUp(item)) return `The card for ${number} is not active yet`;
      return `Checking with Linq whether the card for ${number} arrived…`;
    case 'needs-decision':
      return `The card for ${number} needs your decision`;
    case 'failed':
      return `The card for ${number} was not ${verb}`;
    case 'cancelled':
      return `The card for ${number} was cancelled`;
    case 'done':
      return `The card for ${number} was ${verb}`;
  }
}

/** A few words on why sending is paused, for the status bar. */
export function pauseReason(error: AppError): string {
  switch (error.code) {
    case 'KEY_REJECTED':
      return 'Linq did not accept the API key.';
    case 'KEY_MISSING':
      return 'no API key is set.';
    case 'PERMISSION_DENIED':
      return 'the API key is not allowed to change contact cards.';
    case 'KEYCHAIN_LOCKED':
      return 'the system keychain is locked.';
    case 'API_ADDRESS_NOT_APPROVED':
      return 'the saved API address has not been approved on this computer.';
    default:
      return 'the API key cannot be read from the keychain.';
  }
}

/**
 * The newest unfinished item per phone number in the snapshot: what History shows over a
 * card's row while Linq's limits or a not-active card hold its latest submission.
 */
export function openItemsByNumber(items: readonly OutboxItem[]): Map<string, OutboxItem> {
  const map = new Map<string, OutboxItem>();
  for (const item of items) {
    if (isFinished(item)) continue;
    const seen = map.get(item.phoneNumber);
    if (!seen || item.id > seen.id) map.set(item.phoneNumber, item);
  }
  return map;
}

/**
 * What History says about a number's latest submission when Linq's limits or a card left not
 * active hold it: a badge and a line with the time (and the reason); null otherwise.
 */
export function historyNote(
  item: OutboxItem | undefined,
  now: number,
  locale?: string,
): { label: string; tone: Tone; line: string; reason: string | null } | null {
  if (!item) return null;
  if (isNotActiveFollowUp(item)) {
    return {
      label: 'Not active yet',
      tone: 'warning',
      line: `Not active yet — next check at ${at(item, now, locale)}`,
      reason: item.lastError?.message ?? null,
    };
  }
  if (item.state === 'needs-decision' && item.decision?.reason === 'not-active') {
    return {
      label: 'Needs your decision',
      tone: 'warning',
      line: 'Linq keeps this card not active after several tries. Decide in the Outbox.',
      reason: null,
    };
  }
  if (item.state !== 'waiting') return null;
  if (item.combinedInto !== null) {
    return {
      label: 'Combined',
      tone: 'neutral',
      line: `The latest change (#${item.id}) is combined with #${item.combinedInto} — sent as one request.`,
      reason: null,
    };
  }
  const text = item.waitingFor ? describeItem(item, null, now, locale) : null;
  return text ? { label: text.label, tone: text.tone, line: text.line, reason: null } : null;
}

/**
 * For each waiting item queued behind an earlier item of its number that Linq's limits hold
 * back (which it will be combined with, if it is an update): that earlier item.
 */
export function queuedBehindLimit(items: readonly OutboxItem[]): Map<number, OutboxItem> {
  const heads = new Map<string, OutboxItem>();
  const behind = new Map<number, OutboxItem>();
  for (const item of [...items].sort((a, b) => a.id - b.id)) {
    if (item.state !== 'waiting' || item.combinedInto !== null) continue;
    const head = heads.get(item.phoneNumber);
    if (head) behind.set(item.id, head);
    else if (item.waitingFor) heads.set(item.phoneNumber, item);
  }
  return behind;
}

/** A waiting item behind `head`, which Linq's limits hold until a time. */
export function describeBehind(
  item: OutboxItem,
  head: OutboxItem,
  now: number,
  locale?: string,
): StateText {
  const when = at(head, now, locale);
  const hold = head.waitingFor === 'line-hold';
  return {
    label: hold ? 'Line on hold' : 'Waiting for Linq’s limit',
    tone: hold ? 'warning' : 'neutral',
    line:
      item.action === 'update'
        ? `Goes with #${head.id} at ${when}: changes to this line that wait are combined into one request.`
        : `Sent after #${head.id}, not before ${when}.`,
  };
}

/**
 * The card's whole name as this item makes it: as Linq confirmed it once done; for an update
 * not done yet, the card Linq last confirmed with this change over it; for a setup, its names.
 */
export function cardNameAfter(item: OutboxItem): string {
  if (item.card) return fullName(item.card.firstName, item.card.lastName);
  const base = item.action === 'update' ? item.confirmedNames : null;
  const lastName = item.fields.lastName !== undefined ? item.fields.lastName : base?.lastName;
  return fullName(item.fields.firstName ?? base?.firstName ?? null, lastName);
}

/** "changed: last name, photo", for an update; null for a setup (everything is new). */
export function changedText(item: OutboxItem): string | null {
  if (item.action !== 'update') return null;
  const changed = [
    item.fields.firstName !== undefined ? 'first name' : null,
    item.fields.lastName !== undefined
      ? item.fields.lastName === ''
        ? 'last name removed'
        : 'last name'
      : null,
    item.fields.imageUrl !== undefined || item.fields.photo ? 'photo' : null,
  ].filter((part) => part !== null);
  return changed.length > 0 ? `changed: ${changed.join(', ')}` : null;
}
