// Benchmark: the production renderer's initial JavaScript (gzip bytes) and its time to
// interactive in headless Chromium, each against a bare React page built by the same
// toolchain, measured in the same run. "Interactive" is the `linq:interactive` performance mark
// both pages set once their first screen is rendered (the app: with its state loaded from
// main through window.linq, as in the browser test host).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { startFakeLinq } from '../test/fake-linq/server.ts';
import { launchChromium } from '../test/e2e/hosts/browser-host.ts';
import { buildPageBridge } from '../test/e2e/hosts/page-bridge-build.ts';
import { PROJECT_ROOT, RENDERER_DIR } from '../test/e2e/hosts/paths.ts';
import { serveDirectory } from '../test/e2e/hosts/static-server.ts';
import { startHostProcess, type HostProcess } from '../test/support/host-process.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const BARE_DIR = `${PROJECT_ROOT}bench-results/bare-react`;
const TARGET_GZIP_BYTES = 250 * 1024;
const TARGET_TTI_RATIO = 1.5;

export interface StartupFigures {
  appGzipBytes: number;
  bareGzipBytes: number;
  appTtiMedianMs: number;
  bareTtiMedianMs: number;
  ttiRatio: number;
}

async function buildBareReact(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: `${PROJECT_ROOT}bench/bare-react`,
    plugins: [react()],
    build: { outDir: BARE_DIR, emptyOutDir: true },
  });
}

/**
 * The JavaScript a page loaded before it became interactive (its entry module, what that
 * preloads and what it imports dynamically on the way), gzipped from the built files.
 */
async function initialJsGzipBytes(dir: string, scriptPaths: string[]): Promise<number> {
  let total = 0;
  for (const path of new Set(scriptPaths)) {
    total += gzipSync(await readFile(join(dir, path)), { level: 9 }).length;
  }
  return total;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface LoadFigures {
  ms: number;
  /** Paths of the scripts fetched before the mark, relative to the page's origin. */
  scripts: string[];
}

async function timeToInteractive(page: Page, url: string): Promise<LoadFigures> {
  await page.goto(url);
  await page.waitForFunction(
    () => performance.getEntriesByName('linq:interactive').length > 0,
    null,
    {
      timeout: 30_000,
    },
  );
  return page.evaluate(() => {
    const mark = performance.getEntriesByName('linq:interactive')[0]!.startTime;
    const scripts = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime <= mark && new URL(entry.name).pathname.endsWith('.js'))
      .map((entry) => new URL(entry.name).pathname.slice(1));
    return { ms: mark, scripts };
  });
}

async function measureApp(
  browser: Browser,
  origin: string,
  host: HostProcess,
  bridge: string,
): Promise<LoadFigures> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.exposeBinding('__linqInvoke', (_source, name: string, payload: unknown) =>
    host.invoke(name, payload),
  );
  await page.addInitScript({ path: bridge });
  const figures = await timeToInteractive(page, `${origin}/index.html`);
  await context.close();
  return figures;
}

async function measureBare(browser: Browser, origin: string): Promise<LoadFigures> {
  const context = await browser.newContext();
  const figures = await timeToInteractive(await context.newPage(), `${origin}/index.html`);
  await context.close();
  return figures;
}

export async function benchRendererStartup(): Promise<StartupFigures> {
  await buildBareReact();
  const bridge = await buildPageBridge();

  const fake = await startFakeLinq();
  const dataDir = await mkdtemp(join(tmpdir(), 'linq-bench-'));
  const host = await startHostProcess({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService: `Linq Contact Cards bench ${process.pid}`,
  });
  // The everyday start: a key is stored, so the app opens on the card form.
  await host.storeKeyUnchecked(fake.apiKey);
  const appServer = await serveDirectory(RENDERER_DIR);
  const bareServer = await serveDirectory(BARE_DIR);
  const browser = await launchChromium();
  const app: number[] = [];
  const bare: number[] = [];
  let appScripts: string[];
  let bareScripts: string[];
  try {
    // One warm-up of each, then interleaved rounds so that machine noise hits both sides alike.
    appScripts = (await measureApp(browser, appServer.origin, host, bridge)).scripts;
    bareScripts = (await measureBare(browser, bareServer.origin)).scripts;
    for (let round = 0; round < ROUNDS; round++) {
      app.push((await measureApp(browser, appServer.origin, host, bridge)).ms);
      bare.push((await measureBare(browser, bareServer.origin)).ms);
    }
  } finally {
    await browser.close();
    await appServer.close();
    await bareServer.close();
    await host.invoke('removeKey');
    await host.stop();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const appGzipBytes = await initialJsGzipBytes(RENDERER_DIR, appScripts);
  const bareGzipBytes = await initialJsGzipBytes(BARE_DIR, bareScripts);
  const appTtiMedianMs = median(app);
  const bareTtiMedianMs = median(bare);
  return {
    appGzipBytes,
    bareGzipBytes,
    appTtiMedianMs,
    bareTtiMedianMs,
    ttiRatio: appTtiMedianMs / bareTtiMedianMs,
  };
}

export function reportRendererStartup(figures: StartupFigures): boolean {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const gzipOk = figures.appGzipBytes <= TARGET_GZIP_BYTES;
  const ratioOk = figures.ttiRatio <= TARGET_TTI_RATIO;
  console.log(
    'Renderer startup (headless Chromium, loopback, median of %d cold loads each)',
    ROUNDS,
  );
  console.log(
    `  initial JS, gzip -9:   app ${kb(figures.appGzipBytes)} | bare React ${kb(figures.bareGzipBytes)} | target app <= ${kb(TARGET_GZIP_BYTES)}: ${gzipOk ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  time to interactive:   app ${figures.appTtiMedianMs.toFixed(1)} ms | bare React ${figures.bareTtiMedianMs.toFixed(1)} ms | ratio ${figures.ttiRatio.toFixed(2)} (target <= ${TARGET_TTI_RATIO}): ${ratioOk ? 'met' : 'MISSED'}`,
  );
  return gzipOk && ratioOk;
}
