// Quitting the real Electron app in the middle of a send: app.quit() (what File > Quit and
// Cmd+Q call), a SIGTERM and closing the last window each wait for the answer in flight,
// record it, close the database, log "Stopped" and exit 0; after a relaunch the card is sent,
// once, and nothing that had an answer is in doubt. The fake Linq API holds the answer until
// the app has started stopping. Runs in the `electron` project where an Electron runtime
// exists, and is reported as skipped, with the reason, everywhere else.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import type { LinqApi } from '../../shared/bridge.ts';
import type { AppState } from '../../shared/contract.ts';
import type { OutboxItem, OutboxSnapshot } from '../../shared/outbox.schema.ts';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { findElectronBinary, NO_ELECTRON_REASON } from '../support/electron-binary.ts';
import { logRuns, messagesOf as messages, type LogLine } from '../support/app-log.ts';
import { storeKeyBeforeStart } from '../support/key-before-start.ts';
import { MAIN_ENTRY } from './hosts/paths.ts';

const ELECTRON_ONLY =
  'Electron only: it quits the real app (app.quit, its signals, its windows), which the browser host does not have.';
const NUMBER = '+14155550132';

let executable: string;
let fake: FakeLinq;
let dataDir: string;
let keychainService: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.skip(test.info().project.name !== 'electron', ELECTRON_ONLY);
  const found = findElectronBinary();
  test.skip(!found, NO_ELECTRON_REASON);
  if (!process.env.LINQ_TEST_KEYRING) {
    throw new Error(
      'Run the end-to-end tests through scripts/with-test-keyring.sh (npm test does).',
    );
  }
  executable = found!;
  fake = await startFakeLinq();
});

test.afterAll(async () => {
  await fake?.close();
});

test.beforeEach(async () => {
  fake.reset();
  dataDir = await mkdtemp(join(tmpdir(), 'linq-e2e-quit-'));
  keychainService = `Linq Contact Cards e2e quit ${process.pid} ${test.info().testId}`;
});

test.afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function launch(): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: executable,
    args: [MAIN_ENTRY],
    env: {
      ...process.env,
      LINQ_DATA_DIR: dataDir,
      LINQ_API_BASE_URL: fake.baseUrl,
      LINQ_KEYCHAIN_SERVICE: keychainService,
    } as Record<string, string>,
  });
  return { app, page: await app.firstWindow() };
}

type Answer<T> = { ok: true; value: T } | { ok: false; error: unknown };

function valueOf<T>(answer: Answer<T>): T {
  if (!answer.ok) throw new Error(`The app refused: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

// Through window.linq, the page's own bridge to main (each function runs in the page).
async function setupCard(page: Page): Promise<OutboxItem> {
  return valueOf(
    await page.evaluate(
      (phoneNumber) =>
        (window as unknown as { linq: LinqApi }).linq.setupCard({ phoneNumber, firstName: 'Acme' }),
      NUMBER,
    ),
  );
}

/** The outbox as the window reads it on a (re)load. */
async function outboxOf(page: Page): Promise<OutboxSnapshot> {
  const state = valueOf<AppState>(
    await page.evaluate(() => (window as unknown as { linq: LinqApi }).linq.getAppState()),
  );
  return state.outbox;
}

const runs = () => logRuns(dataDir);
const posts = () =>
  fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/v3/contact_card'));

/**
 * Starts the app with a key, submits a card and quits with `quit` while Linq holds the answer;
 * releases it once the app logs "Stopping". Returns the item, the exit code and the first run.
 */
async function quitMidSend(quit: (app: ElectronApplication) => Promise<void>) {
  // The everyday start: a key is stored, so the app checks Linq as it starts.
  await storeKeyBeforeStart(keychainService, fake.apiKey);
  const { app, page } = await launch();
  // Linq answered, so it is reachable: the history sync and the lines refresh that starts are
  // let finish first, and only the card's request is in flight when the app quits.
  for (const done of ['History synced with Linq', 'Lines read from Linq']) {
    await expect.poll(() => messages(runs()[0])).toContain(done);
  }
  const held = fake.holdAnswerNext({ method: 'POST', path: '/v3/contact_card' });
  const item = await setupCard(page);
  await held.arrived; // applied by Linq, its answer held: the request is in flight
  const exited = new Promise<number | null>((resolve) =>
    app.process().once('exit', (code) => resolve(code)),
  );
  await quit(app);
  await expect.poll(() => messages(runs()[0])).toContain('Stopping');
  expect(app.process().exitCode).toBeNull(); // still there: waiting for the answer
  held.release();
  return { item, code: await exited, first: runs()[0]! };
}

async function expectSentOnceAfterRelaunch(item: OutboxItem): Promise<void> {
  const { app, page } = await launch();
  try {
    const outbox = await outboxOf(page);
    expect(outbox.items.find((found) => found.id === item.id)).toMatchObject({
      state: 'done',
      confirmedBy: 'answer',
      attempts: 1,
    });
    expect(outbox.status.counts.inDoubt).toBe(0);
    expect(messages(runs()[1])).not.toContain('Requests cut short by the last exit are in doubt');
    expect(posts()).toHaveLength(1);
  } finally {
    await app.close().catch(() => {});
  }
}

function expectStoppedCleanly(first: LogLine[], code: number | null): void {
  expect(code).toBe(0);
  const fromStopping = messages(first.slice(messages(first).indexOf('Stopping')));
  expect(fromStopping).toEqual(['Stopping', 'Outbox attempt applied', 'Stopped']);
  // SQLite removes its write-ahead log when the database is closed cleanly.
  expect(existsSync(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(false);
}

test('app.quit() (File > Quit, Cmd+Q) in the middle of a send', async () => {
  const { item, code, first } = await quitMidSend(async (app) => {
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
  });
  expectStoppedCleanly(first, code);
  expect(first.find((line) => line.message === 'Stopping')).toMatchObject({ reason: 'quit' });
  await expectSentOnceAfterRelaunch(item);
});

test('SIGTERM in the middle of a send', async () => {
  const { item, code, first } = await quitMidSend(async (app) => {
    app.process().kill('SIGTERM');
  });
  expectStoppedCleanly(first, code);
  // Node's handler gets the signal; were Chromium's to win, it would quit through before-quit.
  expect(['SIGTERM', 'quit']).toContain(first.find((line) => line.message === 'Stopping')?.reason);
  await expectSentOnceAfterRelaunch(item);
});

test('closing the last window in the middle of a send', async () => {
  const { item, code, first } = await quitMidSend(async (app) => {
    await app.evaluate(({ BrowserWindow }) => {
      for (const window of BrowserWindow.getAllWindows()) window.close();
    });
  });
  expectStoppedCleanly(first, code);
  expect(first.find((line) => line.message === 'Stopping')).toMatchObject({
    reason: 'window-all-closed',
  });
  await expectSentOnceAfterRelaunch(item);
});
