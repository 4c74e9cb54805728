// What only the real Electron app can show: every window sandboxed and isolated, without Node
// or <webview>; the page cannot navigate away or open windows; app:// responses carry the
// Content-Security-Policy header; the page has no require or process, and window.linq is
// exactly the contract. Runs in the `electron` project where an Electron runtime exists, and
// is reported as skipped, with the reason, everywhere else.
// No test traffic leaves this machine: the page only ever tries a loopback server of the
// test's own, which also tells whether anything reached it.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { eventFunctionName } from '../../shared/bridge.ts';
import { EVENT_NAMES, REQUEST_NAMES } from '../../shared/channels.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { findElectronBinary, NO_ELECTRON_REASON } from '../support/electron-binary.ts';
import { MAIN_ENTRY } from './hosts/paths.ts';

const ELECTRON_ONLY =
  'Electron only: it checks the real BrowserWindow and main’s guards, which the browser host does not have.';

/** The undocumented but long-standing WebContents method that reports a window's preferences. */
interface WithLastWebPreferences {
  getLastWebPreferences(): Record<string, unknown> | null;
}

test.describe.configure({ mode: 'serial' });

let electronApp: ElectronApplication;
let page: Page;
let fake: FakeLinq | undefined;
let dataDir: string | undefined;
/** "Somewhere else" for the page to try to reach; `reached` lists what got there. */
let elsewhere: { url: string; reached: string[]; server: Server } | undefined;

test.beforeAll(async () => {
  test.skip(test.info().project.name !== 'electron', ELECTRON_ONLY);
  const executablePath = findElectronBinary();
  test.skip(!executablePath, NO_ELECTRON_REASON);
  if (!process.env.LINQ_TEST_KEYRING) {
    throw new Error(
      'Run the end-to-end tests through scripts/with-test-keyring.sh (npm test does).',
    );
  }
  dataDir = await mkdtemp(join(tmpdir(), 'linq-e2e-security-'));
  const reached: string[] = [];
  const server = createServer((request, response) => {
    reached.push(`${request.method} ${request.url}`);
    response.end('somewhere else');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  elsewhere = { url: `http://127.0.0.1:${port}/elsewhere`, reached, server };
  fake = await startFakeLinq();
  electronApp = await electron.launch({
    executablePath: executablePath!,
    args: [MAIN_ENTRY],
    env: {
      ...process.env,
      LINQ_DATA_DIR: dataDir,
      LINQ_API_BASE_URL: fake.baseUrl,
      LINQ_KEYCHAIN_SERVICE: `Linq Contact Cards e2e security ${process.pid}`,
    },
  });
  page = await electronApp.firstWindow();
  await expect(page.getByRole('heading', { name: 'Connect your Linq account' })).toBeVisible();
});

test.afterAll(async () => {
  await electronApp?.close().catch(() => {});
  await fake?.close();
  if (elsewhere) await new Promise((resolve) => elsewhere!.server.close(resolve));
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The main window's web contents' URL and whether it is loading, as main sees them. */
function mainWindowState() {
  return electronApp.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    return { url: contents.getURL(), loading: contents.isLoading() };
  });
}

test('every window is sandboxed and context-isolated, with no Node and no <webview>', async () => {
  const windows = await electronApp.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((window) => {
      const contents = window.webContents as unknown as WithLastWebPreferences;
      const preferences = contents.getLastWebPreferences() ?? {};
      return {
        sandbox: preferences.sandbox,
        contextIsolation: preferences.contextIsolation,
        nodeIntegration: preferences.nodeIntegration,
        webviewTag: preferences.webviewTag,
      };
    }),
  );
  expect(windows.length).toBeGreaterThan(0);
  for (const preferences of windows) {
    expect(preferences).toEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  }
});

test('the page has no require or process, and window.linq is exactly the contract', async () => {
  const globals = await page.evaluate(() => ({
    require: typeof require,
    process: typeof process,
    module: typeof module,
    Buffer: typeof Buffer,
  }));
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
  });

  const linq = await page.evaluate(() => {
    const api = (window as unknown as { linq: Record<string, unknown> }).linq;
    return {
      names: Object.keys(api).sort(),
      allFunctions: Object.values(api).every((value) => typeof value === 'function'),
      frozen: Object.isFrozen(api),
    };
  });
  const contract = [...REQUEST_NAMES, ...EVENT_NAMES.map(eventFunctionName)].sort();
  expect(linq).toEqual({ names: contract, allFunctions: true, frozen: true });
});

test('the page cannot navigate away', async () => {
  const before = await mainWindowState();
  expect(before.url).toMatch(/^app:\/\/renderer\//);
  // What main's web contents go through while the page tries: the app's own will-navigate
  // handler refuses; a navigation that went ahead would add did-navigate and did-finish-load
  // (or did-fail-load), and its request would reach the test's server.
  await electronApp.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    const seen: string[] = [];
    (globalThis as unknown as { navigationSeen: string[] }).navigationSeen = seen;
    contents.on('will-navigate', (event) => seen.push(`will-navigate ${event.url}`));
    contents.on('did-navigate', (_event, url) => seen.push(`did-navigate ${url}`));
    contents.on('did-finish-load', () => seen.push('did-finish-load'));
    contents.on('did-fail-load', (_event, code, _text, url) =>
      seen.push(`did-fail-load ${code} ${url}`),
    );
  });
  const seen = () =>
    electronApp.evaluate(
      () => (globalThis as unknown as { navigationSeen: string[] }).navigationSeen,
    );

  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  await page.evaluate((url) => {
    location.href = url;
  }, elsewhere!.url);
  await expect.poll(seen).toContain(`will-navigate ${elsewhere!.url}`);
  await expect.poll(async () => (await mainWindowState()).loading).toBe(false);

  expect((await mainWindowState()).url).toBe(before.url);
  expect(page.url()).toBe(before.url);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(
    true,
  );
  // ERR_ABORTED (-3) is the refusal itself; anything else means the page went somewhere.
  const after = (await seen()).filter(
    (entry) => !entry.startsWith('will-navigate') && !entry.startsWith('did-fail-load -3 '),
  );
  expect(after).toEqual([]);
  expect(elsewhere!.reached).toEqual([]);
});

test('the page cannot open windows', async () => {
  const count = () =>
    electronApp.evaluate(({ BrowserWindow, webContents }) => ({
      windows: BrowserWindow.getAllWindows().length,
      contents: webContents.getAllWebContents().length,
    }));
  const before = await count();
  const opened: Page[] = [];
  electronApp.on('window', (window) => opened.push(window));

  // window.open answers synchronously, after main's window-open handler has decided.
  const handle = await page.evaluate((url) => window.open(url) === null, elsewhere!.url);
  expect(handle).toBe(true);

  // Main, asked afterwards, has created nothing, and nothing reached the URL.
  expect(await count()).toEqual(before);
  expect(opened).toEqual([]);
  expect(electronApp.windows()).toHaveLength(1);
  expect(page.url()).toMatch(/^app:\/\/renderer\//);
  expect(elsewhere!.reached).toEqual([]);
});

test('app:// responses carry the Content-Security-Policy header, and the page is under it', async () => {
  const served = await electronApp.evaluate(async ({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    const index = await contents.session.fetch('app://renderer/index.html');
    const html = await index.text();
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1] ?? null;
    const asset = script
      ? await contents.session.fetch(new URL(script, 'app://renderer/index.html').href)
      : null;
    return {
      indexStatus: index.status,
      indexPolicy: index.headers.get('content-security-policy'),
      script,
      scriptStatus: asset?.status ?? null,
      scriptPolicy: asset?.headers.get('content-security-policy') ?? null,
    };
  });
  expect(served.indexStatus).toBe(200);
  expect(served.script).not.toBeNull();
  expect(served.scriptStatus).toBe(200);
  for (const policy of [served.indexPolicy, served.scriptPolicy]) {
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('unsafe-inline');
  }

  // In force in the page: a network call is refused before it leaves, as a CSP violation.
  const attempt = await page.evaluate(async (url) => {
    const violation = new Promise<string>((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) =>
        resolve(event.effectiveDirective),
      );
      // Only for a failing run: without a policy no violation ever comes.
      setTimeout(() => resolve('no violation reported'), 5_000);
    });
    const fetched = await fetch(url).then(
      () => 'answered',
      () => 'refused',
    );
    return { fetched, directive: await violation };
  }, elsewhere!.url);
  expect(attempt).toEqual({ fetched: 'refused', directive: 'connect-src' });
  expect(elsewhere!.reached).toEqual([]);
});
