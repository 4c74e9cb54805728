// The words History shows for what made each version of a card.
import { describe, expect, it } from 'vitest';
import { olderVersionsNote, versionSource } from '../../../../renderer/src/lib/version-text.ts';

describe('versionSource', () => {
  it('names the change, the file or Linq', () => {
    expect(versionSource({ madeBy: 'submission', importName: null })).toBe('Your change');
    expect(versionSource({ madeBy: 'import', importName: 'stores.csv' })).toBe(
      'Import of stores.csv',
    );
    expect(versionSource({ madeBy: 'import', importName: null })).toBe('An import');
    expect(versionSource({ madeBy: 'seen-at-linq', importName: null })).toBe('Changed at Linq');
    expect(versionSource({ madeBy: 'before-versions', importName: null })).toMatch(/before/);
    expect(versionSource({ madeBy: 'restore', importName: null }, 'Mar 3, 10:02 AM')).toBe(
      'Restored from the version of Mar 3, 10:02 AM',
    );
    expect(versionSource({ madeBy: 'restore', importName: null })).toBe(
      'Restored from an earlier version',
    );
  });
});

describe('olderVersionsNote', () => {
  it('counts what is not listed, and says nothing when all are', () => {
    expect(olderVersionsNote(3, 3)).toBeNull();
    expect(olderVersionsNote(100, 101)).toBe('1 older version is not listed');
    expect(olderVersionsNote(100, 250)).toBe('150 older versions are not listed');
  });
});
