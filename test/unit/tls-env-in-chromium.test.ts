// Release builds remove NODE_TLS_REJECT_UNAUTHORIZED (launch-policy.ts); beyond that, the app's
// Linq calls and uploads go through Electron's net.fetch, Chromium's network stack, which never
// reads it. Shown with Debian's Chromium (the same network stack and certificate verifier;
// Electron's runtime cannot be fetched on these machines): with the variable set to 0, Node's
// fetch accepts a certificate nobody trusts, Chromium still refuses it. Loopback only.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/hosts/browser-host.ts';
import { makeTestCertificates } from '../support/test-certificates.ts';

const hasChromium = existsSync(chromiumPath());
let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linq-tls-env-'));
  // Signed by a root nothing here trusts, as an attacker in the middle would present.
  const certificates = makeTestCertificates(dir);
  server = createServer({ key: certificates.key, cert: certificates.cert }, (_request, response) =>
    response.writeHead(200, { 'content-type': 'text/plain' }).end('the key would go here'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const WEAKENED = { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' };

it('weakens Node’s fetch: with the variable at 0 an untrusted certificate is accepted', async () => {
  const script = `fetch(${JSON.stringify(url)}).then((r) => console.log(r.status), (e) => console.log('refused', e.cause?.code))`;
  const run = (env: NodeJS.ProcessEnv) =>
    promisify(execFile)(process.execPath, ['--no-warnings', '-e', script], { env });
  const { NODE_TLS_REJECT_UNAUTHORIZED: _unset, ...clean } = process.env;
  expect((await run(clean)).stdout.trim()).toMatch(/^refused/);
  expect((await run(WEAKENED)).stdout.trim()).toBe('200');
});

it.skipIf(!hasChromium)(
  'does not weaken Chromium’s network stack (net.fetch’s): the certificate is still refused',
  async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
      headless: true,
      env: WEAKENED as Record<string, string>,
    });
    try {
      const page = await browser.newPage();
      await expect(page.goto(url)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await browser.close();
    }
  },
);
