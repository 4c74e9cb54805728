// The canary searches count a cut key as a leak: issue 14 found a Linq message cut to length
// that kept 15 of a key's 40 characters, which a search for the whole key never saw.
import { describe, expect, it } from 'vitest';
import { canaryFormsIn, KEY_PIECE_LENGTH, keyPieceIn, newCanaryKey } from '../support/canary.ts';

describe('looking for pieces of a canary key', () => {
  const key = newCanaryKey();

  it('finds a prefix, a middle piece and a suffix cut to the piece length', () => {
    for (const start of [0, 13, key.length - KEY_PIECE_LENGTH]) {
      const piece = key.slice(start, start + KEY_PIECE_LENGTH);
      const text = `Linq said: invalid key ${piece}… (cut)`;
      expect(keyPieceIn(text, key)).toBe(piece);
      expect(canaryFormsIn(text, key)).toEqual([`a piece of it (${JSON.stringify(piece)})`]);
    }
  });

  it('finds nothing in text holding only pieces shorter than the piece length', () => {
    const short = key.slice(12, 12 + KEY_PIECE_LENGTH - 1);
    const text = `${key.slice(0, KEY_PIECE_LENGTH - 1)} ${short} ${key.slice(-(KEY_PIECE_LENGTH - 1))}`;
    expect(keyPieceIn(text, key)).toBeNull();
    expect(canaryFormsIn(text, key)).toEqual([]);
  });

  it('names the whole key once, not its pieces as well', () => {
    expect(canaryFormsIn(`Bearer ${key}`, key)).toEqual(['as typed']);
  });
});
