import { describe, expect, it } from 'vitest';
import { importChanges, patchBase, type KnownCardState } from '../../shared/import-patch.ts';

const confirmed: KnownCardState = {
  firstName: 'Acme',
  lastName: 'Store',
  imageUrl: 'https://example.com/a.png',
  photoSha256: null,
  status: 'active',
  isActive: true,
};

describe('patchBase', () => {
  it('compares with the card Linq confirmed, its details only', () => {
    expect(patchBase({ ...confirmed, status: 'inactive', isActive: false })).toEqual({
      firstName: 'Acme',
      lastName: 'Store',
      imageUrl: 'https://example.com/a.png',
      photoSha256: null,
    });
    expect(patchBase({ ...confirmed, status: 'failed' })).not.toBeNull();
  });

  it('has nothing to compare with when the number is unknown or Linq never confirmed a card', () => {
    expect(patchBase(undefined)).toBeNull();
    expect(patchBase({ ...confirmed, status: 'failed', isActive: null })).toBeNull();
  });

  it('sends the row whole while something for the number waits in the outbox', () => {
    expect(patchBase({ ...confirmed, status: 'waiting' })).toBeNull();
    expect(patchBase({ ...confirmed, status: 'needs-decision' })).toBeNull();
  });
});

describe('importChanges', () => {
  const base = patchBase(confirmed);

  it('names only the fields that differ, and nothing when none does', () => {
    expect(importChanges(base, { firstName: 'Acme', lastName: 'Shop' })).toEqual({
      lastName: true,
    });
    expect(
      importChanges(base, {
        firstName: 'Acme',
        lastName: 'Store',
        imageUrl: 'https://example.com/a.png',
      }),
    ).toBeNull();
  });

  it('leaves an absent last name as it is, and sends every field without a base', () => {
    expect(importChanges(base, { firstName: 'Acme' })).toBeNull();
    expect(importChanges(null, { firstName: 'Acme', lastName: 'Store' })).toEqual({
      firstName: true,
      lastName: true,
    });
  });

  it('compares a photo by its hash rather than the image URL', () => {
    expect(importChanges(base, { firstName: 'Acme', photo: { sha256: 'a'.repeat(64) } })).toEqual({
      image: true,
    });
    const withPhoto = patchBase({ ...confirmed, photoSha256: 'a'.repeat(64) });
    expect(importChanges(withPhoto, { firstName: 'Acme', photo: { sha256: 'a'.repeat(64) } })).toBe(
      null,
    );
  });
});
