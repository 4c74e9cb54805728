// Benchmark: the bulk import's parse and check of a 10,000-row CSV in headless Chromium, with
// the worker-based parseImport exactly as the import screen calls it (bundled by Vite as the
// app is, served from loopback under the app's Content-Security-Policy). Measures the wall
// time from the call to the result, and how long the page's main thread was ever blocked
// meanwhile: Chromium's own long-task entries (every task over 50 ms), with setTimeout(0) and
// requestAnimationFrame gap monitors as second opinions, an idle page watched the same way as
// the control (what the machine alone causes), and a trace of the main thread's tasks with
// their CPU time (what the page's own work costs). For reference, the same parse and checks
// without a worker in Node.
import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/hosts/browser-host.ts';
import { buildImportLib } from '../test/e2e/hosts/import-lib-build.ts';
import type { ImportRun } from '../test/e2e/hosts/import-lib.browser.ts';
import { serveDirectory } from '../test/e2e/hosts/static-server.ts';
import { guessColumns } from '../renderer/src/features/import/parse/columns.ts';
import { parseDelimited } from '../renderer/src/features/import/parse/parse-delimited.ts';
import { validateRows } from '../renderer/src/features/import/parse/validate-rows.ts';
import { importSampleCsv } from './import-sample.ts';
import { traceMainThread, type MainThreadTask } from './main-thread-trace.ts';

const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 7);
const ROWS = 10_000;
const TARGET_WALL_MS = 1000;
const TARGET_BLOCK_MS = 50;

type IdleRun = Pick<
  ImportRun,
  'longTasks' | 'longTaskStarts' | 'longestTimerGapMs' | 'longestFrameGapMs'
>;

interface PageLib {
  prepareImport(sample: { rows: number }): number;
  measureImport(): Promise<ImportRun>;
  measureIdle(ms: number): Promise<IdleRun>;
}

export interface ImportParseFigures {
  rows: number;
  bytes: number;
  counts: Record<string, number>;
  /** Each round's wall time, in order (the first includes compiling the worker's code). */
  wallMs: number[];
  wallMedianMs: number;
  wallMaxMs: number;
  /** The longest long task over all rounds (0: Chromium saw none over 50 ms). */
  longestTaskMs: number;
  /** Each long task: its round, its duration and when it started (ms from the call). */
  longTasks: { round: number; ms: number; atMs: number }[];
  longestTimerGapMs: number;
  longestFrameGapMs: number;
  /** The traced main-thread task with the most wall time, and the one with the most CPU. */
  tracedLongestWall: MainThreadTask;
  tracedLongestCpu: MainThreadTask;
  progressCallsMedian: number;
  /** The same monitors over the idle page, as long as the median run: the machine's noise. */
  idleTimerGapMs: number;
  idleFrameGapMs: number;
  idleLongTasks: number;
  /** parseDelimited + guessColumns + validateRows in this Node process, no worker. */
  nodeMedianMs: number;
  /** The 1-minute load average before and after: how busy the machine was. */
  load: [number, number];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function measureInNode(text: string): number {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const parsed = parseDelimited(text);
    const guess = guessColumns(parsed.rows[0]!, parsed.rows.slice(1));
    validateRows(parsed.rows, guess.map, guess.hasHeader, {
      defaultCountry: 'US',
      lines: parsed.lines,
    });
    times.push(performance.now() - started);
  }
  return median(times);
}

async function measureRounds(
  page: Page,
): Promise<{ runs: ImportRun[]; idle: IdleRun[]; tasks: MainThreadTask[] }> {
  const runs: ImportRun[] = [];
  const idle: IdleRun[] = [];
  const tasks: MainThreadTask[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved with the runs, so that the control sees the machine as the runs do.
    if (round > 0) {
      const ms = median(runs.map((run) => run.wallMs));
      idle.push(
        await page.evaluate(
          (ms) => (window as unknown as { importLib: PageLib }).importLib.measureIdle(ms),
          ms,
        ),
      );
    }
    await page.evaluate(
      (rows) => (window as unknown as { importLib: PageLib }).importLib.prepareImport({ rows }),
      ROWS,
    );
    // Only the page's own code runs inside page.evaluate: it cannot see this module's names.
    const traced = await traceMainThread(page, () =>
      page.evaluate(() => (window as unknown as { importLib: PageLib }).importLib.measureImport()),
    );
    runs.push(traced.result);
    tasks.push(...traced.tasks);
  }
  return { runs, idle, tasks };
}

export async function benchImportParse(): Promise<ImportParseFigures> {
  const loadBefore = loadavg()[0]!;
  const dir = await buildImportLib();
  const server = await serveDirectory(dir);
  let browser: Browser | undefined;
  let measured: Awaited<ReturnType<typeof measureRounds>>;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => 'importLib' in window);
    measured = await measureRounds(page);
  } finally {
    await browser?.close();
    await server.close();
  }
  const { runs, idle, tasks } = measured;
  const text = importSampleCsv({ rows: ROWS });
  const wallMs = runs.map((run) => run.wallMs);
  const longTasks = runs.flatMap((run, round) =>
    run.longTasks.map((ms, i) => ({ round: round + 1, ms, atMs: run.longTaskStarts[i]! })),
  );
  const none: MainThreadTask = { wallMs: 0, cpuMs: 0 };
  return {
    rows: runs[0]!.rows,
    bytes: new TextEncoder().encode(text).length,
    counts: runs[0]!.counts,
    wallMs,
    wallMedianMs: median(wallMs),
    wallMaxMs: Math.max(...wallMs),
    longestTaskMs: Math.max(0, ...longTasks.map((task) => task.ms)),
    longTasks,
    longestTimerGapMs: Math.max(...runs.map((run) => run.longestTimerGapMs)),
    longestFrameGapMs: Math.max(...runs.map((run) => run.longestFrameGapMs)),
    tracedLongestWall: tasks.reduce((a, b) => (b.wallMs > a.wallMs ? b : a), none),
    tracedLongestCpu: tasks.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a), none),
    progressCallsMedian: median(runs.map((run) => run.progressCalls)),
    idleTimerGapMs: Math.max(0, ...idle.map((run) => run.longestTimerGapMs)),
    idleFrameGapMs: Math.max(0, ...idle.map((run) => run.longestFrameGapMs)),
    idleLongTasks: idle.reduce((sum, run) => sum + run.longTasks.length, 0),
    nodeMedianMs: measureInNode(text),
    load: [loadBefore, loadavg()[0]!],
  };
}

export function reportImportParse(figures: ImportParseFigures): boolean {
  const wallOk = figures.wallMedianMs <= TARGET_WALL_MS && figures.rows === ROWS;
  const blockOk = figures.longestTaskMs <= TARGET_BLOCK_MS;
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const task = (t: MainThreadTask) =>
    `${t.wallMs.toFixed(1)} ms wall / ${t.cpuMs.toFixed(1)} ms CPU`;
  const { ready, warning, error, duplicates } = figures.counts;
  console.log(
    `Bulk import parse (headless Chromium, worker-based parseImport, ${figures.rows.toLocaleString('en-US')} rows, ${(figures.bytes / 1024).toFixed(0)} KB CSV, ${ROUNDS} rounds; load average ${figures.load[0].toFixed(1)} -> ${figures.load[1].toFixed(1)})`,
  );
  console.log(
    `  rows: ${ready} ready, ${warning} warning, ${error} error (${duplicates} duplicates)`,
  );
  console.log(
    `  call to result:     median ${ms(figures.wallMedianMs)}, worst ${ms(figures.wallMaxMs)} (rounds: ${figures.wallMs.map(ms).join(', ')}; target <= ${TARGET_WALL_MS} ms): ${wallOk ? 'met' : 'MISSED'}`,
  );
  const longTasks = figures.longTasks.length
    ? `longest ${ms(figures.longestTaskMs)}: ${figures.longTasks.map((t) => `round ${t.round}, ${ms(t.ms)} at ${ms(t.atMs)}`).join(' | ')}`
    : 'none over 50 ms';
  console.log(
    `  main thread blocked: long tasks ${longTasks} (target <= ${TARGET_BLOCK_MS} ms): ${blockOk ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  traced main-thread tasks: most wall time ${task(figures.tracedLongestWall)} | most CPU ${task(figures.tracedLongestCpu)}`,
  );
  console.log(
    `  gap monitors:       setTimeout(0) ${ms(figures.longestTimerGapMs)} | animation frame ${ms(figures.longestFrameGapMs)} | idle page control: ${ms(figures.idleTimerGapMs)} | ${ms(figures.idleFrameGapMs)}, ${figures.idleLongTasks} long tasks`,
  );
  console.log(
    `  progress callbacks per run ${figures.progressCallsMedian}; for reference, the same parse and checks in Node without a worker: median ${ms(figures.nodeMedianMs)}`,
  );
  return wallOk && blockOk;
}

if (import.meta.main) {
  process.exit(reportImportParse(await benchImportParse()) ? 0 : 1);
}
