// EXIF reading: the orientation (all eight, both byte orders) and whether a GPS position is
// present. hasExifGps is what an end-to-end test uses to prove a processed photo has none.
import { describe, expect, it } from 'vitest';
import {
  readExifOrientation,
  swapsWidthAndHeight,
} from '../../../../../renderer/src/lib/image/exif-orientation.ts';
import { findExif, hasExifGps } from '../../../../../renderer/src/lib/image/exif-reader.ts';
import {
  GPS_POINTER_ENTRY,
  PNG_SIGNATURE,
  concat,
  exifSegment,
  latin1,
  orientationEntry,
  pngChunk,
  pngHeader,
  readFixture,
  tiffBlock,
  withSegments,
  xmpSegment,
} from '../../../../support/image-bytes.ts';

const PLAIN_JPEG = readFixture('photo.jpg');

describe('readExifOrientation', () => {
  it.each([true, false])('reads orientations 1 to 8 (little-endian: %s)', (littleEndian) => {
    for (let orientation = 1; orientation <= 8; orientation += 1) {
      const tiff = tiffBlock(littleEndian, [orientationEntry(orientation)]);
      expect(readExifOrientation(withSegments(PLAIN_JPEG, exifSegment(tiff)))).toBe(orientation);
    }
  });

  it('reads the sample photos as their tools wrote them', () => {
    expect(readExifOrientation(readFixture('exif-gps-orientation-6-be.jpg'))).toBe(6);
    expect(readExifOrientation(readFixture('exif-orientation-8-le.jpg'))).toBe(8);
  });

  it('answers null without EXIF, without the tag, or with a value outside 1-8', () => {
    expect(readExifOrientation(PLAIN_JPEG)).toBeNull();
    expect(readExifOrientation(readFixture('transparent.png'))).toBeNull();
    const noTag = tiffBlock(true, [{ tag: 0x010f, type: 3, count: 1, value: 1 }]);
    expect(readExifOrientation(withSegments(PLAIN_JPEG, exifSegment(noTag)))).toBeNull();
    for (const value of [0, 9, 0xffff]) {
      const tiff = tiffBlock(false, [orientationEntry(value)]);
      expect(readExifOrientation(withSegments(PLAIN_JPEG, exifSegment(tiff)))).toBeNull();
    }
  });

  it('skips an XMP APP1 before the EXIF one', () => {
    const tiff = tiffBlock(true, [orientationEntry(3)]);
    const jpeg = withSegments(PLAIN_JPEG, xmpSegment('<x:xmpmeta/>'), exifSegment(tiff));
    expect(readExifOrientation(jpeg)).toBe(3);
  });

  it('does not throw on a cut-off or nonsensical EXIF block', () => {
    const tiff = tiffBlock(false, [orientationEntry(6)]);
    const jpeg = withSegments(PLAIN_JPEG, exifSegment(tiff));
    for (let length = 0; length < 60; length += 1) {
      expect(() => readExifOrientation(jpeg.subarray(0, length))).not.toThrow();
    }
    const pointingAway = tiffBlock(true, [orientationEntry(6)]);
    new DataView(pointingAway.buffer).setUint32(4, 0xffff_fff0, true); // IFD0 far past the end
    expect(readExifOrientation(withSegments(PLAIN_JPEG, exifSegment(pointingAway)))).toBeNull();
  });

  it('reads a PNG eXIf chunk', () => {
    const exif = pngChunk('eXIf', tiffBlock(false, [orientationEntry(8)]));
    const png = concat(PNG_SIGNATURE, pngHeader(4, 4).subarray(8, 33), exif);
    expect(readExifOrientation(png)).toBe(8);
  });

  it('knows which orientations swap width and height', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((o) => swapsWidthAndHeight(o as 1))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('hasExifGps', () => {
  it('finds the GPS position exiftool wrote into a sample photo', () => {
    expect(hasExifGps(readFixture('exif-gps-orientation-6-be.jpg'))).toBe(true);
  });

  it('finds none in photos without one', () => {
    expect(hasExifGps(PLAIN_JPEG)).toBe(false);
    expect(hasExifGps(readFixture('exif-orientation-8-le.jpg'))).toBe(false);
    expect(hasExifGps(readFixture('transparent.png'))).toBe(false);
    expect(hasExifGps(new Uint8Array())).toBe(false);
  });

  it('finds a GPS directory in either byte order, in JPEG and PNG', () => {
    for (const littleEndian of [true, false]) {
      const tiff = tiffBlock(littleEndian, [orientationEntry(1), GPS_POINTER_ENTRY]);
      expect(hasExifGps(withSegments(PLAIN_JPEG, exifSegment(tiff)))).toBe(true);
      const png = concat(PNG_SIGNATURE, pngHeader(4, 4).subarray(8, 33), pngChunk('eXIf', tiff));
      expect(hasExifGps(png)).toBe(true);
    }
  });

  it('finds GPS coordinates given only in XMP', () => {
    const xmp = xmpSegment(
      '<x:xmpmeta><rdf:Description exif:GPSLatitude="48,51.5N" exif:GPSLongitude="2,17.7E"/></x:xmpmeta>',
    );
    expect(hasExifGps(withSegments(PLAIN_JPEG, xmp))).toBe(true);
    expect(hasExifGps(withSegments(PLAIN_JPEG, xmpSegment('<x:xmpmeta/>')))).toBe(false);
  });

  it('lets a test say that a file carries no EXIF at all', () => {
    expect(findExif(readFixture('exif-orientation-8-le.jpg'))).not.toBeNull();
    expect(findExif(PLAIN_JPEG)).toBeNull();
    expect(findExif(latin1('not an image'))).toBeNull();
  });
});
