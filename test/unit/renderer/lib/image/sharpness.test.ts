import { describe, expect, it } from 'vitest';
import { CENTERED_CROP } from '../../../../../renderer/src/lib/image/crop.ts';
import {
  blurryFramedSide,
  SHARP_MIN_SIDE,
} from '../../../../../renderer/src/lib/image/sharpness.ts';

describe('blurryFramedSide', () => {
  it('flags a 64 × 48 image: its framed square is 48 px across', () => {
    expect(blurryFramedSide(64, 48, CENTERED_CROP)).toBe(48);
  });

  it('accepts a square of exactly the sharp size, and anything larger', () => {
    expect(blurryFramedSide(SHARP_MIN_SIDE, SHARP_MIN_SIDE, CENTERED_CROP)).toBeNull();
    expect(blurryFramedSide(4000, 3000, CENTERED_CROP)).toBeNull();
  });

  it('judges the framed square, so zooming into a large enough photo can make it blurry', () => {
    expect(blurryFramedSide(400, 400, CENTERED_CROP)).toBeNull();
    expect(blurryFramedSide(400, 400, { ...CENTERED_CROP, zoom: 2 })).toBe(200);
  });
});
