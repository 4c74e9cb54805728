// The audit export: one CSV row per version of each card, oldest first per number, numbered
// from 1, with what made it and whether it is the card Linq shows now (as last confirmed).
import type { CardVersion, CardVersionMaker } from '../../../shared/card-history.schema.ts';
import type { CsvCell } from '../export/csv.ts';

export const VERSIONS_EXPORT_HEADER = [
  'Phone number',
  'Version',
  'Confirmed at',
  'Confirmed by',
  'Made by',
  'Import',
  'First name',
  'Last name',
  'Image URL',
  'Photo SHA-256',
  'Active on the device',
  'Current',
];

const MADE_BY: Record<CardVersionMaker, string> = {
  submission: 'A change sent from this computer',
  import: 'An import',
  undo: 'An undo of an import',
  restore: 'A restore of an earlier version',
  'seen-at-linq': 'Changed at Linq',
  'before-versions': 'Recorded before versions were kept',
};

const CONFIRMED_BY: Record<CardVersion['confirmedBy'], string> = {
  'own-call': 'Linq’s answer',
  'read-back': 'Read back from Linq',
  sync: 'Sync with Linq',
};

/** Rows for `versions`, which come oldest first per number (as `forNumbers` reads them). */
export function versionRows(versions: readonly CardVersion[]): CsvCell[][] {
  const rows: CsvCell[][] = [];
  let number = '';
  let ordinal = 0;
  for (const version of versions) {
    ordinal = version.phoneNumber === number ? ordinal + 1 : 1;
    number = version.phoneNumber;
    rows.push([
      version.phoneNumber,
      ordinal,
      version.confirmedAt,
      CONFIRMED_BY[version.confirmedBy],
      MADE_BY[version.madeBy],
      version.importName,
      version.firstName,
      version.lastName,
      version.imageUrl,
      version.photoSha256,
      version.isActive,
      version.current,
    ]);
  }
  return rows;
}
