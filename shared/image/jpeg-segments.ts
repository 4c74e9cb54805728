// Walks a JPEG's marker segments from SOI up to the start of the image data (SOS). The
// dimension reader looks for the frame header (SOFn) and the EXIF reader for APP1 here.
import { TruncatedError, UnreadableError, u16, u8 } from './byte-reader.ts';

export interface JpegSegment {
  marker: number;
  /** The segment's payload, after its two length bytes. */
  start: number;
  end: number;
}

export const SOS = 0xda;
export const EOI = 0xd9;
export const APP1 = 0xe1;

/** Markers without a length field: TEM, RST0-7, SOI, EOI. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
}

/** Frame headers: every SOFn except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
export function isFrameHeader(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * Yields each segment up to and including SOS (whose payload is the scan header). Throws
 * TruncatedError when the bytes end first, UnreadableError when they are not JPEG.
 */
export function* jpegSegments(bytes: Uint8Array): Generator<JpegSegment> {
  if (u8(bytes, 0) !== 0xff || u8(bytes, 1) !== 0xd8) throw new UnreadableError('no SOI');
  let offset = 2;
  for (;;) {
    if (u8(bytes, offset) !== 0xff) throw new UnreadableError(`no marker at ${offset}`);
    // Any number of 0xFF fill bytes may precede a marker.
    while (u8(bytes, offset) === 0xff) offset += 1;
    const marker = u8(bytes, offset);
    offset += 1;
    if (isStandalone(marker)) {
      if (marker === EOI) throw new UnreadableError('EOI before any image data');
      continue;
    }
    const length = u16(bytes, offset);
    if (length < 2) throw new UnreadableError(`segment length ${length}`);
    const segment = { marker, start: offset + 2, end: offset + length };
    if (segment.end > bytes.length) throw new TruncatedError('segment runs past the end');
    yield segment;
    if (marker === SOS) return;
    offset = segment.end;
  }
}
