// An undo of an import through the fault mix with the headless host killed (SIGKILL) and
// restarted on the same data folder while the undo sends. The import drains cleanly first;
// some of its cards are then changed at Linq (the undo must leave those alone). Judged, like
// runFaultedDrain, only from the fake's ledger and the SQLite file once the host has stopped.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { HOST_ENV } from '../../electron/headless/protocol.ts';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import type { ImportProgress, ImportRequest } from '../../shared/import.schema.ts';
import { startFakeLinq } from '../fake-linq/server.ts';
import { FAULT_RUN_BUDGET, KILL_WAIT_MS, requestInFlight, standardFaultMix } from './fault-run.ts';
import { startHostProcess, type HostProcess } from './host-process.ts';

export interface UndoFaultRunOptions {
  cards: number;
  /** Cards changed at Linq after the import: the undo must not touch them. */
  changedAtLinq: number;
  kills: number;
  requestTimeoutMs: number;
  seed: number;
  drainTimeoutMs: number;
}

export interface UndoFaultRunReport {
  /** Cards the undo was to put back. */
  restored: number;
  /** Put back, but not at their value from before the import at the end (or not done). */
  lost: string[];
  /** Numbers the undo's value was applied to more than once. */
  duplicated: string[];
  /** Cards changed at Linq since the import that the undo wrote to anyway. */
  touchedChangedSince: string[];
  /** The same request id, sent again after each restart, made another undo. */
  undoIds: number[];
  beyondBudget: number;
  withinHold: number;
  faults: Record<string, number>;
  killsMidRequest: number;
  hostOutput: string;
}

const number = (i: number) => `+1415557${String(1000 + i).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function value<T>(host: HostProcess, name: string, payload?: unknown): Promise<T> {
  const result = await host.invoke(name, payload);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function finished(host: HostProcess, id: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const progress = await value<ImportProgress>(host, 'getImport', { id }).catch(() => null);
    if (progress?.finishedAt) return;
    last = JSON.stringify(progress?.counts);
    await sleep(100);
  }
  throw new Error(`Import ${id} did not finish within ${timeoutMs} ms; last counts ${last}`);
}

export async function runFaultedUndo(options: UndoFaultRunOptions): Promise<UndoFaultRunReport> {
  const fake = await startFakeLinq({ downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
  const dataDir = await mkdtemp(join(tmpdir(), 'linq-undo-fault-run-'));
  const host = await startHostProcess({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService: `linq-undo-fault-run-${process.pid}-${options.seed}`,
    requestTimeoutMs: options.requestTimeoutMs,
    env: {
      [HOST_ENV.outboxBackoffMs]: '20,1000',
      [HOST_ENV.probeDelaysMs]: '20,500',
      [HOST_ENV.writeBudget]: `${FAULT_RUN_BUDGET.limit},${FAULT_RUN_BUDGET.windowMs}`,
      [HOST_ENV.notActive]: '100,3',
    },
  });
  const before = (i: number) => `Old ${i}`;
  const changedAtLinq = new Set(
    Array.from({ length: options.changedAtLinq }, (_, k) =>
      number(Math.floor((k * options.cards) / options.changedAtLinq)),
    ),
  );
  try {
    for (let i = 0; i < options.cards; i++) {
      fake.seedCard({ phone_number: number(i), first_name: before(i), last_name: 'Pharmacy' });
    }
    await host.storeKeyUnchecked(fake.apiKey);
    await value(host, 'syncCards');
    const request: ImportRequest = {
      requestId: randomUUID(),
      fileName: 'rebrand.csv',
      rows: Array.from({ length: options.cards }, (_, i) => ({
        line: i + 2,
        action: 'update' as const,
        phoneNumber: number(i),
        firstName: `New ${i}`,
      })),
      skipped: [],
    };
    const imported = await value<ImportProgress>(host, 'importCards', request);
    await finished(host, imported.id, options.drainTimeoutMs);
    for (const phone of changedAtLinq) fake.cards.get(phone)!.first_name = `Linq ${phone}`;
    await value(host, 'syncCards');

    fake.setSeed(options.seed);
    fake.setWriteBudget(FAULT_RUN_BUDGET);
    fake.setFaultMix(standardFaultMix(options.requestTimeoutMs));
    const ledgerFrom = fake.ledger.length;
    const requestId = randomUUID();
    const undo = { requestId, importId: imported.id, include: [] };
    const undoIds = [(await value<ImportProgress>(host, 'undoImport', undo)).id];
    let killsMidRequest = 0;
    let random = options.seed;
    const nextRandom = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let kill = 0; kill < options.kills; kill++) {
      await sleep(150 + Math.round(nextRandom() * 600));
      // As the outbox's fault run does: the kill comes while a request is out, not merely
      // after a delay (on a loaded machine the host may have nothing out at that moment).
      const inFlight = await requestInFlight(fake, KILL_WAIT_MS);
      if (inFlight > 0) killsMidRequest++;
      await host.restart(); // SIGKILL, then a new host on the same data folder
      // The window asks again after a restart: the same request finds the same undo.
      undoIds.push((await value<ImportProgress>(host, 'undoImport', undo)).id);
    }
    await finished(host, undoIds[0]!, options.drainTimeoutMs);
    fake.setFaultMix(null);
    await host.stop();

    const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
    const states = db
      .prepare(
        `SELECT r.phone_number, o.state FROM import_rows r JOIN outbox o ON o.id = r.outbox_id
         WHERE r.import_id = ?`,
      )
      .all(undoIds[0]!) as { phone_number: string; state: string }[];
    // Items the app made itself: a card Linq left not active (503/4004) applied again, its
    // last confirmed values once more, on purpose.
    const reapplied = new Set(
      (
        db
          .prepare(
            `SELECT phone_number FROM outbox WHERE id NOT IN
               (SELECT outbox_id FROM import_rows WHERE outbox_id IS NOT NULL)`,
          )
          .all() as { phone_number: string }[]
      ).map((row) => row.phone_number),
    );
    db.close();

    const writes = new Map<string, number>();
    for (const entry of fake.ledger.slice(ledgerFrom)) {
      if (entry.effect !== 'card.updated' || !entry.phoneNumber) continue;
      const name = (entry.body as { first_name?: string }).first_name;
      if (name === undefined || !name.startsWith('Old ')) continue;
      writes.set(entry.phoneNumber, (writes.get(entry.phoneNumber) ?? 0) + 1);
    }
    const touched = new Set(
      fake.ledger
        .slice(ledgerFrom)
        .filter((entry) => entry.effect === 'card.updated')
        .map((entry) => entry.phoneNumber),
    );
    const lost: string[] = [];
    for (const { phone_number: phone, state } of states) {
      const i = Number(phone.slice(-4)) - 1000;
      if (state !== 'done' || fake.cards.get(phone)?.first_name !== before(i)) lost.push(phone);
    }
    const faults: Record<string, number> = {};
    for (const request of fake.requests) {
      faults[request.outcome] = (faults[request.outcome] ?? 0) + 1;
    }
    return {
      restored: states.length,
      lost,
      duplicated: [...writes]
        .filter(([phone, n]) => n > (reapplied.has(phone) ? 2 : 1))
        .map(([phone]) => phone),
      touchedChangedSince: [...changedAtLinq].filter((phone) => touched.has(phone)),
      undoIds,
      beyondBudget: fake.writeLimits.budgetRefusals,
      withinHold: fake.writeLimits.writesWithinHold,
      faults,
      killsMidRequest,
      hostOutput: host.output.join(''),
    };
  } finally {
    await host.stop().catch(() => {});
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
