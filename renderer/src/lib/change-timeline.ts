// A number's timeline as people at the desk read it: one entry per change (a set-up or an
// update), with how it ended in plain words, instead of the three or more records the outbox
// writes for it ("Saved to send", "Attempt: Sent; Linq applied it", "Set up"). The records
// stay available as the entry's steps, for support. Events of no change (a sync) stand alone.
import type { CardEvent } from '../../../shared/card-history.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';

export type EntryTone = 'success' | 'warning' | 'danger' | 'neutral';

export interface TimelineEntry {
  key: string;
  /** When the change last moved (its newest record). */
  at: string;
  /** "Set up", "Update failed", "Synced from Linq"… */
  title: string;
  /** How it ended, or where it stands, in one sentence; null when the title says it all. */
  outcome: string | null;
  tone: EntryTone;
  /** Which request carried it, when it went together with other changes. */
  combinedNote: string | null;
  /** The latest error of the change, with Linq's reason. */
  error: AppError | null;
  /** Attempts made to send it. */
  attempts: number;
  /** The records it is made of, newest first (shown folded). */
  steps: CardEvent[];
}

const STEP_WORDS: Record<CardEvent['kind'], string> = {
  queued: 'Saved to send',
  held: 'Saved and held back',
  attempt: 'Attempt',
  'set-up': 'Set up',
  updated: 'Updated',
  failed: 'Failed',
  'needs-decision': 'Needs a decision',
  decision: 'Decision taken',
  cancelled: 'Cancelled',
  synced: 'Synced from Linq',
  combined: 'Combined into one request',
};

export function stepWords(event: CardEvent): string {
  return STEP_WORDS[event.kind];
}

type Change = 'setup' | 'update' | null;

function changeOf(steps: readonly CardEvent[]): Change {
  for (const step of steps) {
    if (step.kind === 'set-up' || step.detail?.startsWith('Set-up')) return 'setup';
    if (step.kind === 'updated' || step.detail?.startsWith('Update')) return 'update';
  }
  return null;
}

/** "Set-up", "Update" or "Change", as the first word of an entry. */
function noun(change: Change): string {
  return change === 'setup' ? 'Set-up' : change === 'update' ? 'Update' : 'Change';
}

function describe(steps: readonly CardEvent[]): Pick<TimelineEntry, 'title' | 'outcome' | 'tone'> {
  const change = changeOf(steps);
  const what = noun(change);
  // The newest record that says how the change stands (attempts and "saved" only lead to it).
  const last = steps.find(
    (step) => step.kind !== 'attempt' && step.kind !== 'queued' && step.kind !== 'held',
  );
  // Until a rollout lets it go ("Released by rollout …" is queued after it), it is held.
  const queuedLast = steps.find((step) => step.kind === 'queued' || step.kind === 'held');
  const lastAttempt = steps.find((step) => step.kind === 'attempt');
  switch (last?.kind) {
    case 'set-up':
    case 'updated':
      return {
        title: last.kind === 'set-up' ? 'Set up' : 'Updated',
        // "Sent; Linq applied it", or how it was confirmed when the answer was lost.
        outcome: last.detail ?? lastAttempt?.detail ?? null,
        tone: 'success',
      };
    case 'failed':
      return {
        title: `${what} failed`,
        outcome: 'Linq refused it; nothing was changed.',
        tone: 'danger',
      };
    case 'needs-decision':
      return {
        title: `${what} needs your decision`,
        outcome: last.detail,
        tone: 'warning',
      };
    case 'decision':
      return { title: `${what}: decision taken`, outcome: last.detail, tone: 'neutral' };
    case 'cancelled':
      return { title: `${what} cancelled`, outcome: 'Not sent.', tone: 'neutral' };
    case 'combined':
      return { title: `${what} combined with others`, outcome: last.detail, tone: 'neutral' };
    default:
      if (queuedLast?.kind === 'held') {
        return { title: `${what} held back`, outcome: queuedLast.detail, tone: 'neutral' };
      }
      return {
        title: `${what} waiting to be sent`,
        outcome: lastAttempt?.detail ?? 'Saved; it is sent when Linq can be reached.',
        tone: 'neutral',
      };
  }
}

/** `events` newest first (as main sends them); the entries come out newest first too. */
export function changeTimeline(events: readonly CardEvent[]): TimelineEntry[] {
  const byChange = new Map<number, CardEvent[]>();
  const order: (CardEvent | number)[] = [];
  for (const event of events) {
    if (event.outboxId === null) {
      order.push(event);
      continue;
    }
    const steps = byChange.get(event.outboxId);
    if (steps) steps.push(event);
    else {
      byChange.set(event.outboxId, [event]);
      order.push(event.outboxId);
    }
  }
  return order.map((slot) => {
    if (typeof slot !== 'number') {
      return {
        key: `event-${slot.id}`,
        at: slot.at,
        title: stepWords(slot),
        outcome: slot.detail,
        tone: 'neutral',
        combinedNote: null,
        error: slot.error,
        attempts: 0,
        steps: [slot],
      };
    }
    const steps = byChange.get(slot)!;
    const described = describe(steps);
    return {
      key: `change-${slot}`,
      at: steps[0]!.at,
      ...described,
      // Said once: not again when "combined" is already the entry's own outcome.
      combinedNote: described.title.endsWith('combined with others')
        ? null
        : (steps.find((step) => step.kind === 'combined')?.detail ?? null),
      // A failed try on the way to success is history, not news: it stays in the steps.
      error:
        described.tone === 'success'
          ? null
          : (steps.find((step) => step.error !== null)?.error ?? null),
      attempts: steps.filter((step) => step.kind === 'attempt').length,
      steps,
    };
  });
}
