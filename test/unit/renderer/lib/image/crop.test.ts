// The crop geometry behind the framing preview: where the square lies, how large the
// processed photo is, and how far the decoder shrinks a big photo first.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CENTERED_CROP,
  cropSquare,
  decodeSize,
  normaliseCrop,
  outputSide,
} from '../../../../../renderer/src/lib/image/crop.ts';
import { sha256Hex } from '../../../../../renderer/src/lib/image/sha256.ts';
import { readFixture } from '../../../../support/image-bytes.ts';

describe('cropSquare', () => {
  it('takes the largest centred square at zoom 1', () => {
    expect(cropSquare(6000, 4000, CENTERED_CROP)).toEqual({ x: 1000, y: 0, side: 4000 });
    expect(cropSquare(3000, 4000, CENTERED_CROP)).toEqual({ x: 0, y: 500, side: 3000 });
  });

  it('shrinks the square with zoom and keeps it inside the photo when panned to an edge', () => {
    expect(cropSquare(6000, 4000, { centerX: 0.5, centerY: 0.5, zoom: 2 })).toEqual({
      x: 2000,
      y: 1000,
      side: 2000,
    });
    expect(cropSquare(6000, 4000, { centerX: 0, centerY: 1, zoom: 2 })).toEqual({
      x: 0,
      y: 2000,
      side: 2000,
    });
  });

  it('pulls nonsense back into range', () => {
    expect(normaliseCrop({ centerX: -1, centerY: Number.NaN, zoom: 0.2 })).toEqual({
      centerX: 0,
      centerY: 0.5,
      zoom: 1,
    });
    expect(normaliseCrop({ centerX: 2, centerY: 0.3, zoom: 1000 }).zoom).toBe(8);
  });
});

describe('outputSide and decodeSize', () => {
  it('makes a 24-megapixel photo 1024 px square, decoded at 1536 x 1024 first', () => {
    expect(outputSide(6000, 4000, CENTERED_CROP)).toBe(1024);
    expect(decodeSize(6000, 4000, CENTERED_CROP, 1024)).toEqual({ width: 1536, height: 1024 });
  });

  it('keeps a crop smaller than 1024 px at its own size, with no shrinking', () => {
    expect(outputSide(800, 600, CENTERED_CROP)).toBe(600);
    expect(decodeSize(800, 600, CENTERED_CROP, 600)).toBeNull();
    const zoomed = { centerX: 0.5, centerY: 0.5, zoom: 5 };
    expect(outputSide(6000, 4000, zoomed)).toBe(800);
    expect(decodeSize(6000, 4000, zoomed, 800)).toBeNull();
  });

  it('shrinks less when zoomed in', () => {
    const zoomed = { centerX: 0.5, centerY: 0.5, zoom: 2 };
    expect(decodeSize(6000, 4000, zoomed, outputSide(6000, 4000, zoomed))).toEqual({
      width: 3072,
      height: 2048,
    });
  });
});

describe('sha256Hex', () => {
  it('matches Node’s own SHA-256', async () => {
    const bytes = readFixture('photo.jpg');
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await sha256Hex(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
