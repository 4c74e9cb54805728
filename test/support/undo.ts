// Helpers for tests of undoing an import through the services: waiting for an import (or an
// undo, which is one) to finish, starting an undo, reading its summary rows, storing a photo.
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { PhotoRef } from '../../shared/card.schema.ts';
import type { ImportProgress, ImportRowResult, ImportRows } from '../../shared/import.schema.ts';
import type { RolloutOptions } from '../../shared/rollout.schema.ts';
import { readFixture } from './image-bytes.ts';
import type { Harness } from './services-harness.ts';

export const progressOf = (h: Harness, id: number) => h.value<ImportProgress>('getImport', { id });

/** Waits until the import (or undo) has an answer for every row. */
export async function importFinished(h: Harness, id: number): Promise<ImportProgress> {
  await expect
    .poll(async () => (await progressOf(h, id)).finishedAt, { timeout: 60_000, interval: 100 })
    .not.toBeNull();
  return progressOf(h, id);
}

/** Starts the undo of `importId` (nothing included), held back as `rollout` says. */
export function undoImport(
  h: Harness,
  importId: number,
  rollout?: RolloutOptions,
): Promise<ImportProgress> {
  return h.value<ImportProgress>('undoImport', {
    requestId: randomUUID(),
    importId,
    include: [],
    ...(rollout ? { rollout } : {}),
  });
}

/** Every row of an import's (or undo's) summary, in file order. */
export async function summaryRows(h: Harness, id: number): Promise<ImportRowResult[]> {
  const page = await h.value<ImportRows>('listImportRows', {
    id,
    outcome: 'all',
    offset: 0,
    limit: 500,
  });
  return page.rows;
}

/** A fixture photo in the photo store, as a dropped photo is. */
export function storePhoto(h: Harness, fixture: string): Promise<PhotoRef> {
  const bytes = readFixture(fixture);
  return h.value<PhotoRef>('storePhoto', {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentType: fixture.endsWith('.png') ? 'image/png' : 'image/jpeg',
    base64: Buffer.from(bytes).toString('base64'),
  });
}

/** The card writes (not reads) the fake received, from `start` on. */
export const cardWrites = (h: Harness, start = 0) =>
  h.fake.requests
    .slice(start)
    .filter((r) => r.path.includes('/contact_card') && r.method !== 'GET');
