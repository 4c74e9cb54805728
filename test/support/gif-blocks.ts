// Lists a GIF's blocks, for tests that check what a stripped GIF still holds. Written apart
// from the stripper so that a mistake in one is not repeated in the check.
export type GifBlock =
  { kind: 'image' } | { kind: 'extension'; label: number; application?: string };

function tableSize(flags: number): number {
  return flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0;
}

function skipSubBlocks(bytes: Uint8Array, at: number): number {
  let offset = at;
  while (bytes[offset] !== 0) {
    if (offset >= bytes.length) throw new Error('GIF sub-blocks run past the end');
    offset += 1 + bytes[offset]!;
  }
  return offset + 1;
}

export function gifBlocks(bytes: Uint8Array): GifBlock[] {
  const blocks: GifBlock[] = [];
  let offset = 13 + tableSize(bytes[10]!);
  while (bytes[offset] !== 0x3b) {
    if (offset >= bytes.length) throw new Error('GIF without a trailer');
    if (bytes[offset] === 0x21) {
      const label = bytes[offset + 1]!;
      const application =
        label === 0xff
          ? Buffer.from(bytes.subarray(offset + 3, offset + 14)).toString('latin1')
          : undefined;
      blocks.push({ kind: 'extension', label, ...(application ? { application } : {}) });
      offset = skipSubBlocks(bytes, offset + 2);
    } else if (bytes[offset] === 0x2c) {
      blocks.push({ kind: 'image' });
      offset = skipSubBlocks(bytes, offset + 10 + tableSize(bytes[offset + 9]!) + 1);
    } else {
      throw new Error(`unknown GIF block ${bytes[offset]}`);
    }
  }
  return blocks;
}
