// The app's fetch is Electron's net.fetch, adapted to what the services call it with. There
// is no Electron runtime here, so a stand-in `net` records its calls and checks its input the
// way Electron's does (it builds a Request from it, which refuses a stream without `duplex`).
import { describe, expect, it } from 'vitest';
import { servicesFetch, type NetLike } from '../../electron/main/network.ts';

interface NetCall {
  self: unknown;
  input: string | Request;
  init: (RequestInit & { bypassCustomProtocolHandlers?: boolean; duplex?: string }) | undefined;
}

function fakeNet(): NetLike & { calls: NetCall[] } {
  const calls: NetCall[] = [];
  return {
    calls,
    fetch(this: unknown, input, init) {
      calls.push({ self: this, input, init });
      new Request(input, init); // throws as net.fetch would
      return Promise.resolve(new Response('ok'));
    },
  };
}

describe('servicesFetch(net)', () => {
  it('calls net.fetch as a method of net, with the URL as a string', async () => {
    const net = fakeNet();
    const fetch = servicesFetch(net);
    await fetch(new URL('https://api.linqapp.com/api/partner/v3/phone_numbers'), {
      method: 'GET',
      headers: { Authorization: 'Bearer k' },
    });
    const [call] = net.calls;
    expect(call?.self).toBe(net);
    expect(call?.input).toBe('https://api.linqapp.com/api/partner/v3/phone_numbers');
    expect(call?.init).toMatchObject({ method: 'GET', headers: { Authorization: 'Bearer k' } });
  });

  it('passes a string or a Request on as it is', async () => {
    const net = fakeNet();
    const request = new Request('https://api.linqapp.com/x');
    await servicesFetch(net)('https://api.linqapp.com/y');
    await servicesFetch(net)(request);
    expect(net.calls.map((call) => call.input)).toEqual(['https://api.linqapp.com/y', request]);
  });

  it('gives a streamed body the duplex option Node’s Request insists on, and keeps one set', async () => {
    const net = fakeNet();
    const stream = () => new ReadableStream({ pull: (controller) => controller.close() });
    await servicesFetch(net)('https://store.example/put', { method: 'PUT', body: stream() });
    expect(net.calls[0]?.init?.duplex).toBe('half');
    const withDuplex = { method: 'PUT', body: stream(), duplex: 'half' } as RequestInit;
    await servicesFetch(net)('https://store.example/put', withDuplex);
    expect(net.calls[1]?.init?.duplex).toBe('half');
    await servicesFetch(net)('https://api.linqapp.com/x', { method: 'POST', body: '{}' });
    expect(net.calls[2]?.init).not.toHaveProperty('duplex');
  });

  it('never lets a custom protocol handler answer a request to Linq', async () => {
    const net = fakeNet();
    await servicesFetch(net)('https://api.linqapp.com/x');
    expect(net.calls[0]?.init?.bypassCustomProtocolHandlers).toBe(true);
  });

  it('says it buffers request bodies, as net.fetch does', () => {
    expect(servicesFetch(fakeNet()).buffersRequestBody).toBe(true);
  });

  it('passes net.fetch’s rejection on untouched, for network-failure.ts to read', async () => {
    const failing: NetLike = {
      fetch: () => Promise.reject(new Error('net::ERR_PROXY_CONNECTION_FAILED')),
    };
    await expect(servicesFetch(failing)('https://api.linqapp.com/x')).rejects.toThrow(
      'net::ERR_PROXY_CONNECTION_FAILED',
    );
  });
});
