// Which pages may call the IPC API: only the app's own renderer (app://renderer, or the dev
// server's origin while developing). Kept free of Electron imports so it can be unit-tested.

/**
 * scheme://host[:port] of a URL. Not URL.origin: for a custom scheme such as app:// Node's URL
 * (which main uses) reports the origin as "null", the same as for data: or file: pages.
 */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol === 'file:' || url.protocol === 'data:' || url.host === '') return null;
    if (url.username !== '' || url.password !== '') return null; // never the app's own page
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}

export function createSenderCheck(
  appOrigin: string,
  devServerUrl: string | undefined,
): (url: string) => boolean {
  const trusted = new Set([originOf(appOrigin), devServerUrl ? originOf(devServerUrl) : null]);
  trusted.delete(null);
  return (url) => {
    const origin = originOf(url);
    return origin !== null && trusted.has(origin);
  };
}
