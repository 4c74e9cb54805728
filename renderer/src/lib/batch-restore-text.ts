// The words of a batch restore's confirmation (an undo of an import, a restore of lines) that
// follow "How to send": the button, and the sentence under the choice saying when the cards go
// back and what waits in the Outbox. Pure, so each choice's wording is unit-tested.
import type { RolloutChoice } from './rollout-choice.ts';
import { localTimeZone, zonedTime } from './rollout-text.ts';

const count = new Intl.NumberFormat('en-US');

export const cards = (n: number) => `${count.format(n)} ${n === 1 ? 'card' : 'cards'}`;

/** The chosen time as a date-time, or null when none (or no valid one) is chosen. */
function chosenAt(choice: RolloutChoice): string | null {
  if (choice.when !== 'at' || choice.sendAt === '') return null;
  const at = new Date(choice.sendAt);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * The confirm button: what pressing it does, now or at the chosen time. `verb`: what puts the
 * cards back (an undo of an import, or a restore of lines to an earlier time).
 */
export function undoButtonText(
  sending: number,
  choice: RolloutChoice,
  verb: 'Undo' | 'Restore' = 'Undo',
): string {
  if (sending === 0) return verb === 'Undo' ? 'Undo the import' : 'Nothing to restore';
  const firstOnly = choice.firstLineFirst && sending > 1;
  if (choice.when === 'at') {
    return firstOnly
      ? `${verb}: schedule the first card, hold the rest`
      : `${verb}: schedule ${cards(sending)}`;
  }
  return firstOnly
    ? `${verb}: send the first card back, hold the rest`
    : `${verb}: send ${cards(sending)} back`;
}

/** What waits after the first card: "the other 2 cards then wait in the Outbox…". */
function heldText(rest: number): string {
  const others = rest === 1 ? 'the other card then waits' : `the other ${cards(rest)} then wait`;
  return `${others} in the Outbox until you choose “Send the rest” there`;
}

/** When the cards go back, as chosen; null for "now, all at once" (nothing to say). */
export function undoWhenText(
  sending: number,
  choice: RolloutChoice,
  timeZone = localTimeZone(),
): string | null {
  if (sending === 0) return null;
  const firstOnly = choice.firstLineFirst && sending > 1;
  if (choice.when === 'at') {
    const at = chosenAt(choice);
    if (!at) return null;
    const when = zonedTime(at, timeZone);
    if (firstOnly) return `At ${when} the first card goes back; ${heldText(sending - 1)}.`;
    if (sending === 1) return `The card waits in the Outbox and goes back at ${when}.`;
    return `All ${cards(sending)} wait in the Outbox and go back at ${when}.`;
  }
  if (firstOnly) return `The first card goes back now; ${heldText(sending - 1)}.`;
  return null;
}
