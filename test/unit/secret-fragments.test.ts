// Pieces of a key count as the key: 8 or more characters of it, wherever they were cut from.
import { describe, expect, it } from 'vitest';
import {
  fragmentFinder,
  MIN_DISTINCT_CHARACTERS,
} from '../../electron/services/secret-fragments.ts';

const KEY = 'linq_live_9f8e7d6c5b4a39281706abcd';

describe('fragmentFinder', () => {
  const finder = fragmentFinder([KEY]);

  it('finds the whole key, a prefix, a suffix and a piece from the middle', () => {
    for (const piece of [KEY, KEY.slice(0, 15), KEY.slice(-9), KEY.slice(11, 19)]) {
      const text = `Linq says: ${piece} is not valid`;
      expect(finder.occursIn(text), piece).toBe(true);
      expect(finder.replaceIn(text, '#'), piece).toBe('Linq says: # is not valid');
    }
  });

  it('leaves pieces shorter than 8 characters, and text without any piece, as they are', () => {
    const text = `short ${KEY.slice(0, 7)} and ${KEY.slice(-7)}`;
    expect(finder.occursIn(text)).toBe(false);
    expect(finder.replaceIn(text, '#')).toBe(text);
    expect(finder.replaceIn('', '#')).toBe('');
    expect(finder.replaceIn('abc', '#')).toBe('abc');
  });

  it('replaces every piece, and a run of touching pieces with one mark', () => {
    const text = `${KEY.slice(0, 10)}|${KEY.slice(20)}|${KEY.slice(5, 13)}${KEY.slice(20, 28)}.`;
    expect(finder.replaceIn(text, '#')).toBe('#|#|#.');
  });

  it('leaves runs of few different characters alone: ids and numbers, not the key', () => {
    // The fake Linq API's key has a run of zeros; the account's line ids have one too.
    const zeros = fragmentFinder(['linq_test_key_0000000000001234']);
    const id = '7f3c2a10-5b1e-4c6d-9a0f-000000000100';
    expect(zeros.occursIn(id)).toBe(false);
    expect(zeros.replaceIn(`line ${id}, 1700000000000 ms`, '#')).toBe(
      `line ${id}, 1700000000000 ms`,
    );
    // A piece of that key with a varied part is found, and takes its zeros with it.
    expect(zeros.replaceIn('…key_00000000000012', '#')).toBe('…#');
    expect(zeros.replaceIn('…00000000001234', '#')).toBe('…#');
    expect(zeros.replaceIn('linq_test_key_0000000000001234', '#')).toBe('#');
    expect(zeros.replaceIn('sent linq_test_key_00', '#')).toBe('sent #');
  });

  it('still finds the whole of a key made of few different characters', () => {
    const dull = fragmentFinder(['1212121212']);
    expect(dull.occursIn('x 1212121212 y')).toBe(true);
    expect(dull.replaceIn('x 1212121212 y', '#')).toBe('x # y');
    expect(dull.occursIn('12121212')).toBe(false);
  });

  it('knows several keys at once', () => {
    const other = 'sk_other_ABCDEFGHIJKL';
    const both = fragmentFinder([KEY, other]);
    expect(both.replaceIn(`${other.slice(3, 12)} and ${KEY.slice(2, 12)}`, '#')).toBe('# and #');
  });

  it('finds pieces in text with characters outside ASCII around them', () => {
    const text = `“${KEY.slice(4, 16)}” 😀 ${KEY.slice(-8)}é`;
    expect(finder.replaceIn(text, '#')).toBe('“#” 😀 #é');
  });

  it('matches a brute-force search on random text', () => {
    const alphabet = 'ab01_xyé😀';
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const text = (length: number) =>
      Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
    for (let round = 0; round < 500; round++) {
      const key = text(8 + random(20));
      const sample = `${text(random(10))}${key.slice(random(4), key.length - random(4))}${text(random(30))}`;
      const counts = (piece: string) =>
        key.includes(piece) && new Set(piece).size >= MIN_DISTINCT_CHARACTERS;
      let expected = sample.includes(key);
      for (let at = 0; at + 8 <= sample.length; at++) {
        if (counts(sample.slice(at, at + 8))) expected = true;
      }
      const one = fragmentFinder([key]);
      expect(one.occursIn(sample), `${key} in ${sample}`).toBe(expected);
      const clean = one.replaceIn(sample, '#');
      expect(clean.includes(key), `${key} left in ${clean}`).toBe(false);
      for (let at = 0; at + 8 <= clean.length; at++) {
        expect(counts(clean.slice(at, at + 8)), `${key} left in ${clean}`).toBe(false);
      }
    }
  });
});
