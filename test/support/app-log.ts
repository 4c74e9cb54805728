// Reads the app's log (<dataDir>/logs/app.log, JSON lines) the way tests that restart the app
// need it: one list of lines per run, each run starting with its "Started" line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type LogLine = { message: string; level: string } & Record<string, unknown>;

export function logRuns(dataDir: string): LogLine[][] {
  const file = join(dataDir, 'logs', 'app.log');
  const runs: LogLine[][] = [];
  if (!existsSync(file)) return runs;
  for (const text of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const line = JSON.parse(text) as LogLine;
    if (line.message === 'Started') runs.push([]);
    runs.at(-1)?.push(line);
  }
  return runs;
}

export const messagesOf = (run: readonly LogLine[] | undefined): string[] =>
  (run ?? []).map((line) => line.message);
