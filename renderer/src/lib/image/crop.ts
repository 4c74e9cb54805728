// The geometry of the square crop the framing preview sets: where it lies in the photo, how
// big the processed photo is, and how far the decoder may shrink the photo first. Pure
// arithmetic, so it is tested without a browser.
import { PHOTO_OUTPUT_MAX_SIDE } from '../../../../shared/photo.ts';

export interface PhotoCrop {
  /** Centre of the square, as fractions (0..1) of the photo's width and height as seen. */
  centerX: number;
  centerY: number;
  /** 1 shows the largest square that fits; 2 a square half as wide; and so on. */
  zoom: number;
}

export const CENTERED_CROP: PhotoCrop = { centerX: 0.5, centerY: 0.5, zoom: 1 };

export const MAX_ZOOM = 8;

export interface Square {
  x: number;
  y: number;
  side: number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The crop with out-of-range values pulled back in (NaN becomes the default). */
export function normaliseCrop(crop: PhotoCrop): PhotoCrop {
  const safe = (value: number, fallback: number) => (Number.isFinite(value) ? value : fallback);
  return {
    centerX: clamp(safe(crop.centerX, 0.5), 0, 1),
    centerY: clamp(safe(crop.centerY, 0.5), 0, 1),
    zoom: clamp(safe(crop.zoom, 1), 1, MAX_ZOOM),
  };
}

/** The crop square in an image of `width` x `height` pixels, kept inside the image. */
export function cropSquare(width: number, height: number, crop: PhotoCrop): Square {
  const { centerX, centerY, zoom } = normaliseCrop(crop);
  const side = Math.min(width, height) / zoom;
  return {
    x: clamp(centerX * width - side / 2, 0, width - side),
    y: clamp(centerY * height - side / 2, 0, height - side),
    side,
  };
}

/** The processed photo's side: the crop's own size, at most `maxSide`. */
export function outputSide(
  width: number,
  height: number,
  crop: PhotoCrop,
  maxSide = PHOTO_OUTPUT_MAX_SIDE,
): number {
  return Math.max(1, Math.min(maxSide, Math.floor(cropSquare(width, height, crop).side)));
}

/**
 * The size to decode the whole photo at so the crop comes out at `side` pixels: the decoder
 * shrinks the photo (cheaper than drawing it full size and letting the canvas shrink it),
 * never enlarges it. Null when no shrinking is needed.
 */
export function decodeSize(
  width: number,
  height: number,
  crop: PhotoCrop,
  side: number,
): { width: number; height: number } | null {
  const scale = side / cropSquare(width, height, crop).side;
  if (scale >= 0.999) return null;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
