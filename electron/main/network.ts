// Which fetch the services get in the app: Electron's net.fetch, which goes through Chromium's
// network stack and so honours what staff machines are set up with (the OS proxy settings,
// PAC/WPAD, proxies that sign in with the computer's account, and the OS certificate store
// with a company's root certificate for its TLS-inspecting gateway). Node's fetch honours
// none of them. No Electron import here: it takes anything shaped like Electron's `net`.
import type { FetchLike } from '../services/net/fetch.ts';

/** The part of Electron's `net` module the services need, with its own signature. */
export interface NetLike {
  fetch(
    input: string | Request,
    init?: RequestInit & { bypassCustomProtocolHandlers?: boolean },
  ): Promise<Response>;
}

function isStream(body: RequestInit['body']): boolean {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}

/**
 * net.fetch adapted to what the services (and the Linq SDK) call fetch with:
 * - a URL object becomes its string (net.fetch takes a string or a Request);
 * - a streamed body gets `duplex: 'half'`, without which the Request net.fetch builds refuses it;
 * - custom protocol handlers are bypassed: a request to Linq is never the app's own files;
 * - it is called on `net`, as Electron's method expects.
 * net.fetch hands a request body to Chromium in one piece (Electron's fetchWithSession writes
 * it into a ClientRequest, which buffers a body that is not chunked), so the fetch says
 * `buffersRequestBody` and the photo PUT measures its progress and time accordingly.
 */
export function servicesFetch(net: NetLike): FetchLike {
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const adapted: RequestInit & { duplex?: 'half'; bypassCustomProtocolHandlers: boolean } = {
      ...init,
      bypassCustomProtocolHandlers: true,
    };
    if (isStream(init?.body) && !('duplex' in (init ?? {}))) adapted.duplex = 'half';
    return net.fetch(input instanceof URL ? input.href : input, adapted);
  };
  return Object.assign(fetch, { buffersRequestBody: true });
}
