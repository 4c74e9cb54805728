// Helpers for tests of held and scheduled rollouts through the services: finding a rollout in
// the outbox snapshot, waiting for it, and proving that nothing of it was sent by draining an
// unrelated change (items are due in id order: had a held item been due, it would have gone
// before the later, unrelated one).
import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import type { ImportProgress, ImportRequest, ImportRow } from '../../shared/import.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { RolloutOptions, RolloutSummary } from '../../shared/rollout.schema.ts';
import type { Harness } from './services-harness.ts';

export const rolloutNumber = (i: number) => `+1415555${String(3000 + i).padStart(4, '0')}`;

/** Set-ups of `count` new lines, the first being line 2 of the file. */
export function setupRows(count: number, first = 0): ImportRow[] {
  return Array.from({ length: count }, (_, i) => ({
    line: i + 2,
    action: 'setup' as const,
    phoneNumber: rolloutNumber(first + i),
    firstName: `Store ${first + i}`,
    lastName: 'Rebrand',
  }));
}

export function importWith(
  h: Harness,
  rows: ImportRow[],
  rollout: RolloutOptions | undefined,
): Promise<ImportProgress> {
  const request: ImportRequest = {
    requestId: randomUUID(),
    fileName: 'stores.csv',
    rows,
    skipped: [],
    ...(rollout ? { rollout } : {}),
  };
  return h.value<ImportProgress>('importCards', request);
}

export async function rollouts(h: Harness): Promise<RolloutSummary[]> {
  return h.services.outboxSnapshot().rollouts ?? [];
}

export async function waitForRollout(
  h: Harness,
  done: (rollout: RolloutSummary) => boolean,
  timeoutMs = 10_000,
): Promise<RolloutSummary> {
  let found: RolloutSummary | undefined;
  await vi.waitFor(
    async () => {
      found = (await rollouts(h)).find(done);
      expect(found, JSON.stringify(await rollouts(h))).toBeDefined();
    },
    { timeout: timeoutMs, interval: 20 },
  );
  return found!;
}

export async function rolloutItems(h: Harness, id: number): Promise<OutboxItem[]> {
  return h.services.rolloutItems({ id, offset: 0, limit: 500 }).items;
}

/** Waits until every item of the rollout is done. */
export async function waitForAllDone(h: Harness, id: number): Promise<OutboxItem[]> {
  let items: OutboxItem[] = [];
  await vi.waitFor(
    async () => {
      items = await rolloutItems(h, id);
      expect(items.map((item) => item.state)).toEqual(items.map(() => 'done'));
    },
    { timeout: 15_000, interval: 25 },
  );
  return items;
}

/** An unrelated change, sent and done: everything due before it has gone too. */
export async function drainUnrelated(h: Harness, i: number): Promise<void> {
  const item = await h.value<OutboxItem>('setupCard', {
    phoneNumber: rolloutNumber(900 + i),
    firstName: `Unrelated ${i}`,
  });
  await h.waitForItem(item.id, (done) => done.state === 'done');
}

/** The numbers the fake applied a card write for, in order (repeats kept). */
export function writtenNumbers(h: Harness, among: readonly string[]): string[] {
  return h.fake.ledger
    .filter((entry) => entry.phoneNumber !== undefined && among.includes(entry.phoneNumber))
    .map((entry) => entry.phoneNumber!);
}
