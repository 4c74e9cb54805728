// The naive way to make a photo small, for the photo benchmark only (bench/photo.ts, through
// the photo-lib page): decode at full size, draw the whole photo on a full-size canvas,
// encode. What the app's processPhoto is measured against; it ships in no build of the app.
import { JPEG_QUALITY } from '../../renderer/src/lib/image/process-photo.ts';

export async function naiveReencode(
  file: Blob,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; width: number; height: number }> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas context');
  context.drawImage(bitmap, 0, 0);
  const { width, height } = bitmap;
  bitmap.close();
  // The same quality as the app's encoder, so the two are compared on equal terms.
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  return { bytes: new Uint8Array(await blob.arrayBuffer()), width, height };
}
