// Plain words for outbox items and the sender's status, used by the status bar, the outbox
// view and the New card screen, so that each state is described the same way everywhere.
import type { AppError, AppErrorCode } from '../../../shared/errors.ts';
import type { OutboxCounts, OutboxItem, OutboxStatus } from '../../../shared/outbox.ts';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'accent';

export interface StateText {
  /** A short badge, e.g. "Waiting". */
  label: string;
  tone: Tone;
  /** One sentence on what is happening and what, if anything, the user should do. */
  line: string;
}

function waitingLine(status: OutboxStatus | null): string {
  if (status?.pausedBy) return 'Saved. Sending is paused until the API key works again.';
  if (status?.connection === 'unreachable') {
    return 'Saved — will be sent when Linq can be reached again.';
  }
  return 'Saved — will be sent shortly.';
}

export function describeItem(item: OutboxItem, status: OutboxStatus | null): StateText {
  switch (item.state) {
    case 'waiting':
      return {
        label: item.attempts > 0 ? 'Will retry' : 'Waiting',
        tone: 'neutral',
        line: waitingLine(status),
      };
    case 'sending':
      return { label: 'Sending', tone: 'accent', line: 'Sending to Linq now…' };
    case 'in-doubt':
      return {
        label: 'Checking',
        tone: 'warning',
        line: 'The answer from Linq was lost on the way. The app reads the card back before sending anything again, so it is never applied twice.',
      };
    case 'needs-decision':
      return {
        label: 'Needs your decision',
        tone: 'warning',
        line:
          item.decision?.reason === 'card-exists'
            ? 'This number already has a card. Choose whether to update it.'
            : 'Linq shows something other than what was sent. Choose which version to keep.',
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

/** Why Linq refused an item. The catalogue's INVALID_INPUT text points at form fields, which a
 * refusal from Linq has not highlighted, so it gets its own words. */
function failedLine(error: AppError | null): string {
  if (!error) return 'Linq refused this card. Edit it and submit it again.';
  if (error.code === 'INVALID_INPUT') {
    return 'Linq refused some of the details. Edit the card and submit it again.';
  }
  return error.message;
}

/** The heading for a submission followed on the New card screen. */
export function submissionTitle(item: OutboxItem, number: string): string {
  const verb = item.action === 'setup' ? 'set up' : 'updated';
  switch (item.state) {
    case 'waiting':
      return `Card for ${number} saved — not sent yet`;
    case 'sending':
      return `Sending the card for ${number}…`;
    case 'in-doubt':
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
    default:
      return 'the API key cannot be read from the keychain.';
  }
}
