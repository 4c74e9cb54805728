// The photo chosen on the New card form: checked from its bytes as soon as it is dropped,
// pasted or picked, framed by the user (pan and zoom of a square), and only processed and
// handed to main (the one IPC crossing of its bytes) when the card is submitted. A file that is
// refused never costs the photo already chosen: it stays, and the refusal is said beside it.
import { create } from 'zustand';
import type { PhotoRef } from '../../../shared/card.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import { appError } from '../../../shared/error-catalogue.ts';
import { MAX_STORED_PHOTO_BYTES } from '../../../shared/photo.ts';
import { call } from '../api.ts';
import { bytesToBase64 } from '../lib/image/base64.ts';
import { CENTERED_CROP, normaliseCrop, type PhotoCrop } from '../lib/image/crop.ts';
import type { PhotoCheck, PhotoCheckPassed } from '../lib/image/photo-checks.ts';

// The checks and the pipeline load when the first photo is chosen, not with the app: most
// sessions never touch a photo, and startup time is measured against a bare React page.
const pipeline = () => import('../lib/image/process-photo.ts');
const checks = () => import('../lib/image/photo-checks.ts');

/** Formats Chromium cannot draw: sent as they are, shown as a placeholder. */
const NO_PREVIEW = new Set(['heic', 'heif', 'tiff']);

export type PhotoState =
  | { status: 'empty' }
  | {
      status: 'ready';
      name: string;
      file: Blob;
      check: PhotoCheckPassed;
      /** An object URL of the original, or null when the browser cannot show it. */
      previewUrl: string | null;
      crop: PhotoCrop;
    };

/** A file that could not be used, and why; the photo chosen before it is kept. */
export interface PhotoRefusal {
  name: string;
  message: string;
}

interface PhotoStore {
  photo: PhotoState;
  /** The name of a file being checked; the current photo stays until it passes. */
  checking: string | null;
  /** The last file refused, until another one is chosen or the photo is removed. */
  refusal: PhotoRefusal | null;
  /** The photo is being processed and stored (on submit). */
  preparing: boolean;
  /**
   * Bumped by every choice and by removing the photo: a check that finishes after another
   * choice (or a removal) is dropped. No view reads it.
   */
  generation: number;
}

export const usePhoto = create<PhotoStore>()(() => ({
  photo: { status: 'empty' },
  checking: null,
  refusal: null,
  preparing: false,
  generation: 0,
}));

const set = usePhoto.setState;
const get = usePhoto.getState;

/** Starts a new choice (or removal): checks still running for an earlier one are dropped. */
function nextGeneration(): number {
  const generation = get().generation + 1;
  set({ generation });
  return generation;
}

const isCurrent = (generation: number) => get().generation === generation;

function release(): void {
  const photo = get().photo;
  if (photo.status === 'ready' && photo.previewUrl) URL.revokeObjectURL(photo.previewUrl);
}

function nameOf(file: Blob): string {
  return file instanceof File && file.name ? file.name : 'Pasted image';
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** Why a photo sent without re-encoding cannot be cleaned, or null when it can. */
async function cleaningProblem(
  file: Blob,
  format: 'heic' | 'heif' | 'tiff',
): Promise<string | null> {
  try {
    const { cleanSentAsIs } = await pipeline();
    const cleaned = cleanSentAsIs(format, new Uint8Array(await file.arrayBuffer()));
    return cleaned.ok ? null : cleaned.message;
  } catch {
    return 'The file could not be read. Choose it again, or save a copy and use that.';
  }
}

/** Why a checked file cannot be used, or null when it can. */
function refusalOf(check: PhotoCheck, file: Blob): string | null {
  if (!check.ok) return check.message;
  if (NO_PREVIEW.has(check.format) && file.size > MAX_STORED_PHOTO_BYTES) {
    return `This ${check.format.toUpperCase()} photo is ${megabytes(file.size)} MB; one sent as it is can be at most ${megabytes(MAX_STORED_PHOTO_BYTES)} MB. Save it as a JPEG, then use that file.`;
  }
  return null;
}

/**
 * Checks a dropped, pasted or chosen file; a later choice replaces an earlier one. Only a file
 * that passes replaces the current photo: a refused one leaves it as it was.
 */
export async function choosePhoto(file: Blob): Promise<void> {
  const mine = nextGeneration();
  const name = nameOf(file);
  set({ checking: name, refusal: null });
  let check: PhotoCheck;
  try {
    const { checkPhotoFile } = await checks();
    check = (await checkPhotoFile(file)).check;
  } catch {
    if (!isCurrent(mine)) return;
    const message = 'The file could not be read. Choose it again, or save a copy and use that.';
    set({ checking: null, refusal: { name, message } });
    return;
  }
  if (!isCurrent(mine)) return;
  const refused = refusalOf(check, file);
  if (refused !== null || !check.ok) {
    set({ checking: null, refusal: { name, message: refused ?? '' } });
    return;
  }
  // HEIC, HEIF and TIFF cannot be decoded here, so they are not re-encoded but stripped of
  // their metadata (GPS included), as an imported file is; one that cannot be is refused now,
  // with the reason, rather than when the card is sent. The current photo stays either way.
  if (check.format === 'heic' || check.format === 'heif' || check.format === 'tiff') {
    const problem = await cleaningProblem(file, check.format);
    if (!isCurrent(mine)) return;
    if (problem) {
      set({ checking: null, refusal: { name, message: problem } });
      return;
    }
  }
  release();
  const previewUrl = NO_PREVIEW.has(check.format) ? null : URL.createObjectURL(file);
  set({
    photo: { status: 'ready', name, file, check, previewUrl, crop: CENTERED_CROP },
    checking: null,
  });
}

export function setCrop(crop: PhotoCrop): void {
  const photo = get().photo;
  if (photo.status !== 'ready') return;
  set({ photo: { ...photo, crop: normaliseCrop(crop) } });
}

export function clearPhoto(): void {
  nextGeneration();
  release();
  set({ photo: { status: 'empty' }, checking: null, refusal: null, preparing: false });
}

/**
 * Processes the framed photo (EXIF dropped, square, at most 1024 px) and stores it in main.
 * Returns what the submission refers to, null without a photo, or the error to show.
 */
export async function preparePhoto(): Promise<PhotoRef | null | AppError> {
  const photo = get().photo;
  if (photo.status !== 'ready') return null;
  set({ preparing: true });
  try {
    const { processCheckedPhoto } = await pipeline();
    const processed = await processCheckedPhoto(photo.file, photo.check, photo.crop);
    if (!processed.ok) {
      // Only if it is still the chosen photo: one chosen meanwhile is not thrown away for it.
      if (get().photo === photo) {
        release();
        set({
          photo: { status: 'empty' },
          refusal: { name: photo.name, message: processed.message },
        });
      }
      return appError('INVALID_INPUT', { message: processed.message });
    }
    const base64 = await bytesToBase64(processed.bytes);
    const stored = await call((api) =>
      api.storePhoto({ sha256: processed.sha256, contentType: processed.contentType, base64 }),
    );
    return stored.ok ? stored.value : stored.error;
  } catch {
    return appError('INTERNAL', { detail: 'The photo could not be prepared.' });
  } finally {
    set({ preparing: false });
  }
}
