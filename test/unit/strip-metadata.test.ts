// Stripping the formats Linq takes as they are (TIFF, HEIC, HEIF, GIF, BMP), each from a
// real file carrying a GPS position the way its tools write one: after stripping, the
// position (its EXIF directory, its latitude's bytes, the XMP packet, the comment) is gone
// and the picture's own bytes are all still there. Damaged and hostile files are refused,
// never half-stripped, and an unknown place for metadata is refused rather than sent.
import { describe, expect, it } from 'vitest';
import { readDimensions } from '../../shared/image/dimensions.ts';
import { findMetadataResidue } from '../../shared/image/metadata-residue.ts';
import { sniffFormat } from '../../shared/image/sniff.ts';
import { stripMetadata, type StrippableFormat } from '../../shared/image/strip-metadata.ts';
import { TIFF_IMAGE_TAGS, tiffTags } from '../../shared/image/strip-tiff.ts';
import { entryNumber, firstIfdOffset, openTiff, readIfd } from '../../shared/image/tiff-ifd.ts';
import {
  GPS_POINTER_ENTRY,
  box,
  concat,
  ftyp,
  fullBox,
  latin1,
  readFixture,
  tiffBlock,
  u16be,
  u32be,
} from '../support/image-bytes.ts';
import { gifBlocks } from '../support/gif-blocks.ts';

const GPS_IFD = 0x8825;
const EXIF_IFD = 0x8769;
const XMP_TAG = 700;
const IPTC_TAG = 33723;
const ARTIST_TAG = 315;

function strip(bytes: Uint8Array): Uint8Array {
  const format = sniffFormat(bytes) as StrippableFormat;
  const result = stripMetadata(format, bytes);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result.bytes;
}

function includes(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle));
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** 48° 51' 30.24" as exiftool writes the three RATIONALs of GPSLatitude (30.24 = 756/25). */
function latitudeBytes(littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  [48, 1, 51, 1, 756, 25].forEach((value, index) => view.setUint32(index * 4, value, littleEndian));
  return out;
}

/** The strips of a TIFF's first image, laid end to end: the pixels as stored. */
function tiffPixels(bytes: Uint8Array): Uint8Array {
  const view = openTiff(bytes);
  const ifd = readIfd(view, firstIfdOffset(view));
  const offsets = ifd.get(273)!;
  const counts = ifd.get(279)!;
  const strips = Array.from({ length: offsets.count }, (_, index) => {
    const start = entryNumber(view, offsets, index);
    return bytes.subarray(start, start + entryNumber(view, counts, index));
  });
  return concat(...strips);
}

describe('TIFF', () => {
  it.each([
    ['gps-le.tiff', true],
    ['gps-be.tiff', false],
  ])(
    '%s loses its GPS and EXIF directories, XMP, IPTC and artist, keeps its pixels',
    (name, le) => {
      const original = readFixture(name);
      expect(tiffTags(original)).toEqual(
        expect.arrayContaining([GPS_IFD, EXIF_IFD, XMP_TAG, IPTC_TAG, ARTIST_TAG]),
      );
      expect(includes(original, latitudeBytes(le))).toBe(true);
      const stripped = strip(original);
      expect(tiffTags(stripped).filter((tag) => !TIFF_IMAGE_TAGS.has(tag))).toEqual([]);
      expect(includes(stripped, latitudeBytes(le))).toBe(false);
      expect(text(stripped)).not.toMatch(/Paris|Elm Street|xmpmeta|GPS/);
      expect(stripped[0]).toBe(original[0]); // byte order kept
      expect(readDimensions('tiff', stripped)).toEqual(readDimensions('tiff', original));
      expect(tiffPixels(stripped)).toEqual(tiffPixels(original));
    },
  );

  it('keeps an uncompressed TIFF in several strips drawable', () => {
    const original = readFixture('photo-le.tiff');
    const stripped = strip(original);
    expect(readDimensions('tiff', stripped)).toEqual(readDimensions('tiff', original));
    expect(tiffPixels(stripped)).toEqual(tiffPixels(original));
    expect(strip(stripped)).toEqual(stripped); // stripping twice changes nothing
  });

  it('refuses strips that point at the same bytes over and over', () => {
    // One LONG strip offset repeated 100000 times would copy the file 100000 times.
    const original = readFixture('photo-be.tiff');
    const view = openTiff(original);
    const ifd = readIfd(view, firstIfdOffset(view));
    const count = 100_000;
    const offsets = new Uint8Array(count * 4);
    const counts = new Uint8Array(count * 4);
    const data = new DataView(offsets.buffer);
    const sizes = new DataView(counts.buffer);
    for (let index = 0; index < count; index += 1) {
      data.setUint32(index * 4, 8);
      sizes.setUint32(index * 4, original.length - 8);
    }
    const hostile = concat(original, offsets, counts);
    const patch = new DataView(hostile.buffer);
    for (const [tag, at] of [
      [273, original.length],
      [279, original.length + offsets.length],
    ] as const) {
      const field = ifd.get(tag)!.field;
      patch.setUint16(field - 6, 4); // LONG
      patch.setUint32(field - 4, count);
      patch.setUint32(field, at);
    }
    expect(stripMetadata('tiff', hostile)).toEqual({ ok: false, problem: 'unreadable' });
  });
});

describe('HEIC and HEIF', () => {
  it.each(['gps.heic', 'gps-mif1.heif'])(
    '%s keeps its layout; its EXIF and XMP items are blanked in place',
    (name) => {
      const original = readFixture(name);
      expect(includes(original, latitudeBytes(false))).toBe(true);
      expect(findMetadataResidue(original)).toMatch(/xmpmeta|EXIF|GPS/);
      const stripped = strip(original);
      expect(stripped.length).toBe(original.length); // every iloc offset still right
      expect(includes(stripped, latitudeBytes(false))).toBe(false);
      // ("Exif" itself stays: it is the item's type in iinf, followed by its empty name.)
      expect(text(stripped)).not.toMatch(/Paris|GPS|xmpmeta|Exif\0\0(MM|II)/);
      expect(findMetadataResidue(stripped)).toBeNull();
      // Only bytes of the two metadata items changed (heif-info: Exif 208, XMP 3003 bytes).
      const changed = original.filter((byte, index) => byte !== stripped[index]).length;
      expect(changed).toBeGreaterThan(100);
      expect(changed).toBeLessThanOrEqual(208 + 3003);
      // What is left is valid, empty XMP, so a strict reader does not stumble on it.
      expect(text(stripped)).toContain(
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
      );
      expect(readDimensions(sniffFormat(original) as 'heic', stripped)).toEqual(
        readDimensions(sniffFormat(original) as 'heic', original),
      );
    },
  );

  it('leaves a HEIC without metadata items exactly as it is', () => {
    const original = readFixture('photo.heic');
    expect(strip(original)).toEqual(original);
  });

  it('refuses a file whose EXIF is in an item it does not recognise (the residue check)', () => {
    // The EXIF item renamed: the stripper passes it by, the check after it still sees GPS.
    const original = readFixture('gps.heic');
    const renamed = Buffer.from(original);
    const at = renamed.indexOf('infe', 0, 'latin1'); // the first item info; find Exif's
    const exifInfe = renamed.indexOf('Exif', at, 'latin1');
    expect(exifInfe).toBeGreaterThan(0);
    expect(exifInfe).toBeLessThan(renamed.indexOf('mdat', 0, 'latin1'));
    renamed.write('Exig', exifInfe, 'latin1');
    expect(stripMetadata('heic', new Uint8Array(renamed))).toMatchObject({
      ok: false,
      problem: 'cannot-strip',
      message: expect.stringMatching(/camera data.*JPEG or PNG/),
    });
  });

  it('refuses an image sequence (a moov box), saying why', () => {
    const withMovie = concat(
      readFixture('gps.heic'),
      box('moov', box('udta', latin1('xyz+48.85+002.29/'))),
    );
    expect(stripMetadata('heic', withMovie)).toMatchObject({
      ok: false,
      problem: 'cannot-strip',
      message: expect.stringMatching(/more than a still image.*JPEG or PNG/),
    });
  });
});

describe('GIF', () => {
  it('loses its XMP application extension and its comment, keeps its frame', () => {
    const original = readFixture('gps.gif');
    const before = gifBlocks(original);
    expect(before).toContainEqual({ kind: 'extension', label: 0xfe });
    expect(before).toContainEqual({ kind: 'extension', label: 0xff, application: 'XMP DataXMP' });
    const stripped = strip(original);
    const after = gifBlocks(stripped);
    expect(after.filter((block) => block.kind === 'extension' && block.label !== 0xf9)).toEqual([]);
    expect(after.filter((block) => block.kind === 'image')).toHaveLength(1);
    expect(text(stripped)).not.toMatch(/Elm Street|xmpmeta|GPS|Paris/);
    // The plain file (the same picture without metadata) is what is left.
    expect(stripped).toEqual(readFixture('photo.gif'));
  });

  it('keeps an animation and its looping, drops the rest', () => {
    const original = readFixture('gps-animated.gif');
    const stripped = strip(original);
    const after = gifBlocks(stripped);
    expect(after.filter((block) => block.kind === 'image')).toHaveLength(2);
    expect(after).toContainEqual({ kind: 'extension', label: 0xff, application: 'NETSCAPE2.0' });
    expect(after.filter((block) => block.kind === 'extension' && block.label === 0xfe)).toEqual([]);
    expect(text(stripped)).not.toMatch(/Elm Street|xmpmeta|GPS|Paris/);
  });
});

describe('BMP', () => {
  it('ends where its pixels end: an appended XMP packet with a position goes', () => {
    const original = readFixture('gps-trailer.bmp');
    expect(text(original)).toContain('GPSLatitude');
    const stripped = strip(original);
    expect(text(stripped)).not.toMatch(/xmpmeta|GPS|Paris/);
    expect(stripped).toEqual(original.subarray(0, stripped.length)); // headers and pixels kept
    expect(new DataView(stripped.buffer).getUint32(2, true)).toBe(stripped.length); // bfSize
    expect(readDimensions('bmp', stripped)).toEqual(readDimensions('bmp', original));
  });

  it('replaces a V5 header’s linked colour profile (a path on the maker’s disk) with sRGB', () => {
    // A 1x1 32-bit BMP with a V5 header whose profile is LINKED to a file path after the pixels.
    const path = latin1('C:\\Users\\jane.doe\\profile.icc\0');
    const header = new Uint8Array(124);
    const dib = new DataView(header.buffer);
    dib.setUint32(0, 124, true);
    dib.setInt32(4, 1, true);
    dib.setInt32(8, 1, true);
    dib.setUint16(12, 1, true);
    dib.setUint16(14, 32, true);
    dib.setUint32(56, 0x4c494e4b, true); // 'LINK'
    dib.setUint32(112, 124 + 4, true); // profile right after the pixel
    dib.setUint32(116, path.length, true);
    const fileHeader = concat(latin1('BM'), new Uint8Array(8), new Uint8Array([138, 0, 0, 0]));
    const bmp = concat(fileHeader, header, new Uint8Array([1, 2, 3, 4]), path);
    const stripped = strip(bmp);
    expect(text(stripped)).not.toContain('jane.doe');
    const view = new DataView(stripped.buffer);
    expect(view.getUint32(14 + 56, true)).toBe(0x73524742); // 'sRGB'
    expect(view.getUint32(14 + 116, true)).toBe(0);
    expect(stripped.subarray(138)).toEqual(new Uint8Array([1, 2, 3, 4]));
  });
});

describe('damaged and hostile files', () => {
  const FIXTURES = [
    'gps.heic',
    'gps-mif1.heif',
    'gps-le.tiff',
    'gps-be.tiff',
    'gps.gif',
    'gps-animated.gif',
    'gps-trailer.bmp',
  ];

  it.each(FIXTURES)('%s given as a Node Buffer is left as it was', (name) => {
    // Buffer.prototype.slice is a view, not a copy: a stripper using it would blank the
    // caller's bytes (main's storePhoto then found the sender's hash no longer matching).
    const input = Buffer.from(readFixture(name));
    const before = Buffer.from(input);
    const result = stripMetadata(sniffFormat(input) as StrippableFormat, input);
    expect(result.ok).toBe(true);
    expect(input.equals(before)).toBe(true);
  });

  it.each(FIXTURES)('%s cut off at every length is refused or clean, never thrown', (name) => {
    const original = readFixture(name);
    const format = sniffFormat(original) as StrippableFormat;
    for (let length = 0; length < original.length; length += 1) {
      const result = stripMetadata(format, original.subarray(0, length));
      if (result.ok) expect(findMetadataResidue(result.bytes)).toBeNull();
    }
  });

  it.each(FIXTURES)('%s with random bytes changed is refused or clean, never thrown', (name) => {
    const original = readFixture(name);
    const format = sniffFormat(original) as StrippableFormat;
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed sequence: the test repeats
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 300; round += 1) {
      const damaged = original.slice();
      for (let flips = 0; flips < 4; flips += 1) {
        damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      }
      const result = stripMetadata(format, damaged);
      if (result.ok) expect(findMetadataResidue(result.bytes)).toBeNull();
    }
  });
});

describe('the residue check', () => {
  it('passes what the strippers leave on purpose: JFIF, an orientation-only EXIF, empty XMP', () => {
    const jpeg = stripMetadata('jpeg', readFixture('exif-gps-orientation-6-be.jpg'));
    expect(jpeg.ok).toBe(true); // it keeps a fresh EXIF block with Orientation 6 only
    expect(findMetadataResidue(readFixture('photo.jpg'))).toBeNull();
    expect(findMetadataResidue(readFixture('transparent.png'))).toBeNull();
  });

  it('gives up on a file stuffed with TIFF headers rather than read each one', () => {
    const header = new Uint8Array([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 0]);
    const stuffed = concat(...Array.from({ length: 300 }, () => header));
    expect(findMetadataResidue(stuffed)).toMatch(/more than 256 TIFF headers/);
  });
});

describe('HEIF item locations built by hand', () => {
  // A TIFF block with a GPS pointer, as an EXIF item holds it: a 4-byte offset (0), then the
  // TIFF header straight away (no "Exif" word: the residue check must still know it).
  const EXIF_ITEM = concat(u32be(0), tiffBlock(false, [GPS_POINTER_ENTRY]));

  interface Layout {
    method?: number;
    dataReference?: number;
    /** Added to the item's true offset (to point it past the end). */
    shift?: number;
    itemCount?: number;
  }

  function heif({ method = 0, dataReference = 0, shift = 0, itemCount = 1 }: Layout): Uint8Array {
    const infe = fullBox('infe', 2, u16be(1, 0), latin1('Exif\0'));
    const iinf = fullBox('iinf', 0, u16be(1), infe);
    const iloc = (offset: number) =>
      fullBox(
        'iloc',
        1,
        new Uint8Array([0x44, 0x00]), // 4-byte offsets and lengths, no base offset, no index
        u16be(itemCount, 1, method, dataReference, 1),
        u32be(offset + shift, EXIF_ITEM.length),
      );
    const idat = method === 1 ? box('idat', EXIF_ITEM) : new Uint8Array();
    const head = concat(ftyp('mif1', ['mif1']), fullBox('meta', 0, iinf, iloc(0), idat));
    const offset = method === 1 ? 0 : head.length + 8; // in idat, or in mdat after the header
    const meta = fullBox('meta', 0, iinf, iloc(offset), idat);
    return concat(
      ftyp('mif1', ['mif1']),
      meta,
      method === 1 ? new Uint8Array() : box('mdat', EXIF_ITEM),
    );
  }

  it('blanks an EXIF item in mdat and one in idat', () => {
    for (const method of [0, 1]) {
      const original = heif({ method });
      expect(findMetadataResidue(original)).toMatch(/TIFF data with GPS or camera tags/);
      const result = stripMetadata('heif', original);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.bytes.length).toBe(original.length);
      expect(findMetadataResidue(result.bytes)).toBeNull();
      expect(includes(result.bytes, u16be(0x8825))).toBe(false);
    }
  });

  it('refuses an EXIF item it cannot overwrite, with what to do', () => {
    for (const layout of [{ method: 2 }, { dataReference: 1 }]) {
      expect(stripMetadata('heif', heif(layout))).toMatchObject({
        ok: false,
        problem: 'cannot-strip',
        message: expect.stringMatching(/cannot clean.*JPEG or PNG/),
      });
    }
  });

  it('refuses an item past the end, and an item count the box cannot hold', () => {
    expect(stripMetadata('heif', heif({ shift: 1000 }))).toEqual({
      ok: false,
      problem: 'truncated',
    });
    expect(stripMetadata('heif', heif({ itemCount: 0xffff }))).toMatchObject({ ok: false });
  });
});
