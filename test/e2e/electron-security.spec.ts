// What only the real Electron app can show: every window sandboxed and isolated, without Node
// or <webview>, with web security untouched; the page cannot navigate away, open windows or
// start downloads, and only Linq's documentation reaches the system browser; app:// responses
// carry the Content-Security-Policy header; the page has no require or process, and
// window.linq is exactly the contract; a second launch ends at once and brings the first
// window forward. Runs in the `electron` project where an Electron runtime exists, and is
// reported as skipped, with the reason, everywhere else.
// No test traffic leaves this machine: the page only ever tries a loopback server of the
// test's own, which also tells whether anything reached it, and shell.openExternal is replaced
// (and checked to be) before any documentation link is tried.
import { spawn } from 'node:child_process';
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
let executable: string;
let launchEnv: Record<string, string | undefined>;
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
  executable = executablePath!;
  launchEnv = {
    ...process.env,
    LINQ_DATA_DIR: dataDir,
    LINQ_API_BASE_URL: fake.baseUrl,
    LINQ_KEYCHAIN_SERVICE: `Linq Contact Cards e2e security ${process.pid}`,
  };
  electronApp = await electron.launch({
    executablePath: executable,
    args: [MAIN_ENTRY],
    env: launchEnv as Record<string, string>,
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
        // Left at Electron's safe defaults: absent, or at most the default value.
        weakened: [
          preferences.webSecurity === false ? 'webSecurity' : null,
          preferences.allowRunningInsecureContent === true ? 'allowRunningInsecureContent' : null,
          preferences.experimentalFeatures === true ? 'experimentalFeatures' : null,
          preferences.enableBlinkFeatures ? 'enableBlinkFeatures' : null,
          preferences.nodeIntegrationInWorker === true ? 'nodeIntegrationInWorker' : null,
          preferences.nodeIntegrationInSubFrames === true ? 'nodeIntegrationInSubFrames' : null,
        ].filter((name) => name !== null),
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
      weakened: [],
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

test('the page cannot start a download: no save dialog with a name it chose', async () => {
  // Added after main's own will-download listener (set when the session was guarded), so it
  // sees whether main refused.
  await electronApp.evaluate(({ session }) => {
    const seen: Array<{ name: string; prevented: boolean }> = [];
    (globalThis as unknown as { downloadsSeen: typeof seen }).downloadsSeen = seen;
    session.defaultSession.on('will-download', (event, item) => {
      seen.push({ name: item.getFilename(), prevented: event.defaultPrevented });
    });
  });
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(['planted'], { type: 'application/octet-stream' }));
    link.download = 'planted.exe';
    document.body.append(link);
    link.click();
    link.remove();
  });
  await expect
    .poll(() =>
      electronApp.evaluate(
        () =>
          (globalThis as unknown as { downloadsSeen: Array<{ name: string; prevented: boolean }> })
            .downloadsSeen,
      ),
    )
    .toEqual([{ name: 'planted.exe', prevented: true }]);
  expect(electronApp.windows()).toHaveLength(1);
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

test('only Linq’s documentation is handed to the system browser, from window.open or a link', async () => {
  // shell.openExternal is replaced first, so nothing really opens (and nothing leaves this
  // machine); main's guards call it as shell.openExternal at the time of the call.
  const replaced = await electronApp.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as unknown as { externallyOpened: string[] }).externallyOpened = opened;
    const fake = async (url: string) => {
      opened.push(url);
    };
    Object.defineProperty(shell, 'openExternal', {
      value: fake,
      configurable: true,
      writable: true,
    });
    return shell.openExternal === fake;
  });
  expect(replaced, 'shell.openExternal could be replaced').toBe(true);
  const opened = () =>
    electronApp.evaluate(
      () => (globalThis as unknown as { externallyOpened: string[] }).externallyOpened,
    );
  const before = page.url();
  const docs = 'https://docs.linqapp.com/error/codes/1xxx/1007/';

  // The error alert's link (ErrorAlert.tsx): target=_blank, so a click is a window.open that
  // main refuses and hands on. Clicked as a user would (Playwright's click is a real gesture).
  await page.evaluate((url) => {
    const link = Object.assign(document.createElement('a'), {
      id: 'docs-link-under-test',
      href: url,
      target: '_blank',
      rel: 'noreferrer',
      textContent: 'Linq’s explanation of this error',
    });
    // Above whatever the app draws, so nothing covers it.
    Object.assign(link.style, { position: 'fixed', top: '0', left: '0', zIndex: '2147483647' });
    document.body.append(link);
  }, docs);
  await page.locator('#docs-link-under-test').click();
  await page.evaluate(() => document.getElementById('docs-link-under-test')?.remove());
  await expect.poll(opened).toEqual([docs]);

  // Anything else is refused and opened nowhere: another host, http, a file, another scheme.
  for (const url of [
    elsewhere!.url,
    'https://docs.linqapp.com.attacker.invalid/',
    'http://docs.linqapp.com/',
    'file:///etc/passwd',
  ]) {
    expect(await page.evaluate((u) => window.open(u) === null, url), url).toBe(true);
    await page.evaluate((u) => {
      location.href = u;
    }, url);
  }
  // A navigation to the documentation opens it outside too, and the page stays.
  await page.evaluate((url) => {
    location.href = url;
  }, `${docs}#nav`);
  await expect.poll(opened).toEqual([docs, `${docs}#nav`]);
  await expect.poll(async () => (await mainWindowState()).loading).toBe(false);
  expect(page.url()).toBe(before);
  expect(electronApp.windows()).toHaveLength(1);
  expect(elsewhere!.reached).toEqual([]);
});

test('a second launch ends at once and brings the first window forward', async () => {
  // Counted in the first app: the second-instance event, and main's call to focus its window.
  await electronApp.evaluate(({ app, BrowserWindow }) => {
    const seen = { secondInstance: 0, focused: 0 };
    (globalThis as unknown as { singleInstance: typeof seen }).singleInstance = seen;
    app.on('second-instance', () => seen.secondInstance++);
    const window = BrowserWindow.getAllWindows()[0]!;
    const focus = window.focus.bind(window);
    window.focus = () => {
      seen.focused++;
      focus();
    };
  });
  // The same app and data folder (so the same profile and lock), as a user's second click.
  const second = spawn(executable, ['--no-sandbox', MAIN_ENTRY], {
    env: launchEnv as NodeJS.ProcessEnv,
    stdio: 'ignore',
  });
  const exit = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      second.kill('SIGKILL');
      reject(new Error('the second instance was still running after 20 s'));
    }, 20_000);
    second.on('error', reject);
    second.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  expect(exit).toBe(0);
  await expect
    .poll(() =>
      electronApp.evaluate(
        () =>
          (globalThis as unknown as { singleInstance: { secondInstance: number; focused: number } })
            .singleInstance,
      ),
    )
    .toEqual({ secondInstance: 1, focused: 1 });
  expect(electronApp.windows()).toHaveLength(1);
});
