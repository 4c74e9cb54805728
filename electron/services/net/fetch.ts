// The one way the services reach the network: a fetch handed in by whoever assembles them.
// Electron's main hands in Chromium's (net.fetch: the OS proxy settings, PAC/WPAD, the OS
// certificate store), the headless host Node's own with the proxy variables honoured, tests a
// counting wrapper. Nothing under electron/services calls the global fetch itself.

/** The shape the Linq SDK (`fetch` option) and the photo PUT both call. */
export type FetchLike = ((
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>) & {
  /**
   * True when a streamed request body is read to its end before any of it is sent, as
   * Electron's net.fetch does (it hands the body to Chromium in one piece). Bytes taken from
   * the body then say nothing about upload progress, and the transfer itself happens while
   * the caller waits for the answer.
   */
  readonly buffersRequestBody?: boolean;
};

/** Node's fetch, looked up when called so that a test may stand in for it. */
export const globalFetch: FetchLike = (input, init) => fetch(input, init);
