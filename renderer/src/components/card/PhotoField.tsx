// The profile photo: drop a file on the zone, paste one, or press the zone (Enter or Space) to
// pick one with the system's file dialog. Once chosen, the circle shows what recipients will
// see; drag it (or use the arrow keys) to move the photo, and zoom with the slider, the wheel
// or + and -. A card being edited shows its current photo until another is chosen; a file that
// is refused leaves the photo there as it was.
import { useFileDrop } from '../../lib/use-file-drop.ts';
import { useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { MAX_ZOOM, type PhotoCrop } from '../../lib/image/crop.ts';
import { blurryFramedSide, SHARP_MIN_SIDE } from '../../lib/image/sharpness.ts';
import { choosePhoto, clearPhoto, setCrop, usePhoto } from '../../store/photo.ts';
import { ErrorIcon, Spinner, WarningIcon } from '../Icons.tsx';
import { CardPhoto, useCurrentPhoto } from './CardPhoto.tsx';
import { CroppedPhoto } from './CroppedPhoto.tsx';

const FRAME_SIZE = 148;
const ACCEPT =
  'image/jpeg,image/png,image/gif,image/heic,image/heif,image/tiff,image/bmp,image/webp,image/avif,.heic,.heif';

function firstImage(data: DataTransfer | null): File | null {
  return data?.files?.[0] ?? null;
}

/** Moves the crop by a distance in frame pixels. */
function panned(crop: PhotoCrop, dx: number, dy: number, width: number, height: number): PhotoCrop {
  const side = Math.min(width, height) / crop.zoom;
  const perPixel = side / FRAME_SIZE;
  return {
    ...crop,
    centerX: crop.centerX - (dx * perPixel) / width,
    centerY: crop.centerY - (dy * perPixel) / height,
  };
}

/** Said under a framed photo with too few pixels to look sharp in iMessage. */
function SharpnessWarning({ side }: { side: number }) {
  return (
    <p className="field-warning" data-testid="photo-sharpness">
      <WarningIcon />
      <span>
        Framed, this photo is only {side} × {side} px: it may look blurry in iMessage. A photo at
        least {SHARP_MIN_SIDE} × {SHARP_MIN_SIDE} px looks sharp.
      </span>
    </p>
  );
}

function Framing() {
  const photo = usePhoto((state) => state.photo);
  const drag = useRef<{ x: number; y: number } | null>(null);
  if (photo.status !== 'ready') return null;
  const { width, height } = photo.check;
  const { crop } = photo;
  const blurry = photo.previewUrl ? blurryFramedSide(width, height, crop) : null;

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY };
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!drag.current) return;
    const dx = event.clientX - drag.current.x;
    const dy = event.clientY - drag.current.y;
    drag.current = { x: event.clientX, y: event.clientY };
    setCrop(panned(crop, dx, dy, width, height));
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = 8;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setCrop(panned(crop, move[0], move[1], width, height));
    } else if (event.key === '+' || event.key === '=') {
      setCrop({ ...crop, zoom: crop.zoom * 1.1 });
    } else if (event.key === '-') {
      setCrop({ ...crop, zoom: crop.zoom / 1.1 });
    }
  }

  return (
    <div className="photo-framing">
      {photo.previewUrl ? (
        <div
          className="photo-frame"
          role="img"
          tabIndex={0}
          aria-label={`Photo framing: ${photo.name}. Use the arrow keys to move the photo, plus and minus to zoom.`}
          style={{ width: FRAME_SIZE, height: FRAME_SIZE }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => (drag.current = null)}
          onPointerCancel={() => (drag.current = null)}
          onWheel={(event) =>
            setCrop({ ...crop, zoom: crop.zoom * (event.deltaY < 0 ? 1.08 : 1 / 1.08) })
          }
          onKeyDown={onKeyDown}
        >
          <CroppedPhoto
            url={photo.previewUrl}
            width={width}
            height={height}
            crop={crop}
            size={FRAME_SIZE}
          />
        </div>
      ) : (
        <div
          className="photo-frame photo-frame-placeholder"
          style={{ width: FRAME_SIZE, height: FRAME_SIZE }}
        >
          <span>
            {photo.check.format.toUpperCase()}
            <br />
            no preview
          </span>
        </div>
      )}
      <div className="photo-controls">
        <p className="photo-name" title={photo.name}>
          {photo.name}
        </p>
        <p className="field-hint">
          {photo.previewUrl
            ? `${width} × ${height} px. Drag to move; zoom to frame the face or logo.`
            : 'This app cannot show this format, so it is sent to Linq uncropped, without its camera data (such as a GPS position).'}
        </p>
        {photo.previewUrl ? (
          <label className="photo-zoom">
            <span>Zoom</span>
            <input
              type="range"
              min={1}
              max={MAX_ZOOM}
              step={0.01}
              value={crop.zoom}
              onChange={(event) => setCrop({ ...crop, zoom: Number(event.currentTarget.value) })}
            />
          </label>
        ) : null}
        {blurry !== null ? <SharpnessWarning side={blurry} /> : null}
        <button type="button" className="button button-quiet button-small" onClick={clearPhoto}>
          Remove photo
        </button>
      </div>
    </div>
  );
}

/** The photo the card being edited has now, shown until another is chosen. */
function CurrentPhoto() {
  const current = useCurrentPhoto();
  if (!current) return null;
  return (
    <div className="photo-current">
      <CardPhoto sha256={current.sha256} url={current.url} initials="" size={64} />
      <p className="field-hint">The card’s current photo. Choose another to replace it.</p>
    </div>
  );
}

export function PhotoField({ id }: { id: string }) {
  const photo = usePhoto((state) => state.photo);
  const checking = usePhoto((state) => state.checking);
  const refusal = usePhoto((state) => state.refusal);
  const current = useCurrentPhoto();
  const input = useRef<HTMLInputElement>(null);
  const drop = useFileDrop((data) => {
    const file = firstImage(data);
    if (file) void choosePhoto(file);
  });
  const dragging = drop.dragging;

  // Paste anywhere on the form's page takes an image from the clipboard.
  useEffect(() => {
    function onPaste(event: ClipboardEvent) {
      const file = firstImage(event.clipboardData);
      if (!file) return;
      event.preventDefault();
      void choosePhoto(file);
    }
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);

  const hasPhoto = photo.status === 'ready';
  const replaces = hasPhoto || current !== null;
  return (
    <div className="field">
      <div className="field-head">
        <span className="field-label" id={`${id}-label`}>
          Profile photo
        </span>
        <span className="field-optional">Optional</span>
      </div>
      {/* Above the photo it spared, where it is seen with it. */}
      {refusal ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          <ErrorIcon />
          <span>
            <strong>{refusal.name}:</strong> {refusal.message}
            {replaces ? ' Your current photo is kept.' : ''}
          </span>
        </p>
      ) : null}
      {hasPhoto ? <Framing /> : <CurrentPhoto />}
      <div
        id={id}
        role="button"
        tabIndex={0}
        aria-describedby={refusal ? `${id}-error` : undefined}
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}${replaces ? ' drop-zone-compact' : ''}`}
        onClick={() => input.current?.click()}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            input.current?.click();
          }
        }}
        {...drop.handlers}
      >
        {checking !== null ? <Spinner /> : null}
        {/* The name comes from the content, so it always contains what is visible. */}
        <span className="visually-hidden">Profile photo: </span>
        <span>
          {dragging
            ? 'Drop the photo to use it'
            : replaces
              ? 'Replace the photo: drop, paste or choose another'
              : 'Drop a photo here, paste one, or choose a file'}
        </span>
        <span className="drop-zone-hint">JPEG, PNG, GIF, HEIC, WebP and more · up to 50 MB</span>
      </div>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void choosePhoto(file);
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}
