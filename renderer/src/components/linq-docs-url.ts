// Which `doc_url` of a Linq error the app shows as a link: Linq's documentation over https, as
// main's allowlist admits it (electron/main/external-links.ts decides what actually opens, in
// the system browser; this only keeps the page from showing a link that would do nothing).
// Plain TypeScript, for unit tests.

const DOCS_HOST = 'docs.linqapp.com';

/** The link to show, or null: https, docs.linqapp.com exactly, default port, no credentials. */
export function linqDocsUrl(value: string | undefined): string | null {
  if (value === undefined || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname !== DOCS_HOST || url.port !== '') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}
