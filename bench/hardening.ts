// Benchmark of what issue 14 put on paths every photo and every error take, so a hostile or
// merely large input cannot stall main:
// - cleaning a photo of its metadata: main does it for every photo it stores and the import for
//   every image, followed by the check that no GPS, EXIF or XMP is left. The worst case is the
//   largest file taken (20 MB) as an uncompressed TIFF of one flat colour: the residue check
//   scans every byte, and one repeated byte is what made a first version take 9 s;
// - finding any 8-character piece of the API key in text (every log line, stored error and
//   answer to the window), measured on the largest text that passes through it in practice: a
//   1 MB photo as base64 on its way to a thumbnail. The whole-key search it replaced is measured
//   in the same run, for scale.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fragmentFinder } from '../electron/services/secret-fragments.ts';
import { findMetadataResidue } from '../shared/image/metadata-residue.ts';
import { stripMetadata } from '../shared/image/strip-metadata.ts';
import { MAX_STORED_PHOTO_BYTES } from '../shared/photo.ts';

const RUNS = 5;
const TARGET_CLEAN_MS = 1_000;
const TARGET_SCRUB_MS = 100;

/** A little-endian grey TIFF of `side`² pixels of one value, with a GPS directory. */
function flatTiffWithGps(side: number): Uint8Array {
  const pixels = side * side;
  const SHORT = 3;
  const LONG = 4;
  const entries: [tag: number, type: number, value: number][] = [
    [256, LONG, side], // ImageWidth
    [257, LONG, side], // ImageLength
    [258, SHORT, 8], // BitsPerSample
    [259, SHORT, 1], // Compression: none
    [262, SHORT, 1], // PhotometricInterpretation: black is zero
    [273, LONG, 0], // StripOffsets, set below
    [277, SHORT, 1], // SamplesPerPixel
    [278, LONG, side], // RowsPerStrip
    [279, LONG, pixels], // StripByteCounts
    [0x8825, LONG, 0], // GPSInfo IFD, set below
  ];
  const ifdAt = 8;
  const gpsAt = ifdAt + 2 + entries.length * 12 + 4;
  const pixelsAt = gpsAt + 2 + 12 + 4;
  entries[5]![2] = pixelsAt;
  entries[9]![2] = gpsAt;
  const bytes = new Uint8Array(pixelsAt + pixels).fill(0x7f, pixelsAt);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49]);
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdAt, true);
  view.setUint16(ifdAt, entries.length, true);
  entries.forEach(([tag, type, value], i) => {
    const at = ifdAt + 2 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, 1, true);
    if (type === SHORT) view.setUint16(at + 8, value, true);
    else view.setUint32(at + 8, value, true);
  });
  // GPSLatitudeRef "N": a position's first tag.
  view.setUint16(gpsAt, 1, true);
  view.setUint16(gpsAt + 2, 1, true);
  view.setUint16(gpsAt + 4, 2, true);
  view.setUint32(gpsAt + 6, 2, true);
  bytes.set([0x4e, 0], gpsAt + 10);
  return bytes;
}

function medianMs(work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

export interface HardeningFigures {
  tiffBytes: number;
  cleanMs: number;
  cleanedWithoutGps: boolean;
  residueCheckMs: number;
  textBytes: number;
  scrubMs: number;
  wholeKeyMs: number;
  pieceFound: boolean;
}

export async function benchHardening(): Promise<HardeningFigures> {
  const side = Math.floor(Math.sqrt(MAX_STORED_PHOTO_BYTES - 1_024));
  const tiff = flatTiffWithGps(side);
  let cleaned: Uint8Array | null = null;
  const cleanMs = medianMs(() => {
    const result = stripMetadata('tiff', tiff);
    cleaned = result.ok ? result.bytes : null;
  });
  const clean: Uint8Array | null = cleaned;
  const cleanedWithoutGps = clean !== null && findMetadataResidue(clean) === null;
  // On the cleaned file, where nothing is found and so every byte is looked at.
  const residueCheckMs = clean ? medianMs(() => findMetadataResidue(clean)) : Number.NaN;

  const key = randomBytes(30).toString('base64');
  const finder = fragmentFinder([key]);
  const photoAsBase64 = randomBytes(1_048_576).toString('base64');
  // A piece of the key at the very end: every window before it is looked at.
  const text = `${photoAsBase64} ${key.slice(11, 23)}`;
  let pieceFound = false;
  const scrubMs = medianMs(() => {
    pieceFound = finder.replaceIn(text, '[redacted]') !== text;
  });
  const wholeKeyMs = medianMs(() => text.includes(key));
  return {
    tiffBytes: tiff.length,
    cleanMs,
    cleanedWithoutGps,
    residueCheckMs,
    textBytes: text.length,
    scrubMs,
    wholeKeyMs,
    pieceFound,
  };
}

export function reportHardening(figures: HardeningFigures): boolean {
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  console.log(`Hardening (median of ${RUNS} runs)`);
  console.log(
    `  cleaning a ${mb(figures.tiffBytes)} MB flat TIFF with a GPS directory: ${figures.cleanMs.toFixed(0)} ms (of which the check that nothing is left, reading every byte: ${figures.residueCheckMs.toFixed(0)} ms); GPS gone: ${figures.cleanedWithoutGps ? 'yes' : 'NO'}`,
  );
  console.log(
    `  finding 8-character pieces of the key in ${mb(figures.textBytes)} MB of text: ${figures.scrubMs.toFixed(1)} ms (the whole-key search it replaced: ${figures.wholeKeyMs.toFixed(1)} ms); piece found: ${figures.pieceFound ? 'yes' : 'NO'}`,
  );
  const ok =
    figures.cleanedWithoutGps &&
    figures.pieceFound &&
    figures.cleanMs <= TARGET_CLEAN_MS &&
    figures.scrubMs <= TARGET_SCRUB_MS;
  console.log(
    `  target: the largest photo cleaned within ${TARGET_CLEAN_MS} ms, 1 MB of text searched within ${TARGET_SCRUB_MS} ms: ${ok ? 'met' : 'MISSED'}`,
  );
  return ok;
}
