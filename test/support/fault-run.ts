// A long outbox run against the fake Linq API with faults switched on and the headless host
// killed (SIGKILL) and restarted on the same data folder while it sends. Used by the
// integration test (500 submissions, 3 kills) and the soak script (10,000, 20 kills). It
// judges the run only from what cannot lie: the fake's ledger of applied changes, its request
// log, and the outbox table read from the SQLite file after the host has stopped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { HOST_ENV } from '../../electron/headless/protocol.ts';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { startFakeLinq, type FaultMix, type FakeLinq } from '../fake-linq/server.ts';
import { startHostProcess, type HostProcess } from './host-process.ts';

export interface FaultRunOptions {
  submissions: number;
  numbers: number;
  kills: number;
  /** Every n-th update carries an image URL Linq refuses (400/1005). */
  badRequestEvery: number;
  requestTimeoutMs: number;
  seed: number;
  /** How long to wait for the outbox to drain after the last submission. */
  drainTimeoutMs: number;
  log?: (line: string) => void;
}

/**
 * The mix: 20 % 5xx, 5 % timeouts after applying, 5 % resets (half before, half
 * after), 3 % 429; and Linq's own limits: 2 % 503/4004 holds on a line.
 */
export function standardFaultMix(requestTimeoutMs: number): FaultMix {
  return {
    serverError: 0.2,
    hangAfterApply: 0.05,
    hangMs: Math.round(requestTimeoutMs * 1.5),
    resetBeforeApply: 0.025,
    resetAfterApply: 0.025,
    rateLimited: 0.03,
    retryAfterSeconds: 1,
    upstreamLimited: 0.02,
    upstreamHoldMs: 500,
  };
}

/**
 * Linq's write budget, on in the fake and planned by the app alike, with a window short
 * enough for a run (Linq's is 3 per 10 minutes). The app's hold after a 4004 is at least
 * this window, longer than the fake's hold above.
 */
export const FAULT_RUN_BUDGET = { limit: 3, windowMs: 1_000 };

interface Planned {
  index: number;
  marker: string;
  phoneNumber: string;
  action: 'setup' | 'update';
  refused: boolean;
  id?: number;
}

export interface FaultRunReport {
  submitted: number;
  confirmed: number;
  kills: number;
  durationMs: number;
  requests: number;
  faults: Record<string, number>;
  /** Accepted by the app but neither applied once nor stopped with a reason. */
  lost: Planned[];
  /** Applied more than once. */
  duplicated: Planned[];
  /** Numbers whose changes were applied out of submission order. */
  reordered: string[];
  /** Refused by Linq (400) and stopped with that reason, as expected. */
  stoppedWithReason: number;
  /** Refused by Linq but not stopped with the reason. */
  refusedNotStopped: Planned[];
  /** Requests sent before the Retry-After of a 429 for the same number had passed. */
  retryAfterViolations: number;
  /** Writes the fake refused for exceeding its per-number budget (the app plans: 0). */
  beyondBudget: number;
  /** Writes that came while the fake held their line after a 503/4004 (must be 0). */
  withinHold: number;
  /** 503/4004s the fake sent. */
  upstreamLimited: number;
  /** Submissions that went out combined into an earlier one's request. */
  combined: number;
  /** Numbers whose card Linq had left not active got it applied again by the app itself. */
  reappliedByApp: number;
  /** Numbers whose card at the end is not active, with nothing in the outbox following it up. */
  notActiveUnfollowed: string[];
  /** Numbers whose card at the end does not show their last accepted change. */
  finalMismatch: string[];
  rateLimited: number;
  needsDecision: number;
  /** Kills that happened with at least one request to the fake still unanswered. */
  killsMidRequest: number;
  hostOutput: string;
}

const BAD_IMAGE = 'https://cdn.fake-linq.invalid/__cdn/never-uploaded/photo.png';

function plan(options: FaultRunOptions): Planned[] {
  const numbers = Array.from(
    { length: options.numbers },
    (_, n) => `+1415555${String(1000 + n).padStart(4, '0')}`,
  );
  const seen = new Set<string>();
  let updates = 0;
  return Array.from({ length: options.submissions }, (_, index) => {
    const phoneNumber = numbers[index % numbers.length]!;
    const action = seen.has(phoneNumber) ? 'update' : 'setup';
    seen.add(phoneNumber);
    const refused = action === 'update' && ++updates % options.badRequestEvery === 0;
    return { index, marker: `S${index}`, phoneNumber, action, refused };
  });
}

function numberOf(request: FakeLinq['requests'][number]): string | undefined {
  const fromBody = (request.body as { phone_number?: unknown } | undefined)?.phone_number;
  return typeof fromBody === 'string' ? fromBody : request.query.phone_number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function submit(host: HostProcess, item: Planned): Promise<void> {
  const payload =
    item.action === 'setup'
      ? { phoneNumber: item.phoneNumber, firstName: item.marker, lastName: 'Store' }
      : {
          phoneNumber: item.phoneNumber,
          firstName: item.marker,
          ...(item.refused ? { imageUrl: BAD_IMAGE } : {}),
        };
  const result = await host.invoke(item.action === 'setup' ? 'setupCard' : 'updateCard', payload);
  if (!result.ok)
    throw new Error(`Submission ${item.marker} refused: ${JSON.stringify(result.error)}`);
  item.id = (result.value as OutboxItem).id;
}

/** How long a kill waits for a request in flight before it comes anyway. */
export const KILL_WAIT_MS = 10_000;

/** The number of requests the fake has not answered yet, once there is one (or 0 at `waitMs`). */
export async function requestInFlight(fake: FakeLinq, waitMs: number): Promise<number> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const unanswered = fake.requests.filter(
      (r) => r.status === null && r.outcome === 'answered',
    ).length;
    if (unanswered > 0 || Date.now() >= deadline) return unanswered;
    await sleep(5);
  }
}

async function waitForDrain(
  host: HostProcess,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let lastLogged = 0;
  while (Date.now() < deadline) {
    const snapshot = await host.outboxSnapshot().catch(() => null);
    if (snapshot) {
      const { counts, connection, pausedBy, nextAttemptAt } = snapshot.status;
      if (counts.waiting + counts.sending + counts.inDoubt === 0) return;
      last = JSON.stringify({ counts, connection, paused: pausedBy?.code, nextAttemptAt });
      if (Date.now() - lastLogged > 5_000) {
        lastLogged = Date.now();
        log(`draining: ${last}`);
      }
    }
    await sleep(100);
  }
  throw new Error(`The outbox did not drain within ${timeoutMs} ms; last status ${last}`);
}

export async function runFaultedDrain(options: FaultRunOptions): Promise<FaultRunReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const fake = await startFakeLinq({ downloadUrlOrigin: 'https://cdn.fake-linq.invalid' });
  const dataDir = await mkdtemp(join(tmpdir(), 'linq-fault-run-'));
  const keychainService = `linq-fault-run-${process.pid}-${options.seed}`;
  const host = await startHostProcess({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService,
    requestTimeoutMs: options.requestTimeoutMs,
    env: {
      [HOST_ENV.outboxBackoffMs]: '20,1000',
      [HOST_ENV.probeDelaysMs]: '20,500',
      [HOST_ENV.writeBudget]: `${FAULT_RUN_BUDGET.limit},${FAULT_RUN_BUDGET.windowMs}`,
      [HOST_ENV.notActive]: '100,3',
    },
  });
  const planned = plan(options);
  try {
    await host.storeKeyUnchecked(fake.apiKey);
    fake.setSeed(options.seed);
    fake.setWriteBudget(FAULT_RUN_BUDGET);
    fake.setFaultMix(standardFaultMix(options.requestTimeoutMs));

    // Submissions go in batches; between batches the host is killed while it is sending.
    const batches = options.kills + 1;
    const size = Math.ceil(planned.length / batches);
    let killsMidRequest = 0;
    let random = options.seed;
    const nextRandom = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let batch = 0; batch < batches; batch++) {
      for (const item of planned.slice(batch * size, (batch + 1) * size)) await submit(host, item);
      if (batch === batches - 1) break;
      await sleep(150 + Math.round(nextRandom() * 600));
      // A fixed delay alone may end with nothing out (writes waiting for the budget or a hold,
      // or a host slowed down by a loaded machine): the kill waits for a request the fake has
      // taken in and not answered yet, and comes in the same turn, while it is still out.
      const inFlight = await requestInFlight(fake, KILL_WAIT_MS);
      if (inFlight > 0) killsMidRequest++;
      await host.restart(); // SIGKILL, then a new host on the same data folder
      log(`kill ${batch + 1}/${options.kills}: ${inFlight} request(s) were in flight`);
    }
    await waitForDrain(host, options.drainTimeoutMs, log);
    fake.setFaultMix(null);
    await host.stop();
    return {
      ...judge(planned, fake, dataDir, options, started, host.output.join('')),
      killsMidRequest,
    };
  } finally {
    await host.stop().catch(() => {});
    await fake.close();
    if (process.env.KEEP_FAULT_RUN) console.log('kept', dataDir);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

function judge(
  planned: Planned[],
  fake: FakeLinq,
  dataDir: string,
  options: FaultRunOptions,
  started: number,
  hostOutput: string,
): Omit<FaultRunReport, 'killsMidRequest'> {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  const rows = db
    .prepare(
      'SELECT id, phone_number, state, last_error_json, combined_into, decision_json, fields_json FROM outbox',
    )
    .all() as {
    id: number;
    phone_number: string;
    state: string;
    last_error_json: string | null;
    combined_into: number | null;
    decision_json: string | null;
    fields_json: string;
  }[];
  db.close();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const carriers = new Set(rows.map((row) => row.combined_into));

  const applied = new Map<string, number>();
  const orderPerNumber = new Map<string, number[]>();
  for (const effect of fake.ledger) {
    if (effect.effect !== 'card.created' && effect.effect !== 'card.updated') continue;
    const marker = (effect.body as { first_name?: string }).first_name ?? '';
    applied.set(marker, (applied.get(marker) ?? 0) + 1);
    const index = Number(marker.slice(1));
    const list = orderPerNumber.get(effect.phoneNumber ?? '') ?? [];
    list.push(index);
    orderPerNumber.set(effect.phoneNumber ?? '', list);
  }

  const lost: Planned[] = [];
  const duplicated: Planned[] = [];
  const refusedNotStopped: Planned[] = [];
  let stoppedWithReason = 0;
  // Items the app made itself: a card Linq left not active applied again after the change on
  // the way was refused. Its values are the card Linq last confirmed at that moment, which need
  // not be the number's last change: each such item that was applied lets exactly the marker
  // it carries be applied once more, on purpose.
  const plannedIds = new Set(planned.map((item) => item.id));
  const madeByApp = rows.filter((row) => !plannedIds.has(row.id));
  const reapplied = new Set(madeByApp.map((row) => row.phone_number));
  const appliedAgain = new Map<string, number>();
  for (const row of madeByApp) {
    if (row.state !== 'done') continue;
    const marker = (JSON.parse(row.fields_json) as { firstName?: string }).firstName ?? '';
    appliedAgain.set(marker, (appliedAgain.get(marker) ?? 0) + 1);
  }
  for (const item of planned) {
    const count = applied.get(item.marker) ?? 0;
    const row = item.id === undefined ? undefined : byId.get(item.id);
    if (count > 1 + (appliedAgain.get(item.marker) ?? 0)) duplicated.push(item);
    if (item.refused) {
      const reason = row?.last_error_json
        ? (JSON.parse(row.last_error_json) as { code?: string })
        : null;
      if (row?.state === 'failed' && reason?.code === 'INVALID_INPUT' && count === 0)
        stoppedWithReason++;
      else refusedNotStopped.push(item);
    } else if (
      row?.state !== 'done' ||
      (count === 0 && row.combined_into === null && !carriers.has(row.id))
    ) {
      // Sent in a combined request (carrying it or carried), its own marker may have been
      // overwritten by a later change to the number: the final card check below covers it.
      lost.push(item);
    }
  }

  // The card each number ends with shows its last accepted change, and is active unless the
  // outbox asks the user about it.
  const lastAccepted = new Map<string, Planned>();
  for (const item of planned) if (!item.refused) lastAccepted.set(item.phoneNumber, item);
  const finalMismatch = [...lastAccepted.values()]
    .filter((item) => fake.cards.get(item.phoneNumber)?.first_name !== item.marker)
    .map((item) => item.phoneNumber);
  const askedAbout = new Set(
    planned
      .filter((item) => item.id !== undefined && byId.get(item.id)?.state === 'needs-decision')
      .map((item) => item.phoneNumber),
  );
  const notActiveUnfollowed = [...fake.cards.values()]
    .filter((card) => !card.is_active && !askedAbout.has(card.phone_number))
    .map((card) => card.phone_number);
  const reordered = [...orderPerNumber]
    .filter(([, list]) => list.some((value, i) => i > 0 && value < list[i - 1]!))
    .map(([number]) => number);

  // Every request for a number after a 429 for it must wait out the Retry-After.
  let retryAfterViolations = 0;
  let rateLimited = 0;
  const faults: Record<string, number> = {};
  fake.requests.forEach((request, i) => {
    faults[request.outcome] = (faults[request.outcome] ?? 0) + 1;
    if (request.status !== 429) return;
    rateLimited++;
    const number = numberOf(request);
    const next = fake.requests.slice(i + 1).find((later) => numberOf(later) === number);
    if (next && Date.parse(next.at) - Date.parse(request.at) < 1_000) retryAfterViolations++;
  });

  return {
    submitted: planned.length,
    confirmed: planned.filter((item) => item.id !== undefined).length,
    kills: options.kills,
    durationMs: Date.now() - started,
    requests: fake.requests.length,
    faults,
    lost,
    duplicated,
    reordered,
    stoppedWithReason,
    refusedNotStopped,
    retryAfterViolations,
    rateLimited,
    beyondBudget: fake.writeLimits.budgetRefusals,
    withinHold: fake.writeLimits.writesWithinHold,
    upstreamLimited: fake.writeLimits.upstreamLimited,
    combined: rows.filter((row) => row.combined_into !== null).length,
    reappliedByApp: reapplied.size,
    notActiveUnfollowed,
    finalMismatch,
    needsDecision: rows.filter((row) => row.state === 'needs-decision').length,
    hostOutput,
  };
}
