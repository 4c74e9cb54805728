// Whether a framed photo has enough pixels to look sharp in iMessage. iOS draws a contact's
// photo at up to about 85 points (the Messages header, the contact card) on 3x screens, so a
// square under 256 px is visibly soft there. Allowed, but worth a word before it is sent.
import { outputSide, type PhotoCrop } from './crop.ts';

export const SHARP_MIN_SIDE = 256;

/** The side the framed photo will have, when that is below what looks sharp; else null. */
export function blurryFramedSide(width: number, height: number, crop: PhotoCrop): number | null {
  const side = outputSide(width, height, crop);
  return side < SHARP_MIN_SIDE ? side : null;
}
