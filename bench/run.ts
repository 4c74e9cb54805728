// `npm run bench`: builds the app, runs every benchmark and prints each figure against its
// target. Exits non-zero when a target is missed, so a regression is visible, but benchmarks are
// not part of `npm test` (timings belong here, not in tests).
import { cpus, totalmem } from 'node:os';
import { benchHardening, reportHardening } from './hardening.ts';
import { benchHistory, reportHistory } from './history.ts';
import { benchImportEnqueue, reportImportEnqueue } from './import-enqueue.ts';
import { benchImportParse, reportImportParse } from './import-parse.ts';
import { benchOutbox, reportOutbox } from './outbox.ts';
import { benchPhoto, reportPhoto } from './photo.ts';
import { benchUndo, reportUndo } from './undo.ts';
import { benchWriteBudget, reportWriteBudget } from './write-budget.ts';
import { benchRendererStartup, reportRendererStartup } from './renderer-startup.ts';

const cpu = cpus();
console.log(
  `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}\n`,
);

const results: boolean[] = [];
results.push(reportRendererStartup(await benchRendererStartup()));
console.log();
results.push(reportOutbox(await benchOutbox()));
console.log();
results.push(reportWriteBudget(await benchWriteBudget()));
console.log();
results.push(reportPhoto(await benchPhoto()));
console.log();
results.push(reportHistory(await benchHistory()));
console.log();
results.push(reportImportParse(await benchImportParse()));
console.log();
results.push(reportImportEnqueue(await benchImportEnqueue()));
console.log();
results.push(reportUndo(await benchUndo()));
console.log();
results.push(reportHardening(await benchHardening()));

const missed = results.filter((ok) => !ok).length;
console.log(missed ? `\n${missed} benchmark target(s) missed` : '\nAll benchmark targets met');
process.exit(missed ? 1 : 0);
