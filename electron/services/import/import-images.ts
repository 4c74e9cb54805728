// The local images a bulk import names (a column of file paths in the spreadsheet), checked
// the way a dropped photo is, and kept in the photo store so the outbox can upload them later
// even if the file is moved. Main reads these files, not the renderer (which has no file
// access), so main does every check itself: a file inside the folder the user chose in main's
// own dialog (image-folders.ts), a regular file of sane size, an image type Linq accepts by its
// bytes, a pixel count the header admits to, and no location or time metadata (stripped from
// every format, or the file is refused with the reason).
//
// The window names the paths, and a compromised window would name any: ~/.ssh/id_rsa, a
// device, a pipe. So a path outside the chosen folder is refused before it is read, and every
// refusal that is about the file rather than its bytes is one neutral sentence: it names no
// errno, no size and no kind of file, so the answers cannot map the disk.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { PhotoRef } from '../../../shared/card.schema.ts';
import type { AppErrorCode } from '../../../shared/errors.schema.ts';
import type { ImportImageResult } from '../../../shared/import.schema.ts';
import { FORMAT_NAMES, handlingOf, sniffFormat } from '../../../shared/image/sniff.ts';
import { isStrippable, stripMetadata } from '../../../shared/image/strip-metadata.ts';
import { MAX_STORED_PHOTO_BYTES } from '../../../shared/photo.ts';
import { AppFailure } from '../failure.ts';
import { mapLimited } from '../map-limited.ts';
import { checkPhotoDimensions } from '../photos/photo-dimensions.ts';
import type { PhotoStore } from '../photos/photo-store.ts';
import { isWithin } from './image-folders.ts';

/** Files read at once: a disk, not a CPU, is the limit, and 2 cores share the work. */
const CONCURRENCY = 4;

function refuse(code: AppErrorCode, message?: string): AppFailure {
  return AppFailure.of(code, message !== undefined ? { message } : {});
}

/** Missing, a folder, a device, a pipe, empty, too big, not allowed: all the same to the window. */
const unreadable = () => refuse('IMAGE_UNREADABLE');
const notInFolder = () => refuse('IMAGE_NOT_IN_FOLDER');

/**
 * A network path (\\server\share\logo.jpg, //server/share/logo.jpg, or Windows' \\?\ and \\.\
 * device paths). A spreadsheet from anyone could name one, and merely opening it makes Windows
 * connect to that server and offer the user's sign-in (an NTLM hash) to it.
 */
function isNetworkPath(path: string): boolean {
  return /^[\\/]{2}/.test(path);
}

/**
 * The real path of an image inside the chosen folder. Links are followed and the end of the
 * chain must still be inside: a link in the folder that leads out of it is refused like a path
 * outside. Only a path that is inside by its text may learn that it could not be resolved.
 */
async function resolveInside(folder: string, path: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw isWithin(folder, resolve(path)) ? unreadable() : notInFolder();
  }
  if (!isWithin(folder, real)) throw notInFolder();
  return real;
}

/** The whole file, refused before reading when it is not a regular file or is too big. */
async function readImageFile(path: string): Promise<Uint8Array> {
  // Looked at before it is opened: opening a device can itself do something (a serial port
  // resets the board on it, a tape rewinds). The handle is checked again below, so a file
  // swapped in between is still caught.
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw unreadable();
  let handle: FileHandle;
  try {
    // The real path has no link in it: one there now was swapped in since, and is not followed.
    // No O_NONBLOCK would leave a FIFO's open waiting for a writer forever (Windows has none).
    handle = await open(
      path,
      constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0),
    );
  } catch {
    throw unreadable();
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size === 0 || info.size > MAX_STORED_PHOTO_BYTES) {
      throw unreadable();
    }
    // One byte more than allowed: a file growing while it is read is still caught.
    const buffer = Buffer.alloc(info.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length === 0 || length > MAX_STORED_PHOTO_BYTES) throw unreadable();
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    throw unreadable();
  } finally {
    await handle.close();
  }
}

/** Checks one file and stores its cleaned copy. */
async function storeImage(
  photos: PhotoStore,
  folder: string | null,
  path: string,
): Promise<PhotoRef> {
  if (isNetworkPath(path)) {
    throw refuse(
      'IMAGE_PATH_NOT_ABSOLUTE',
      'Images on network shares are not read. Copy the image to this computer and give the path of the copy.',
    );
  }
  if (!isAbsolute(path)) throw refuse('IMAGE_PATH_NOT_ABSOLUTE');
  if (folder === null) throw notInFolder();
  const bytes = await readImageFile(await resolveInside(folder, path));
  const format = sniffFormat(bytes);
  const handling = handlingOf(format);
  if (handling.kind === 'convert-to-jpeg') {
    throw refuse(
      'IMAGE_NOT_SUPPORTED',
      `Linq does not take ${FORMAT_NAMES[format]} images. Save this one as JPEG or PNG, or add it with the form, which converts it.`,
    );
  }
  if (handling.kind !== 'accepted' || !isStrippable(format)) {
    throw refuse('IMAGE_NOT_SUPPORTED');
  }
  checkPhotoDimensions(format, bytes);
  // Every format is cleaned the same way as the form's: a location never leaves the machine.
  const cleaned = stripMetadata(format, bytes);
  if (!cleaned.ok && cleaned.problem === 'cannot-strip') {
    throw refuse('IMAGE_NOT_SUPPORTED', cleaned.message);
  }
  if (!cleaned.ok) throw refuse('IMAGE_DAMAGED');
  const sha256 = createHash('sha256').update(cleaned.bytes).digest('hex');
  const stored = await photos.save(cleaned.bytes, handling.contentType, sha256);
  return { sha256: stored.sha256, contentType: stored.contentType };
}

/**
 * One result per path, in order. `folder` is the real path of the folder the user chose in
 * main's dialog (null: none, and every path is refused). The same path named on many rows
 * (one logo for forty stores) is read once. Only failures the app understands become a row's
 * error; anything else is a bug and fails the request.
 */
export async function checkImportImages(
  photos: PhotoStore,
  folder: string | null,
  paths: readonly string[],
): Promise<ImportImageResult[]> {
  const unique = [...new Set(paths)];
  const results = await mapLimited(unique, CONCURRENCY, async (path) => {
    try {
      return { path, ok: true as const, photo: await storeImage(photos, folder, path) };
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      return { path, ok: false as const, error: error.appError };
    }
  });
  const outcomes = new Map<string, ImportImageResult>(results.map((r) => [r.path, r]));
  return paths.map((path) => outcomes.get(path)!);
}
