// The bulk import's parser on its own, for the tests and the benchmark that run it in
// Chromium without the app: bundled by Vite as the app is (the worker as a chunk of its own),
// it sets window.importLib. The measuring loop lives here so that nothing but the page's own
// work happens on its main thread while it runs.
import { importSampleCsv, type ImportSampleOptions } from '../../../bench/import-sample.ts';
import { parseImport } from '../../../renderer/src/features/import/parse/import-parser.ts';

export interface ImportRun {
  /** From the call to parseImport to its result, in ms. */
  wallMs: number;
  /** Long tasks (over 50 ms) on the main thread during the run, as Chromium reports them. */
  longTasks: number[];
  /** When each long task started, in ms from the call to parseImport (negative: before). */
  longTaskStarts: number[];
  /** The longest gap between setTimeout(0) ticks, and between animation frames, in ms. */
  longestTimerGapMs: number;
  longestFrameGapMs: number;
  progressCalls: number;
  rows: number;
  counts: Record<string, number>;
}

interface MainThreadWatch {
  stop(): Promise<{
    longTasks: number[];
    longTaskStarts: number[];
    longestTimerGapMs: number;
    longestFrameGapMs: number;
  }>;
}

/** Starts watching the main thread: long tasks, and gaps between timer ticks and frames. */
async function watchMainThread(): Promise<MainThreadWatch> {
  const longTasks: number[] = [];
  const longTaskStarts: number[] = [];
  const record = (entries: PerformanceEntryList) => {
    for (const entry of entries) {
      longTasks.push(entry.duration);
      longTaskStarts.push(entry.startTime);
    }
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ type: 'longtask' });
  let running = true;
  let longestTimerGapMs = 0;
  let longestFrameGapMs = 0;
  let lastTimer = performance.now();
  const timerTick = () => {
    const now = performance.now();
    longestTimerGapMs = Math.max(longestTimerGapMs, now - lastTimer);
    lastTimer = now;
    if (running) setTimeout(timerTick, 0);
  };
  let lastFrame = -1;
  const frameTick = (now: number) => {
    if (lastFrame >= 0) longestFrameGapMs = Math.max(longestFrameGapMs, now - lastFrame);
    lastFrame = now;
    if (running) requestAnimationFrame(frameTick);
  };
  setTimeout(timerTick, 0);
  requestAnimationFrame(frameTick);
  // Let both monitors start before the measured work does.
  await settle();
  return {
    async stop() {
      // One more frame and tick, so a long task at the very end is seen by all three.
      await settle();
      running = false;
      record(observer.takeRecords());
      observer.disconnect();
      return { longTasks, longTaskStarts, longestTimerGapMs, longestFrameGapMs };
    },
  };
}

function settle(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
}

let prepared: File | null = null;

/**
 * Generates the file to import, in a task of its own: building 10,000 rows takes the page
 * tens of milliseconds, which is the benchmark's doing, not the import's.
 */
function prepareImport(sample: ImportSampleOptions): number {
  prepared = new File([importSampleCsv(sample)], 'cards.csv', { type: 'text/csv' });
  return prepared.size;
}

/** Runs parseImport on the prepared file while watching the main thread. */
async function measureImport(): Promise<ImportRun> {
  const file = prepared;
  if (!file) throw new Error('prepareImport first');
  const watch = await watchMainThread();
  let progressCalls = 0;
  const started = performance.now();
  const result = await parseImport(file, { defaultCountry: 'US' }, () => progressCalls++);
  const wallMs = performance.now() - started;
  const seen = await watch.stop();
  return {
    wallMs,
    ...seen,
    longTaskStarts: seen.longTaskStarts.map((start) => start - started),
    progressCalls,
    rows: result.rows.length,
    counts: { ...result.counts },
  };
}

/**
 * The same watch over an idle page for `ms`: the control. Gaps seen here come from the
 * machine (other processes on its cores), not from the page's own work.
 */
async function measureIdle(
  ms: number,
): Promise<Omit<ImportRun, 'wallMs' | 'progressCalls' | 'rows' | 'counts'>> {
  const watch = await watchMainThread();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return watch.stop();
}

(window as unknown as { importLib: unknown }).importLib = {
  parseImport,
  importSampleCsv,
  prepareImport,
  measureImport,
  measureIdle,
};
