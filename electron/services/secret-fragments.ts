// Finds pieces of a secret, not only the whole of it. Text is often cut before anyone looks at
// it (Linq's message to 500 characters, a log field to 8,000), and a cut through a key leaves
// a prefix that whole-key matching no longer recognises: 15 of a key's 40 characters reached
// the window in a probe. So any run of 8 or more characters that also occurs in a known key
// counts as the key. 8 is the shortest secret looked for at all (MIN_SECRET_LENGTH): shorter
// pieces would match ordinary words and numbers; so would pieces of few different characters
// (MIN_DISTINCT_CHARACTERS).
//
// How: every 8-character window of every secret goes into a set; a text is scanned one window
// at a time, and each window found in the set marks its 8 characters. Overlapping or touching
// marks form one run, replaced by one mark. A text shorter than 8 characters cannot hold one.
// The scan rolls a hash of the window along the text and slices a window out only when its
// hash is a secret window's: every answer and event going to the window passes through here
// (outbox snapshots of a few hundred items, several times a second), and slicing every window
// took about 8 ms per 100 kB of text, the rolling hash about 1 (on a busy 2-core machine;
// a 1 MB photo sent as base64 to the history's thumbnails takes about 40 ms).

export const FRAGMENT_LENGTH = 8;

export interface FragmentFinder {
  /** Whether any 8+ character piece of a secret occurs in the text. */
  occursIn(text: string): boolean;
  /** The text with each run made of such pieces replaced by `mark`; the same text if none. */
  replaceIn(text: string, mark: string): string;
}

// A polynomial hash of the window's UTF-16 code units, modulo 2^32.
const BASE = 31;
/** BASE^(FRAGMENT_LENGTH - 1) mod 2^32: the weight of the code unit leaving the window. */
const LEAVING_WEIGHT = Array.from({ length: FRAGMENT_LENGTH - 1 }).reduce<number>(
  (weight) => Math.imul(weight, BASE),
  1,
);

function hashAt(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + FRAGMENT_LENGTH; i++) {
    hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  }
  return hash;
}

/** The hash of the window one code unit further along, from the hash of the one before. */
function rolled(hash: number, leaving: number, entering: number): number {
  return (Math.imul(hash - Math.imul(leaving, LEAVING_WEIGHT), BASE) + entering) | 0;
}

/**
 * A table with one entry per low 16 bits of a hash, set for every secret window's: a lookup
 * in it is an array read, where a Set of 32-bit numbers (most of them outside V8's small
 * integers) cost several times as much.
 */
const TABLE_MASK = 0xffff;

/**
 * A piece made of fewer different characters than this (00000000, 0000001a, abababab) is not
 * looked for: such runs are everywhere in ordinary data (ids, numbers, padding) and blanking
 * them out broke what the window shows (a line id ending in 000000000100 lost its digits to a
 * key with a run of zeros), while such a piece tells next to nothing about a key. Every other
 * piece of a random key has more.
 */
export const MIN_DISTINCT_CHARACTERS = 4;

function varied(window: string): boolean {
  return new Set(window).size >= MIN_DISTINCT_CHARACTERS;
}

export function fragmentFinder(secrets: Iterable<string>): FragmentFinder {
  const windows = new Set<string>();
  const table = new Uint8Array(TABLE_MASK + 1);
  for (const secret of secrets) {
    for (let start = 0; start + FRAGMENT_LENGTH <= secret.length; start++) {
      const window = secret.slice(start, start + FRAGMENT_LENGTH);
      if (!varied(window)) continue;
      windows.add(window);
      table[hashAt(secret, start) & TABLE_MASK] = 1;
    }
  }

  const whole = [...new Set(secrets)].filter((secret) => secret.length > 0);

  /** [start, end) of every run of characters that varied pieces mark, in order. */
  function pieceRuns(text: string, firstOnly: boolean): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    if (windows.size === 0) return found;
    if (text.length < FRAGMENT_LENGTH) return found;
    let start = -1;
    let end = -1;
    let hash = hashAt(text, 0);
    for (let at = 0; at + FRAGMENT_LENGTH <= text.length; at++) {
      if (at > 0) {
        hash = rolled(hash, text.charCodeAt(at - 1), text.charCodeAt(at + FRAGMENT_LENGTH - 1));
      }
      if (table[hash & TABLE_MASK] === 0) continue;
      if (!windows.has(text.slice(at, at + FRAGMENT_LENGTH))) continue;
      if (firstOnly) return [[at, at + FRAGMENT_LENGTH]];
      if (start >= 0 && at <= end) {
        end = at + FRAGMENT_LENGTH;
      } else {
        if (start >= 0) found.push([start, end]);
        start = at;
        end = at + FRAGMENT_LENGTH;
      }
    }
    if (start >= 0) found.push([start, end]);
    return found;
  }

  /** Whether text[start, end) is a piece of some secret. */
  function isPiece(text: string, start: number, end: number): boolean {
    const piece = text.slice(start, end);
    return whole.some((secret) => secret.includes(piece));
  }

  /**
   * Every run to replace, in order and apart: the varied pieces, every whole secret (a key of
   * few different characters has no varied piece), each grown over the characters next to it
   * for as long as the run is still a piece of a key (the zeros of `key_000…` go with it).
   */
  function runs(text: string): Array<[number, number]> {
    const found = pieceRuns(text, false);
    for (const secret of whole) {
      for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
        found.push([at, at + secret.length]);
      }
    }
    const grown = found.map(([start, end]): [number, number] => {
      if (!isPiece(text, start, end)) return [start, end];
      while (end < text.length && isPiece(text, start, end + 1)) end++;
      while (start > 0 && isPiece(text, start - 1, end)) start--;
      return [start, end];
    });
    grown.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const run of grown) {
      const last = merged.at(-1);
      if (last && run[0] <= last[1]) last[1] = Math.max(last[1], run[1]);
      else merged.push(run);
    }
    return merged;
  }

  return {
    occursIn: (text) =>
      pieceRuns(text, true).length > 0 || whole.some((secret) => text.includes(secret)),
    replaceIn(text, mark) {
      const found = runs(text);
      if (found.length === 0) return text;
      let clean = '';
      let from = 0;
      for (const [start, end] of found) {
        clean += text.slice(from, start) + mark;
        from = end;
      }
      return clean + text.slice(from);
    },
  };
}
