// The whole test suite, in the order a reviewer would want: types, lint, unit and integration
// tests, the production build, then end-to-end tests against that build. Every step runs even
// when an earlier one failed (so one run shows every problem), and the last line sums up the
// tests as "N passed, N failed, N skipped". Run it through `npm test`, which provides the
// throwaway keyring the keychain tests need.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const VITEST_REPORT = 'test-results/vitest.json';
const E2E_REPORT = 'test-results/e2e/results.json';

interface Step {
  name: string;
  command: string;
  /** Skip when an earlier step named here failed (the e2e tests need the build). */
  needs?: string;
}

const steps: Step[] = [
  { name: 'typecheck', command: 'npm run --silent typecheck' },
  { name: 'lint', command: 'npm run --silent lint' },
  {
    name: 'unit+integration',
    command: `npx vitest run --reporter=default --reporter=json --outputFile.json=${VITEST_REPORT}`,
  },
  { name: 'build', command: 'npx electron-vite build' },
  { name: 'e2e', command: 'npx playwright test', needs: 'build' },
];

rmSync('test-results', { recursive: true, force: true });
const failed = new Set<string>();
for (const step of steps) {
  if (step.needs && failed.has(step.needs)) {
    console.log(`\n=== ${step.name}: not run, because ${step.needs} failed`);
    failed.add(step.name);
    continue;
  }
  console.log(`\n=== ${step.name}: ${step.command}`);
  const started = Date.now();
  const run = spawnSync(step.command, { shell: true, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) failed.add(step.name);
  console.log(`=== ${step.name}: ${run.status === 0 ? 'ok' : 'FAILED'} in ${seconds}s`);
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

const vitest = readJson(VITEST_REPORT) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
} | null;
const e2e = readJson(E2E_REPORT) as {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
} | null;

const passed = (vitest?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0);
const failedTests = (vitest?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0);
const skipped =
  (vitest ? vitest.numPendingTests + vitest.numTodoTests : 0) + (e2e?.stats.skipped ?? 0);

console.log(
  `\nSteps: ${steps.length - failed.size} of ${steps.length} ok${failed.size ? ` (failed: ${[...failed].join(', ')})` : ''}`,
);
// A failed step without its own test count (typecheck, lint, build) still counts as a failure.
const stepFailures = [...failed].filter(
  (name) => name !== 'unit+integration' && name !== 'e2e',
).length;
console.log(`${passed} passed, ${failedTests + stepFailures} failed, ${skipped} skipped`);
process.exit(failed.size === 0 ? 0 : 1);
