// The folders main may read an import's images from. The window cannot name a folder itself: a
// folder is granted only when the user picks it in main's own dialog, or opens a spreadsheet
// there (its folder is granted). Main keeps the grant and hands the window an opaque token, so a
// compromised window can read neither ~/.ssh nor anything else the user never chose, and cannot
// even learn whether a file exists outside a chosen folder.
import { randomUUID } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

/** Grants kept at once: one per import the user is preparing is plenty; older ones lapse. */
const MAX_GRANTS = 16;

export interface ImageFolders {
  /** Grants the folder (as its real path, links resolved) and answers its token. */
  grant(folder: string): Promise<string>;
  /** The real path of a granted folder, or null for a token main never handed out. */
  folderOf(token: string | null): string | null;
}

export function createImageFolders(): ImageFolders {
  // Insertion order is age: the oldest grant is the first key.
  const grants = new Map<string, string>();
  return {
    async grant(folder) {
      const real = await realpath(folder);
      const token = randomUUID();
      grants.set(token, real);
      while (grants.size > MAX_GRANTS) grants.delete(grants.keys().next().value!);
      return token;
    },
    folderOf: (token) => (token === null ? null : (grants.get(token) ?? null)),
  };
}

/**
 * Whether `path` is `folder` itself or anything below it, by their text alone (both absolute
 * and already resolved where that matters: the caller compares real paths too).
 */
export function isWithin(folder: string, path: string): boolean {
  const rest = relative(folder, path);
  if (rest === '') return true;
  return !isAbsolute(rest) && rest !== '..' && !rest.startsWith(`..${sep}`);
}
