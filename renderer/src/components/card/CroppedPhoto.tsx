// The framed photo as iMessage shows a contact: the chosen square of the photo in a circle.
// The original is positioned and scaled with CSS, so framing costs no re-encoding.
import { cropSquare, type PhotoCrop } from '../../lib/image/crop.ts';

export function CroppedPhoto({
  url,
  width,
  height,
  crop,
  size,
}: {
  url: string;
  width: number;
  height: number;
  crop: PhotoCrop;
  size: number;
}) {
  const square = cropSquare(width, height, crop);
  const scale = size / square.side;
  return (
    <img
      className="cropped-photo"
      src={url}
      alt=""
      draggable={false}
      style={{
        width: width * scale,
        height: height * scale,
        left: -square.x * scale,
        top: -square.y * scale,
      }}
    />
  );
}
