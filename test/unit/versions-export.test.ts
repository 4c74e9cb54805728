// The audit export's rows: numbered per card from its oldest version, in words a reader of the
// spreadsheet understands.
import { describe, expect, it } from 'vitest';
import { versionRows } from '../../electron/services/card-history/versions-export.ts';
import type { CardVersion } from '../../shared/card-history.schema.ts';

function version(id: number, phoneNumber: string, patch: Partial<CardVersion> = {}): CardVersion {
  return {
    id,
    phoneNumber,
    firstName: `Name ${id}`,
    lastName: null,
    imageUrl: null,
    photoSha256: null,
    isActive: true,
    confirmedAt: '2026-12-07T02:00:00.000Z',
    confirmedBy: 'own-call',
    madeBy: 'submission',
    outboxId: id,
    importId: null,
    importName: null,
    restoredFrom: null,
    current: false,
    ...patch,
  };
}

describe('versionRows', () => {
  it('numbers each card’s versions from 1 and says what made each', () => {
    const rows = versionRows([
      version(1, '+14155550101'),
      version(4, '+14155550101', { madeBy: 'import', importName: 'stores.csv' }),
      version(5, '+14155550101', { madeBy: 'seen-at-linq', confirmedBy: 'sync', current: true }),
      version(2, '+14155550102', { current: true }),
    ]);
    expect(rows.map((row) => [row[0], row[1], row[4], row[5], row[11]])).toEqual([
      ['+14155550101', 1, 'A change sent from this computer', null, false],
      ['+14155550101', 2, 'An import', 'stores.csv', false],
      ['+14155550101', 3, 'Changed at Linq', null, true],
      ['+14155550102', 1, 'A change sent from this computer', null, true],
    ]);
    expect(rows[2]![3]).toBe('Sync with Linq');
  });
});
