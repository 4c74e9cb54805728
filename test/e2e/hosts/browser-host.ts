// Host (b): the built renderer served from loopback in Debian's Chromium, with the services
// running in a headless Node host in a child process, bridged to `window.linq` through a
// Playwright binding. The binding refuses calls from any frame but the app's own page, as
// main does for IPC senders.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppError } from '../../../shared/errors.schema.ts';
import { startHostProcess, type HostProcess } from '../../support/host-process.ts';
import { BRIDGE_BUNDLE, RENDERER_DIR } from './paths.ts';
import { serveDirectory, type StaticServer } from './static-server.ts';
import type { AppHost, HostSetup, TrafficEntry } from './types.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

export async function startBrowserHost(setup: HostSetup): Promise<AppHost> {
  const server: StaticServer = await serveDirectory(RENDERER_DIR);
  // The headless host's stand-in for main's open dialog reads its answer from this file.
  const dialogDir = await mkdtemp(join(tmpdir(), 'linq-e2e-dialog-'));
  const dialogAnswer = join(dialogDir, 'answer');
  const host: HostProcess = await startHostProcess({
    dataDir: setup.dataDir,
    apiBaseUrl: setup.apiBaseUrl,
    keychainService: setup.keychainService,
    requestTimeoutMs: setup.requestTimeoutMs,
    env: { LINQ_OPEN_DIALOG_ANSWER_FILE: dialogAnswer, ...setup.mainEnv },
  });
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1100, height: 760 },
    colorScheme: setup.colorScheme ?? 'light',
    locale: 'en-US',
  });
  const page: Page = await context.newPage();
  // Filled only once a spec asks for it (recordTraffic), so other specs keep nothing.
  let traffic: TrafficEntry[] | null = null;
  const failures = new Map<string, AppError>();

  await page.exposeBinding('__linqInvoke', async ({ frame }, name: string, payload: unknown) => {
    if (frame !== page.mainFrame() || new URL(frame.url()).origin !== server.origin) {
      return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'Refused' } };
    }
    const failure = failures.get(name);
    failures.delete(name);
    const result = failure ? { ok: false, error: failure } : await host.invoke(name, payload);
    traffic?.push({ kind: 'answer', name, result });
    return result;
  });
  host.onEvent((name, payload) => {
    traffic?.push({ kind: 'event', name, payload });
    void page
      .evaluate(
        ([n, p]) =>
          (
            globalThis as unknown as { __linqTestHostEmit(n: string, p: unknown): void }
          ).__linqTestHostEmit(n, p),
        [name, payload] as const,
      )
      .catch(() => {}); // the page may be navigating; it re-reads state on load
  });
  await page.addInitScript({ path: BRIDGE_BUNDLE });
  await page.goto(`${server.origin}/index.html`);

  return {
    kind: 'browser',
    page,
    async restartMain() {
      await host.restart();
      await page.reload();
    },
    async killMain() {
      await host.kill();
    },
    mainOutput: () => host.output.join(''),
    failNextCall(name, error) {
      failures.set(name, error);
    },
    recordTraffic() {
      traffic ??= [];
      return traffic;
    },
    async answerOpenDialog(path) {
      await writeFile(dialogAnswer, path ?? '');
    },
    async close() {
      await context.close();
      await browser.close();
      await host.stop();
      await server.close();
      await rm(dialogDir, { recursive: true, force: true });
    },
  };
}
