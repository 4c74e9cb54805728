// A GIF without its text: comment extensions and application extensions (XMP packets, ICC
// profiles, editors' private data) are dropped, and so is the plain-text extension and
// anything after the trailer. The blocks that draw the picture are copied byte for byte:
// the logical screen, colour tables, graphic controls (delays, transparency) and every
// frame. NETSCAPE2.0 (and its twin ANIMEXTS1.0) is kept: it only says how often to loop.
import { TruncatedError, UnreadableError, ascii, u8 } from './byte-reader.ts';
import { concat } from './concat.ts';

const EXTENSION = 0x21;
const IMAGE = 0x2c;
const TRAILER = 0x3b;
const GRAPHIC_CONTROL = 0xf9;
const APPLICATION = 0xff;
const LOOPING_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

function colourTableSize(flags: number): number {
  return (flags & 0x80) !== 0 ? 3 * 2 ** ((flags & 7) + 1) : 0;
}

/** Where the data sub-blocks starting at `offset` end (past their zero terminator). */
function subBlocksEnd(bytes: Uint8Array, offset: number): number {
  let at = offset;
  // Each step moves forward by at least one byte, so the loop ends with the bytes.
  for (let size = u8(bytes, at); size !== 0; size = u8(bytes, at)) at += 1 + size;
  return at + 1;
}

function keepExtension(bytes: Uint8Array, offset: number): boolean {
  const label = u8(bytes, offset + 1);
  if (label === GRAPHIC_CONTROL) return true;
  if (label !== APPLICATION) return false; // comment (0xFE), plain text (0x01), unknown
  // The application block: size 11, then an 8-byte identifier and a 3-byte code.
  return u8(bytes, offset + 2) === 11 && LOOPING_APPLICATIONS.has(ascii(bytes, offset + 3, 11));
}

export function stripGif(bytes: Uint8Array): Uint8Array {
  if (!/^GIF8[79]a$/.test(ascii(bytes, 0, 6))) throw new UnreadableError('no GIF signature');
  let offset = 13 + colourTableSize(u8(bytes, 10));
  if (offset > bytes.length) throw new TruncatedError('global colour table cut off');
  const parts: Uint8Array[] = [bytes.subarray(0, offset)];
  for (;;) {
    const block = u8(bytes, offset);
    let end: number;
    if (block === TRAILER) {
      parts.push(Uint8Array.of(TRAILER));
      return concat(parts);
    } else if (block === EXTENSION) {
      end = subBlocksEnd(bytes, offset + 2);
      if (end > bytes.length) throw new TruncatedError('extension cut off');
      if (keepExtension(bytes, offset)) parts.push(bytes.subarray(offset, end));
    } else if (block === IMAGE) {
      // Descriptor (10 bytes), local colour table, LZW minimum code size, data sub-blocks.
      const data = offset + 10 + colourTableSize(u8(bytes, offset + 9)) + 1;
      end = subBlocksEnd(bytes, data);
      if (end > bytes.length) throw new TruncatedError('frame cut off');
      parts.push(bytes.subarray(offset, end));
    } else {
      throw new UnreadableError(`unknown GIF block ${block}`);
    }
    offset = end;
  }
}
