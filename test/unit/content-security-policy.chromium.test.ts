// The production Content-Security-Policy in a real Chromium: a page served with it (by the e2e
// host's loopback server, which sends the same header as main's app:// handler) can start a
// module worker from its own files and draw blob: images, and cannot run inline script, eval,
// a blob: worker, a fetch or load an image from elsewhere. Only loopback traffic.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/content-security-policy.ts';
import { chromiumPath, launchChromium } from '../e2e/hosts/browser-host.ts';
import { serveDirectory, type StaticServer } from '../e2e/hosts/static-server.ts';

const PAGE = {
  'index.html': `<!doctype html><title>csp</title>
<script>window.inlineRan = true;</script>
<img id="data" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==">
<script type="module" src="./main.js"></script>`,
  // What the app's bundle does: a module worker from a URL relative to the module itself.
  'main.js': `
const results = {};
const settle = (name, value) => { results[name] = value; };
window.results = results;
document.addEventListener('securitypolicyviolation', (e) => {
  (window.violations ??= []).push(e.effectiveDirective);
});
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = (event) => settle('moduleWorker', event.data);
worker.onerror = () => settle('moduleWorker', 'error');
try {
  const blobWorker = new Worker(URL.createObjectURL(new Blob(['postMessage("ran")'])));
  blobWorker.onmessage = () => settle('blobWorker', 'ran');
  blobWorker.onerror = () => settle('blobWorker', 'blocked');
} catch { settle('blobWorker', 'blocked'); }
try { settle('eval', eval('"ran"')); } catch { settle('eval', 'blocked'); }
fetch('./dep.js').then(() => settle('fetch', 'ran'), () => settle('fetch', 'blocked'));
const image = new Image();
image.onload = () => settle('blobImage', 'loaded');
image.onerror = () => settle('blobImage', 'blocked');
const gif = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw=='), (c) => c.charCodeAt(0));
image.src = URL.createObjectURL(new Blob([gif], { type: 'image/gif' }));
// An image from anywhere else, with data in its address: refused by the policy itself. (Port 9
// on loopback: were it let through, the request would find nothing there.)
const remote = new Image();
remote.onload = () => settle('remoteImage', 'loaded');
remote.onerror = () => settle('remoteImage', 'blocked');
remote.src = 'https://127.0.0.1:9/pixel.gif?stolen=42';
`,
  // The worker's own imports are checked against the worker's policy: its response's header.
  'worker.js': `import { answer } from './dep.js'; postMessage(answer);`,
  'dep.js': `export const answer = 'module worker ran';`,
};

const hasChromium = existsSync(chromiumPath());
let dir: string;
let server: StaticServer;
let browser: Browser | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-csp-'));
  for (const [name, text] of Object.entries(PAGE)) await writeFile(join(dir, name), text);
  server = await serveDirectory(dir);
  if (hasChromium) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the production CSP in Chromium', () => {
  it('is sent on every response of the test host’s server, with nosniff', async () => {
    for (const path of ['/index.html', '/worker.js', '/missing.js']) {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it.skipIf(!hasChromium)(
    'runs the app’s own module worker and refuses inline script, eval, blob workers, fetch and remote images',
    async () => {
      const page = await browser!.newPage();
      await page.goto(`${server.origin}/index.html`);
      // Runs in the page; typed without the DOM library, which this (Node) project lacks.
      type PageGlobals = {
        results?: Record<string, string>;
        inlineRan?: boolean;
        violations?: string[];
        document: { getElementById(id: string): { complete: boolean; naturalWidth: number } };
      };
      await page.waitForFunction(
        () => Object.keys((globalThis as unknown as PageGlobals).results ?? {}).length === 6,
      );
      const seen = await page.evaluate(() => {
        const scope = globalThis as unknown as PageGlobals;
        const data = scope.document.getElementById('data');
        return {
          results: scope.results,
          inlineRan: scope.inlineRan ?? false,
          dataImage: data.complete && data.naturalWidth === 1,
          violations: [...new Set(scope.violations ?? [])].sort(),
        };
      });
      await page.close();
      expect(seen).toEqual({
        results: {
          moduleWorker: 'module worker ran',
          blobWorker: 'blocked',
          eval: 'blocked',
          fetch: 'blocked',
          blobImage: 'loaded',
          remoteImage: 'blocked',
        },
        inlineRan: false,
        dataImage: true,
        // eval, the blob: worker, the fetch and the remote image (the inline script is refused
        // before the page listens).
        violations: ['connect-src', 'img-src', 'script-src', 'worker-src'],
      });
    },
  );
});
