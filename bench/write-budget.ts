// Benchmark of the outbox under Linq's per-number write budget, in-process against the fake
// Linq API on loopback with the budget switched on (3 writes per number per window; Linq's
// window is 10 minutes, here 10 s so that a run takes seconds), the real keychain and a real
// SQLite file: an import of 1,000 lines, then three rounds of changes to 100 of them (one
// import each, as the same number cannot be on two rows of one import).
// - requests per submission: how much combining saves (1,300 submissions);
// - time to settle against the lower bound: without combining, the 1,300 writes need at least
//   1,300 x latency / concurrency, and the 100 lines with 4 writes wait a whole window;
// - writes beyond the budget (the fake's 429s): must be 0.
// Two arrivals: every round queued at once, and rounds arriving while the first import sends.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices, type Services } from '../electron/services/index.ts';
import { budgetLowerBoundMs } from '../electron/services/outbox/write-budget.ts';
import { globalFetch } from '../electron/services/net/fetch.ts';
import type { ImportRequest } from '../shared/import.schema.ts';
import { startFakeLinq } from '../test/fake-linq/server.ts';

const LINES = 1_000;
const CHANGED_LINES = 100;
const ROUNDS = 3;
const LATENCY_MS = 50;
const CONCURRENCY = 4;
const WINDOW_MS = 10_000;
const BUDGET = { limit: 3, windowMs: WINDOW_MS, marginMs: 100 };

export interface BudgetRun {
  arrival: 'at once' | 'while sending';
  submissions: number;
  writes: number;
  settleMs: number;
  /** Without combining: every submission its own write, within the budget. */
  uncombinedBoundMs: number;
  beyondBudget: number;
}

export interface BudgetFigures {
  runs: BudgetRun[];
}

const number = (i: number) => `+1415${String(6_000_000 + i).padStart(7, '0')}`;

function importOf(rows: ImportRequest['rows']): ImportRequest {
  return { requestId: randomUUID(), fileName: 'stores.csv', rows, skipped: [] };
}

const setups = importOf(
  Array.from({ length: LINES }, (_, i) => ({
    line: i + 2,
    action: 'setup' as const,
    phoneNumber: number(i),
    firstName: `Store ${i}`,
    lastName: 'Support',
  })),
);

/** Round r changes the first 100 lines (sent first, so their changes meet the budget). */
const round = (r: number) =>
  importOf(
    Array.from({ length: CHANGED_LINES }, (_, i) => ({
      line: i + 2,
      action: 'update' as const,
      phoneNumber: number(i),
      firstName: `Store ${i}`,
      lastName: `Round ${r}`,
    })),
  );

function open(services: Services): number {
  const { counts } = services.outboxSnapshot().status;
  return counts.waiting + counts.sending + counts.inDoubt;
}

async function imported(services: Services, request: ImportRequest): Promise<void> {
  const result = await services.dispatch('importCards', request);
  if (!result.ok) throw new Error(`importCards: ${JSON.stringify(result.error)}`);
}

async function once(arrival: BudgetRun['arrival']): Promise<BudgetRun> {
  const fake = await startFakeLinq();
  const dataDir = await mkdtemp(join(tmpdir(), 'linq-bench-budget-'));
  const services = createServices({
    fetch: globalFetch,
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService: `linq-bench-budget-${process.pid}-${arrival.length}`,
    locale: 'en-US',
    version: 'bench',
    outboxConcurrency: CONCURRENCY,
    writeBudget: BUDGET,
    syncOnConnect: false,
  });
  try {
    await services.storeKeyUnchecked(fake.apiKey);
    fake.setWriteBudget({ limit: BUDGET.limit, windowMs: WINDOW_MS });
    fake.setLatency(LATENCY_MS);
    if (arrival === 'at once') await fake.goOffline();
    await imported(services, setups);
    const started = performance.now();
    if (arrival === 'at once') {
      for (let r = 1; r <= ROUNDS; r++) await imported(services, round(r));
      await fake.goOnline();
      await services.dispatch('checkConnection', undefined);
    } else {
      // The rounds come in while the first import is being sent: the first after its
      // changed lines have gone, the next ones close behind.
      for (let r = 1; r <= ROUNDS; r++) {
        await new Promise((resolve) => setTimeout(resolve, r === 1 ? 1_500 : 200));
        await imported(services, round(r));
      }
    }
    while (open(services) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const settleMs = performance.now() - started;
    const writes = fake.requests.filter(
      (r) => r.path.endsWith('/contact_card') && (r.method === 'POST' || r.method === 'PATCH'),
    ).length;
    const submissions = LINES + CHANGED_LINES * ROUNDS;
    const card = fake.cards.get(number(0));
    if (card?.last_name !== `Round ${ROUNDS}`) throw new Error('the last round was not applied');
    return {
      arrival,
      submissions,
      writes,
      settleMs,
      uncombinedBoundMs: Math.max(
        (submissions * LATENCY_MS) / CONCURRENCY,
        budgetLowerBoundMs(1 + ROUNDS, BUDGET),
      ),
      beyondBudget: fake.writeLimits.budgetRefusals,
    };
  } finally {
    await services.dispatch('removeKey', undefined);
    await services.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchWriteBudget(): Promise<BudgetFigures> {
  return { runs: [await once('at once'), await once('while sending')] };
}

export function reportWriteBudget({ runs }: BudgetFigures): boolean {
  console.log(
    `Write budget (3 writes per number per ${WINDOW_MS / 1000} s; ${LINES} lines imported, then ${ROUNDS} rounds of changes to ${CHANGED_LINES} of them; ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY})`,
  );
  let ok = true;
  for (const run of runs) {
    const perSubmission = run.writes / run.submissions;
    console.log(
      `  rounds ${run.arrival.padEnd(13)}  ${run.writes} requests for ${run.submissions} submissions (${perSubmission.toFixed(2)} per submission); settled in ${(run.settleMs / 1000).toFixed(1)} s against ${(run.uncombinedBoundMs / 1000).toFixed(1)} s, the lower bound without combining (${((run.settleMs / run.uncombinedBoundMs) * 100).toFixed(0)} %) and ${((run.writes * LATENCY_MS) / CONCURRENCY / 1000).toFixed(1)} s, the latency limit of the requests sent; writes beyond the budget ${run.beyondBudget}`,
    );
    // Targets: nothing beyond the budget, and combining sends fewer requests than submissions.
    if (run.beyondBudget !== 0 || perSubmission >= 1) ok = false;
  }
  console.log(
    `  target: 0 writes beyond the budget, under 1 request per submission: ${ok ? 'met' : 'MISSED'}`,
  );
  return ok;
}
