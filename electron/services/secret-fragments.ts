// Finds pieces of a secret, not only the whole of it. Text is often cut before anyone looks at
// it (Linq's message to 500 characters, a log field to 8,000), and a cut through a key leaves
// a prefix that whole-key matching no longer recognises: 15 of a key's 40 characters reached
// the window in a probe. So any run of 8 or more characters that also occurs in a known key
// counts as the key. 8 is the shortest secret looked for at all (MIN_SECRET_LENGTH): shorter
// pieces would match ordinary words and numbers.
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

export function fragmentFinder(secrets: Iterable<string>): FragmentFinder {
  const windows = new Set<string>();
  const table = new Uint8Array(TABLE_MASK + 1);
  for (const secret of secrets) {
    for (let start = 0; start + FRAGMENT_LENGTH <= secret.length; start++) {
      windows.add(secret.slice(start, start + FRAGMENT_LENGTH));
      table[hashAt(secret, start) & TABLE_MASK] = 1;
    }
  }

  /** [start, end) of every run of marked characters, in order. */
  function runs(text: string, firstOnly: boolean): Array<[number, number]> {
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

  return {
    occursIn: (text) => runs(text, true).length > 0,
    replaceIn(text, mark) {
      const found = runs(text, false);
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
