// Benchmark of undoing an import of 1,000 cards: 1,000 cards at the fake Linq API are synced
// and updated by an import that drains; then, with Linq unreachable (so only this app's work
// is measured, not sending), the undo's plan (planUndoImport: every row classified against its
// version from before the import) and its enqueue (undoImport: 1,000 restores committed with
// the job's rows) are timed through the contract, in a fresh data folder each run.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices, type Services } from '../electron/services/index.ts';
import { globalFetch } from '../electron/services/net/fetch.ts';
import type { ImportProgress, ImportRequest } from '../shared/import.schema.ts';
import type { UndoPlan } from '../shared/undo.schema.ts';
import { startFakeLinq } from '../test/fake-linq/server.ts';

const CARDS = Number(process.env.BENCH_UNDO_CARDS ?? 1_000);
const RUNS = Number(process.env.BENCH_UNDO_RUNS ?? 3);
const PLAN_TARGET_MS = 500;
const ENQUEUE_TARGET_MS = 1_000;

export interface UndoFigures {
  cards: number;
  planMs: number[];
  enqueueMs: number[];
  medianPlanMs: number;
  medianEnqueueMs: number;
}

const number = (i: number) => `+1415${String(6_000_000 + i).padStart(7, '0')}`;

async function value<T>(services: Services, name: string, payload?: unknown): Promise<T> {
  const result = await services.dispatch(name as never, payload as never);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function once(run: number): Promise<{ planMs: number; enqueueMs: number }> {
  const fake = await startFakeLinq();
  const dataDir = await mkdtemp(join(tmpdir(), 'linq-bench-undo-'));
  for (let i = 0; i < CARDS; i++) {
    fake.seedCard({ phone_number: number(i), first_name: `Old ${i}`, last_name: 'Pharmacy' });
  }
  const services = createServices({
    fetch: globalFetch,
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService: `linq-bench-undo-${process.pid}-${run}`,
    locale: 'en-US',
    version: 'bench',
    syncOnConnect: false,
  });
  try {
    await services.storeKeyUnchecked(fake.apiKey);
    await value(services, 'syncCards');
    const request: ImportRequest = {
      requestId: randomUUID(),
      fileName: 'rebrand.csv',
      rows: Array.from({ length: CARDS }, (_, i) => ({
        line: i + 2,
        action: 'update' as const,
        phoneNumber: number(i),
        firstName: `New ${i}`,
        lastName: 'Chemist',
      })),
      skipped: [],
    };
    const imported = await value<ImportProgress>(services, 'importCards', request);
    for (;;) {
      const now = await value<ImportProgress>(services, 'getImport', { id: imported.id });
      if (now.finishedAt !== null) {
        if (now.counts.updated !== CARDS) throw new Error(`import: ${JSON.stringify(now.counts)}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await fake.goOffline(); // nothing of the undo is sent: only planning and enqueue count

    let started = performance.now();
    const plan = await value<UndoPlan>(services, 'planUndoImport', { importId: imported.id });
    const planMs = performance.now() - started;
    if (plan.counts.restore !== CARDS) throw new Error(`plan: ${JSON.stringify(plan.counts)}`);

    started = performance.now();
    const undo = await value<ImportProgress>(services, 'undoImport', {
      requestId: randomUUID(),
      importId: imported.id,
      include: [],
    });
    const enqueueMs = performance.now() - started;
    if (undo.total !== CARDS) throw new Error(`undo enqueued ${undo.total}`);
    return { planMs, enqueueMs };
  } finally {
    await services.dispatch('removeKey', undefined);
    await services.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchUndo(): Promise<UndoFigures> {
  const planMs: number[] = [];
  const enqueueMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const figures = await once(run);
    planMs.push(figures.planMs);
    enqueueMs.push(figures.enqueueMs);
  }
  return {
    cards: CARDS,
    planMs,
    enqueueMs,
    medianPlanMs: median(planMs),
    medianEnqueueMs: median(enqueueMs),
  };
}

export function reportUndo(figures: UndoFigures): boolean {
  const planOk = figures.medianPlanMs <= PLAN_TARGET_MS;
  const enqueueOk = figures.medianEnqueueMs <= ENQUEUE_TARGET_MS;
  const runs = (values: number[]) => values.map((ms) => ms.toFixed(0)).join(', ');
  console.log('Undo of an import (in-process, real keychain and SQLite, Linq unreachable)');
  console.log(
    `  planUndoImport of ${figures.cards} updated cards: median ${figures.medianPlanMs.toFixed(0)} ms of ${figures.planMs.length} runs (target <= ${PLAN_TARGET_MS} ms): ${planOk ? 'met' : 'MISSED'} | runs ${runs(figures.planMs)} ms`,
  );
  console.log(
    `  undoImport, ${figures.cards} restores to the durable commit: median ${figures.medianEnqueueMs.toFixed(0)} ms (target <= ${ENQUEUE_TARGET_MS} ms): ${enqueueOk ? 'met' : 'MISSED'} | runs ${runs(figures.enqueueMs)} ms`,
  );
  return planOk && enqueueOk;
}

if (import.meta.main) reportUndo(await benchUndo());
