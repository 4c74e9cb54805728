// What an image cell refers to: a web address, which must pass the form's rule (Linq copies
// the image from a public https:// address), or a file on this computer, which the import
// uploads and checks when it gets to that row (the window cannot read files by path).
import { checkImageUrl } from '../../../../../shared/rules.ts';

export type ImportImage = { kind: 'url'; url: string } | { kind: 'path'; path: string };

/** The preview's note on a local image until main has checked it (plan/import-plan.ts drops it then). */
export const UNCHECKED_LOCAL_IMAGE_NOTE =
  'The image is a file on this computer: it is checked when imported.';

export type ImageCheck =
  { ok: true; image: ImportImage | null } | { ok: false; message: string; image: null };

/** A URL scheme ("https:", "ftp:"), but not a Windows drive letter ("C:"). */
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;
const PATH_MAX_LENGTH = 4096;

/** file:///Users/ada/a.jpg → /Users/ada/a.jpg; file:///C:/photos/a.jpg → C:/photos/a.jpg. */
function pathOfFileUrl(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.host !== '' && url.host !== 'localhost') return `//${url.host}${url.pathname}`;
    const path = decodeURIComponent(url.pathname);
    return /^\/[a-z]:\//i.test(path) ? path.slice(1) : path;
  } catch {
    return null;
  }
}

export function checkImageCell(cell: string): ImageCheck {
  const value = cell.trim();
  if (value === '') return { ok: true, image: null };
  if (/^file:/i.test(value)) {
    const path = pathOfFileUrl(value);
    if (path) return { ok: true, image: { kind: 'path', path } };
    return { ok: false, message: 'This file address cannot be read.', image: null };
  }
  if (SCHEME.test(value) || /^www\./i.test(value)) {
    const rule = checkImageUrl(value);
    return rule.ok
      ? { ok: true, image: { kind: 'url', url: rule.value } }
      : { ok: false, message: rule.message, image: null };
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (value.length > PATH_MAX_LENGTH || /[\u0000-\u001f]/.test(value)) {
    return { ok: false, message: 'This is not a usable file path.', image: null };
  }
  return { ok: true, image: { kind: 'path', path: value } };
}
