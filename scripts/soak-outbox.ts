// The long soak of the outbox (not part of CI): 10,000 submissions with the issue's fault mix
// and 20 SIGKILLs of the headless host, then the lost, duplicated and reordered counts, which
// must all be zero. Run with `npm run soak` (inside a throwaway keyring).
//   npm run soak -- --submissions 2000 --kills 5 --seed 7
import { parseArgs } from 'node:util';
import { FAULT_RUN_BUDGET, runFaultedDrain } from '../test/support/fault-run.ts';

const { values } = parseArgs({
  options: {
    submissions: { type: 'string', default: '10000' },
    numbers: { type: 'string', default: '1000' },
    kills: { type: 'string', default: '20' },
    seed: { type: 'string', default: '11' },
  },
});

const report = await runFaultedDrain({
  submissions: Number(values.submissions),
  numbers: Number(values.numbers),
  kills: Number(values.kills),
  badRequestEvery: 40,
  requestTimeoutMs: 1_000,
  seed: Number(values.seed),
  drainTimeoutMs: 60 * 60_000,
  log: (line) => console.log(`[${new Date().toISOString()}] ${line}`),
});

const failures =
  report.lost.length +
  report.duplicated.length +
  report.reordered.length +
  report.refusedNotStopped.length +
  report.retryAfterViolations +
  report.beyondBudget +
  report.withinHold +
  report.notActiveUnfollowed.length +
  report.finalMismatch.length;
console.log(`
Outbox soak: ${report.submitted} submissions, ${report.kills} SIGKILLs (${report.killsMidRequest} with requests in flight), ${(report.durationMs / 1000).toFixed(1)} s
  requests to the fake API  ${report.requests} (${Object.entries(report.faults)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(', ')}; 429s ${report.rateLimited})
  lost                      ${report.lost.length}
  duplicated                ${report.duplicated.length}
  reordered numbers         ${report.reordered.length}
  400s stopped with reason  ${report.stoppedWithReason} (not stopped: ${report.refusedNotStopped.length})
  sent before Retry-After   ${report.retryAfterViolations}
  writes beyond the budget  ${report.beyondBudget} (budget ${FAULT_RUN_BUDGET.limit} per ${FAULT_RUN_BUDGET.windowMs} ms per number)
  writes within a 4004 hold ${report.withinHold} (4004s: ${report.upstreamLimited})
  combined submissions      ${report.combined}
  re-applied by the app     ${report.reappliedByApp} (a card Linq left not active, its change refused)
  left not active, unfollowed ${report.notActiveUnfollowed.length}
  final card not the last change ${report.finalMismatch.length}
  waiting for a decision    ${report.needsDecision}
${failures === 0 ? 'PASS: nothing lost, doubled or reordered.' : 'FAIL: see the counts above.'}`);
process.exitCode = failures === 0 ? 0 : 1;
