// The headless host's fetch tells a proxy it cannot connect to from a Linq it cannot connect
// to: only a failure at the proxy's own address is the proxy's, so a URL that NO_PROXY sends
// straight to Linq still reads as "Linq unreachable".
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { envProxyFetch } from '../../electron/headless/env-proxy-fetch.ts';
import { classifyNetworkError } from '../../electron/services/net/network-failure.ts';

let closedPort: number;

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
});

async function failureOf(env: NodeJS.ProcessEnv, url: string) {
  const error = await envProxyFetch(env)(url).then(
    () => null,
    (caught: unknown) => caught,
  );
  return classifyNetworkError(error);
}

it('marks a refused connection to the proxy as the proxy’s', async () => {
  const proxy = `http://127.0.0.1:${closedPort}`;
  expect(await failureOf({ HTTP_PROXY: proxy }, 'http://127.0.0.1:9999/v3/x')).toMatchObject({
    kind: 'proxy-refused',
    detail: 'LINQ_PROXY_UNREACHABLE',
  });
});

it('finds the proxy by its resolved address when it is named, and reads lower-case first', async () => {
  const env = { http_proxy: `http://localhost:${closedPort}`, HTTP_PROXY: 'http://127.0.0.2:1' };
  expect(await failureOf(env, 'http://127.0.0.1:9999/v3/x')).toMatchObject({
    kind: 'proxy-refused',
  });
});

it('leaves a refused connection to Linq itself, exempt by NO_PROXY, as Linq unreachable', async () => {
  const env = { HTTP_PROXY: 'http://127.0.0.1:1', NO_PROXY: '127.0.0.1' };
  expect(await failureOf(env, `http://127.0.0.1:${closedPort}/v3/x`)).toEqual({
    kind: 'unreachable',
    delivery: 'not-sent',
    detail: 'ECONNREFUSED',
  });
});
