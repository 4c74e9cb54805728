// Applied to every web contents the app creates (app 'web-contents-created'): the page never
// navigates away, is never redirected off the app, opens no windows and attaches no <webview>.
// Links to Linq's documentation open in the system browser instead, and nothing else does
// (external-links.ts decides). Electron wiring only.
import type { WebContents } from 'electron';
import { openExternalLink } from './open-external.ts';

export function guardWebContents(
  contents: WebContents,
  isTrustedUrl: (url: string) => boolean,
): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternalLink(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isTrustedUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalLink(url);
    return { action: 'deny' };
  });
}
