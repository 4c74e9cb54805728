// When a batch of held changes should have gone, within Linq's write budget (3 contact-card
// writes per number in 10 minutes, holds after 503/4004) and the sender's concurrency: the
// Outbox can then say "the last line goes at about 10:40" before the user releases it, and a
// line that has had its three writes is named rather than discovered. Pure: it only predicts;
// the sender still enforces the budget (sender.ts deferForLimits).
import { nextWriteAtMs, type WriteBudget } from './write-budget.ts';

/** One line of the batch, in the order its change would go (submission order). */
export interface PlannedLine {
  phoneNumber: string;
  /** When the line's recorded writes count from (see write-ledger.ts). */
  countedAtMs: readonly number[];
  /** No write to the line before this (a 503/4004 hold; 0: none). */
  holdUntilMs: number;
  /** Open changes to the line ahead of the batch's own: each one write, sent first. */
  ahead: number;
}

export interface WritePlanOptions {
  budget: WriteBudget;
  /** Requests the sender has out at once (across lines). */
  concurrency: number;
  /** How long one write takes, from leaving to its answer. */
  perWriteMs: number;
}

export interface WaitingLine {
  phoneNumber: string;
  /** When its change should go. */
  atMs: number;
  reason: 'write-budget' | 'line-hold';
}

export interface WritePlan {
  /** When the batch's first change should go; null for an empty batch. */
  firstAtMs: number | null;
  /** When its last change should have been answered; null for an empty batch. */
  lastAtMs: number | null;
  /** Lines whose own change waits for Linq's limits past the time a request slot is free. */
  waitingLines: WaitingLine[];
}

/**
 * Simulates the sender from `startMs` (now, or a schedule's time). First each line on its own:
 * its earlier changes go before the batch's own, each as soon as the line's budget or hold
 * allows, counted against the line from its answer. Then the writes in the order they become
 * allowed take the earliest free request slot (a line waiting for its budget never keeps a
 * slot from another line: the sender defers it and moves on).
 */
export function planWrites(
  lines: readonly PlannedLine[],
  startMs: number,
  options: WritePlanOptions,
): WritePlan {
  interface Write {
    line: number;
    allowedMs: number;
    own: boolean;
  }
  const writes: Write[] = [];
  lines.forEach((line, index) => {
    const counted = [...line.countedAtMs];
    let readyMs = startMs;
    for (let write = 0; write <= line.ahead; write++) {
      const allowedMs = nextWriteAtMs(counted, line.holdUntilMs, readyMs, options.budget);
      writes.push({ line: index, allowedMs, own: write === line.ahead });
      counted.push(allowedMs + options.perWriteMs);
      readyMs = allowedMs + options.perWriteMs; // one request per line at a time
    }
  });
  // Stable: equal times keep submission order.
  const order = writes.map((write, index) => ({ write, index }));
  order.sort((a, b) => a.write.allowedMs - b.write.allowedMs || a.index - b.index);

  const slots: number[] = Array.from({ length: Math.max(1, options.concurrency) }, () => startMs);
  const waitingLines: WaitingLine[] = [];
  let firstAtMs: number | null = null;
  let lastAtMs: number | null = null;
  for (const { write } of order) {
    let slot = 0;
    for (let i = 1; i < slots.length; i++) if (slots[i]! < slots[slot]!) slot = i;
    const freeMs = slots[slot]!;
    const leavesMs = Math.max(freeMs, write.allowedMs);
    slots[slot] = leavesMs + options.perWriteMs;
    if (!write.own) continue;
    firstAtMs = firstAtMs === null ? leavesMs : Math.min(firstAtMs, leavesMs);
    lastAtMs = Math.max(lastAtMs ?? 0, leavesMs + options.perWriteMs);
    const line = lines[write.line]!;
    // Later than its line's earlier changes alone would make it: Linq's limits keep it back.
    if (write.allowedMs > startMs + line.ahead * options.perWriteMs) {
      waitingLines.push({
        phoneNumber: line.phoneNumber,
        atMs: leavesMs,
        reason: line.holdUntilMs >= write.allowedMs ? 'line-hold' : 'write-budget',
      });
    }
  }
  return { firstAtMs, lastAtMs, waitingLines };
}
