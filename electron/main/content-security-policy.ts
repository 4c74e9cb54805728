// The renderer's Content-Security-Policy, in one place. Main's app:// handler sends it as a
// header with every response (so it covers module workers too: a worker gets the policy of
// its own script's response), and the loopback server of the end-to-end browser host sends
// the same header, so those tests run under the production policy. No Electron imports: the
// test host and unit tests use this module as it is.
//
// Why each source is allowed:
// - script-src/worker-src 'self': the app's own bundles, and a module worker started with
//   `new Worker(new URL('./x.ts', import.meta.url), { type: 'module' })`. Not blob: or data:
//   (a worker built from a string could run anything), never 'unsafe-inline' or 'unsafe-eval'.
// - img-src 'self' blob: data:: photo previews and card photos are blob: URLs (a card's photo
//   is fetched by main, from an address the app already knows, and handed over as bytes:
//   card-images.ts), data: in places. No remote address: an image request can carry data
//   anywhere in its URL, and would tell the image's host that this user looks at this card.
// - connect-src 'none': the renderer makes no network calls; every call to Linq is made by
//   main with the API key, which the page never sees.
// - frames, plugins, forms, <base> and being framed: none of them are used, so none allowed.

/** Directive name to its sources, in the order they are sent. */
type Directives = Record<string, string[]>;

const PRODUCTION_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'font-src': ["'self'"],
  'worker-src': ["'self'"],
  'connect-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export interface PolicyOptions {
  /**
   * The Vite dev server's URL while developing (never in a packaged app). Its hot reload needs
   * a WebSocket back to the server, React's refresh preamble is an inline module script and
   * Vite injects imported CSS as inline <style>: the dev policy allows exactly those on top.
   */
  devServerUrl?: string;
}

function devServerSources(devServerUrl: string): { http: string; ws: string } | null {
  try {
    const url = new URL(devServerUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { http: url.origin, ws: `${ws}//${url.host}` };
  } catch {
    return null;
  }
}

export function buildContentSecurityPolicy(options: PolicyOptions = {}): string {
  const directives: Directives = structuredClone(PRODUCTION_DIRECTIVES);
  const dev = options.devServerUrl ? devServerSources(options.devServerUrl) : null;
  if (dev) {
    directives['script-src'] = ["'self'", "'unsafe-inline'"];
    directives['style-src'] = ["'self'", "'unsafe-inline'"];
    directives['connect-src'] = ["'self'", dev.http, dev.ws];
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The production policy: what the packaged app and the e2e browser host send. */
export const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy();
