// The tasks a page's main thread ran while something happened, from a Chromium trace (the
// "toplevel" category: cheap enough to leave on). Each task has its wall time and its CPU
// time: on a busy machine a task can take 80 ms of wall time for 2 ms of work, because the
// thread was waiting for a core, and only the CPU time says which it was.
import type { CDPSession, Page } from 'playwright-core';

export interface MainThreadTask {
  wallMs: number;
  cpuMs: number;
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Runs `work` with tracing on and returns its result and the renderer main thread's tasks. */
export async function traceMainThread<T>(
  page: Page,
  work: () => Promise<T>,
): Promise<{ result: T; tasks: MainThreadTask[] }> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (data) =>
    events.push(...(data.value as unknown as TraceEvent[])),
  );
  const complete = new Promise<void>((resolve) =>
    session.once('Tracing.tracingComplete', () => resolve()),
  );
  await session.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', '__metadata'] },
    transferMode: 'ReportEvents',
  });
  let result: T;
  try {
    result = await work();
  } finally {
    await session.send('Tracing.end');
    await complete;
    await session.detach();
  }
  const mainThreads = new Set(
    events
      .filter((event) => event.ph === 'M' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const tasks = events
    .filter(
      (event) =>
        event.ph === 'X' &&
        event.name === 'ThreadControllerImpl::RunTask' &&
        mainThreads.has(`${event.pid}:${event.tid}`),
    )
    .map((event) => ({ wallMs: (event.dur ?? 0) / 1000, cpuMs: (event.tdur ?? 0) / 1000 }));
  return { result, tasks };
}
