// The restore rule: only what differs from the card Linq shows now is sent, null and '' are the
// same name, a version without a last name clears it, the same photo is not sent again, and an
// image Linq cannot remove is said to stay.
import { describe, expect, it } from 'vitest';
import {
  restoreFields,
  restoreSendsSomething,
  type RestorableCard,
} from '../../shared/versions.rules.ts';

const card = (over: Partial<RestorableCard> = {}): RestorableCard => ({
  firstName: 'Acme',
  lastName: 'Support',
  imageUrl: 'https://cdn.example/a.jpg',
  photoSha256: 'a'.repeat(64),
  ...over,
});

describe('restoreFields', () => {
  it('is empty for the card Linq shows now', () => {
    const changes = restoreFields(card(), card());
    expect(changes).toEqual({});
    expect(restoreSendsSomething(changes)).toBe(false);
  });

  it('sends only the names that differ', () => {
    expect(restoreFields(card(), card({ lastName: 'Help' }))).toEqual({ lastName: 'Support' });
    expect(restoreFields(card({ firstName: 'Old' }), card())).toEqual({ firstName: 'Old' });
  });

  it('treats null and an empty name as the same, and clears a last name the version lacked', () => {
    expect(restoreFields(card({ lastName: null }), card({ lastName: '' }))).toEqual({});
    expect(restoreFields(card({ lastName: null }), card())).toEqual({ lastName: '' });
  });

  it('never clears the first name', () => {
    expect(restoreFields(card({ firstName: null }), card())).toEqual({});
  });

  it('sends the image when its address differs, with the photo this app sent for it', () => {
    const old = card({ imageUrl: 'https://cdn.example/old.jpg', photoSha256: 'b'.repeat(64) });
    expect(restoreFields(old, card())).toEqual({
      image: { imageUrl: 'https://cdn.example/old.jpg', photoSha256: 'b'.repeat(64) },
    });
  });

  it('does not send the same photo again under another address', () => {
    const sameBytes = card({ imageUrl: 'https://cdn.example/copy.jpg' });
    expect(restoreFields(sameBytes, card())).toEqual({});
  });

  it('says the image stays when the version had none (Linq cannot remove one)', () => {
    const changes = restoreFields(card({ imageUrl: null, photoSha256: null }), card());
    expect(changes).toEqual({ imageStays: true });
    expect(restoreSendsSomething(changes)).toBe(false);
  });

  it('sends the whole version when there is no card to compare with, an empty last name too', () => {
    // Something for the number is still pending: whatever it sets, the card ends as the
    // version was, so a last name the version did not have is cleared.
    expect(restoreFields(card({ lastName: null }), null)).toEqual({
      firstName: 'Acme',
      lastName: '',
      image: { imageUrl: 'https://cdn.example/a.jpg', photoSha256: 'a'.repeat(64) },
    });
  });
});
