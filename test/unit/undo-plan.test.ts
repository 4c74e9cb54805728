// The update an undo sends to put a card back (restoreSubmission, built on the one restore
// rule, restoreFields): only the fields that differ from the card now (null and '' the same),
// a cleared last name sent as '', the image as decided (a stored photo as the photo, an address
// as it was, the names only when neither remains), and nothing for what PATCH cannot do (remove
// an image, clear a first name).
import { describe, expect, it } from 'vitest';
import { restoreSubmission } from '../../electron/services/import/undo-plan.ts';

const N = '+14155550132';
const card = (over: object = {}) => ({
  firstName: 'Acme',
  lastName: 'Pharmacy' as string | null,
  imageUrl: null as string | null,
  photoSha256: null as string | null,
  ...over,
});
const PHOTO = { sha256: 'a'.repeat(64), contentType: 'image/png' as const };

describe('restoreSubmission', () => {
  it('sends only the fields that differ', () => {
    expect(restoreSubmission(N, card(), card({ lastName: 'Chemist' }), null)).toEqual({
      action: 'update',
      phoneNumber: N,
      lastName: 'Pharmacy',
    });
  });

  it('sends nothing when the card is already as it was (null and empty the same)', () => {
    expect(restoreSubmission(N, card({ lastName: null }), card({ lastName: '' }), null)).toBeNull();
  });

  it('clears a last name the earlier card did not have', () => {
    expect(restoreSubmission(N, card({ lastName: null }), card(), null)).toMatchObject({
      lastName: '',
    });
  });

  it('sends the whole card when the card now is unknown (a change is still pending)', () => {
    expect(restoreSubmission(N, card({ imageUrl: 'https://x.example/a.png' }), null, null)).toEqual(
      {
        action: 'update',
        phoneNumber: N,
        firstName: 'Acme',
        lastName: 'Pharmacy',
        imageUrl: 'https://x.example/a.png',
      },
    );
  });

  it('sends a stored photo as the photo, unless the card already shows it', () => {
    const before = card({ imageUrl: 'https://cdn.example/a.png', photoSha256: PHOTO.sha256 });
    const now = card({ imageUrl: 'https://cdn.example/b.png' });
    const upload = { way: 're-upload' as const, photo: PHOTO };
    expect(restoreSubmission(N, before, now, upload)).toMatchObject({ photo: PHOTO });
    expect(restoreSubmission(N, before, now, upload)).not.toHaveProperty('imageUrl');
    expect(restoreSubmission(N, before, { ...now, photoSha256: PHOTO.sha256 }, upload)).toBeNull();
  });

  it('sends the address that still serves, and the names only when the photo is gone', () => {
    const before = card({ lastName: 'Old', imageUrl: 'https://cdn.example/a.png' });
    const now = card({ imageUrl: 'https://cdn.example/b.png' });
    const serves = { way: 'old-address' as const, imageUrl: 'https://cdn.example/a.png' };
    expect(restoreSubmission(N, before, now, serves)).toMatchObject({
      imageUrl: 'https://cdn.example/a.png',
    });
    expect(restoreSubmission(N, before, now, { way: 'unavailable' })).toEqual({
      action: 'update',
      phoneNumber: N,
      lastName: 'Old',
    });
    // Only the gone photo differed: nothing to send.
    expect(
      restoreSubmission(N, card({ imageUrl: 'https://cdn.example/a.png' }), now, {
        way: 'unavailable',
      }),
    ).toBeNull();
  });

  it('cannot take an image away, nor clear the first name', () => {
    const now = card({ firstName: 'Acme Health', imageUrl: 'https://cdn.example/b.png' });
    expect(restoreSubmission(N, card({ firstName: null }), now, null)).toBeNull();
  });
});
