// Bounds-checked reads for the header parsers. Running off the end of the bytes throws
// TruncatedError and a structure that makes no sense throws UnreadableError, so each parser
// reads straight through and its caller turns the two into a typed answer: a damaged or
// hostile file can never crash a parser or make it read garbage past the end.

export class TruncatedError extends Error {
  override name = 'TruncatedError';
}

export class UnreadableError extends Error {
  override name = 'UnreadableError';
}

function need(bytes: Uint8Array, offset: number, length: number): void {
  if (offset < 0 || !Number.isSafeInteger(offset)) throw new UnreadableError('bad offset');
  if (offset + length > bytes.length) throw new TruncatedError(`need ${offset + length} bytes`);
}

export function u8(bytes: Uint8Array, offset: number): number {
  need(bytes, offset, 1);
  return bytes[offset] as number;
}

export function u16(bytes: Uint8Array, offset: number, littleEndian = false): number {
  need(bytes, offset, 2);
  const a = bytes[offset] as number;
  const b = bytes[offset + 1] as number;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

export function u24le(bytes: Uint8Array, offset: number): number {
  need(bytes, offset, 3);
  return (
    (bytes[offset] as number) |
    ((bytes[offset + 1] as number) << 8) |
    ((bytes[offset + 2] as number) << 16)
  );
}

export function u32(bytes: Uint8Array, offset: number, littleEndian = false): number {
  need(bytes, offset, 4);
  const hi = u16(bytes, offset, littleEndian);
  const lo = u16(bytes, offset + 2, littleEndian);
  // Multiplying, not shifting: shifts are signed 32-bit in JavaScript.
  return littleEndian ? lo * 0x10000 + hi : hi * 0x10000 + lo;
}

export function i32le(bytes: Uint8Array, offset: number): number {
  return u32(bytes, offset, true) | 0;
}

/** Latin-1 text of `length` bytes (box types, chunk names, signatures). */
export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  need(bytes, offset, length);
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** Whether `bytes` holds `expected` at `offset`, without throwing when it is too short. */
export function startsWith(bytes: Uint8Array, expected: readonly number[], offset = 0): boolean {
  if (offset + expected.length > bytes.length) return false;
  return expected.every((value, index) => bytes[offset + index] === value);
}

/** The answer of a parser that may throw the two errors above, as a value. */
export function readSafely<T>(
  parse: () => T,
): { ok: true; value: T } | { ok: false; problem: 'truncated' | 'unreadable' } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof TruncatedError) return { ok: false, problem: 'truncated' };
    if (error instanceof UnreadableError || error instanceof RangeError) {
      return { ok: false, problem: 'unreadable' };
    }
    throw error;
  }
}
