// What made a version of a card, in the words staff use: whose change it was, which file it
// came from, or that it was changed at Linq (another computer, a script, Linq's own tools).
import type { CardVersion } from '../../../shared/card-history.schema.ts';

/** `restoredFromWhen`: when the version a restore sent again was confirmed, if it is known. */
export function versionSource(
  version: Pick<CardVersion, 'madeBy' | 'importName'>,
  restoredFromWhen?: string,
): string {
  switch (version.madeBy) {
    case 'submission':
      return 'Your change';
    case 'import':
      return version.importName ? `Import of ${version.importName}` : 'An import';
    case 'undo':
      return version.importName ? `Undo of ${version.importName}` : 'An undo of an import';
    case 'restore':
      return restoredFromWhen
        ? `Restored from the version of ${restoredFromWhen}`
        : 'Restored from an earlier version';
    case 'seen-at-linq':
      return 'Changed at Linq';
    case 'before-versions':
      return 'Recorded before versions were kept';
  }
}

/** "2 older versions are not listed", or null when every version is. */
export function olderVersionsNote(listed: number, total: number): string | null {
  const older = total - listed;
  if (older <= 0) return null;
  return older === 1 ? '1 older version is not listed' : `${older} older versions are not listed`;
}
