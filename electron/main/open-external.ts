// The only way the app hands a URL to the OS's browser: through the allowlist in
// external-links.ts. Everything that opens a link (window.open, a clicked link, a menu item)
// calls this instead of shell.openExternal.
import { shell } from 'electron';
import { allowedExternalUrl } from './external-links.ts';

/** Opens the link in the system browser if the allowlist admits it; otherwise does nothing. */
export function openExternalLink(url: string): void {
  const allowed = allowedExternalUrl(url);
  if (allowed) void shell.openExternal(allowed);
}
