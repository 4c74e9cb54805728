// The local images a bulk import names (a column of file paths in the spreadsheet), checked
// the way a dropped photo is, and kept in the photo store so the outbox can upload them later
// even if the file is moved. Main reads these files, not the renderer (which has no file
// access), so main does every check itself: a regular file of sane size, an image type Linq
// accepts by its bytes, a pixel count the header admits to, and no location or time metadata
// (stripped from every format, or the file is refused with the reason).
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type { PhotoRef } from '../../../shared/card.ts';
import type { AppErrorCode } from '../../../shared/errors.ts';
import type { ImportImageResult } from '../../../shared/import.ts';
import { readDimensions } from '../../../shared/image/dimensions.ts';
import { FORMAT_NAMES, handlingOf, sniffFormat } from '../../../shared/image/sniff.ts';
import { isStrippable, stripMetadata } from '../../../shared/image/strip-metadata.ts';
import { MAX_PHOTO_PIXELS, MAX_STORED_PHOTO_BYTES } from '../../../shared/photo.ts';
import { AppFailure } from '../failure.ts';
import type { PhotoStore } from '../photos/photo-store.ts';

/** Files read at once: a disk, not a CPU, is the limit, and 2 cores share the work. */
const CONCURRENCY = 4;

function refuse(code: AppErrorCode, detail?: string, message?: string): AppFailure {
  return AppFailure.of(code, {
    ...(detail !== undefined ? { detail } : {}),
    ...(message !== undefined ? { message } : {}),
  });
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
}

/** Why a path could not be opened, in the words of the catalogue. */
async function openFailure(path: string, error: unknown): Promise<AppFailure> {
  const code = errnoOf(error);
  switch (code) {
    case 'ENOENT': {
      // Followed symlinks: a link whose target is gone is reported as what it is.
      const link = await lstat(path).catch(() => null);
      return link?.isSymbolicLink()
        ? refuse(
            'IMAGE_NOT_FOUND',
            'broken link',
            'This path is a shortcut (link) to an image that is no longer there. Give the path of the image itself.',
          )
        : refuse('IMAGE_NOT_FOUND', code);
    }
    case 'ENOTDIR':
    case 'ENAMETOOLONG':
    case 'ERR_INVALID_ARG_VALUE': // a NUL byte in the path
      return refuse('IMAGE_NOT_FOUND', code);
    case 'EISDIR':
      return refuse('IMAGE_NOT_A_FILE', 'a folder');
    case 'ELOOP':
      return refuse('IMAGE_UNREADABLE', 'the links at this path lead in a circle');
    default:
      return refuse('IMAGE_UNREADABLE', code);
  }
}

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a pipe';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * A network path (\\server\share\logo.jpg, //server/share/logo.jpg, or Windows' \\?\ and \\.\
 * device paths). A spreadsheet from anyone could name one, and merely opening it makes Windows
 * connect to that server and offer the user's sign-in (an NTLM hash) to it.
 */
function isNetworkPath(path: string): boolean {
  return /^[\\/]{2}/.test(path);
}

/** The whole file, refused before reading when it is not a regular file or is too big. */
async function readImageFile(path: string): Promise<Uint8Array> {
  // Looked at before it is opened: opening a device can itself do something (a serial port
  // resets the board on it, a tape rewinds). The handle is checked again below, so a file
  // swapped in between is still caught.
  try {
    const info = await stat(path);
    if (!info.isFile()) throw refuse('IMAGE_NOT_A_FILE', kindOf(info));
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    throw await openFailure(path, error);
  }
  let handle: FileHandle;
  try {
    // Opened first and checked through the handle, so the file checked is the file read; no
    // O_NONBLOCK would leave a FIFO's open waiting for a writer forever (Windows has none).
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw await openFailure(path, error);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw refuse('IMAGE_NOT_A_FILE', kindOf(info));
    if (info.size > MAX_STORED_PHOTO_BYTES) throw refuse('IMAGE_TOO_LARGE', `${info.size} bytes`);
    if (info.size === 0) throw refuse('IMAGE_NOT_SUPPORTED', 'empty file');
    // One byte more than allowed: a file growing while it is read is still caught.
    const buffer = Buffer.alloc(Math.min(info.size, MAX_STORED_PHOTO_BYTES) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > MAX_STORED_PHOTO_BYTES) throw refuse('IMAGE_TOO_LARGE', 'grew while read');
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof AppFailure) throw error;
    throw refuse('IMAGE_UNREADABLE', errnoOf(error));
  } finally {
    await handle.close();
  }
}

/** Checks one file and stores its cleaned copy. */
async function storeImage(photos: PhotoStore, path: string): Promise<PhotoRef> {
  if (isNetworkPath(path)) {
    throw refuse(
      'IMAGE_PATH_NOT_ABSOLUTE',
      'a network path',
      'Images on network shares are not read. Copy the image to this computer and give the path of the copy.',
    );
  }
  if (!isAbsolute(path)) throw refuse('IMAGE_PATH_NOT_ABSOLUTE');
  const bytes = await readImageFile(path);
  const format = sniffFormat(bytes);
  const handling = handlingOf(format);
  if (handling.kind === 'convert-to-jpeg') {
    throw refuse(
      'IMAGE_NOT_SUPPORTED',
      FORMAT_NAMES[format],
      `Linq does not take ${FORMAT_NAMES[format]} images. Save this one as JPEG or PNG, or add it with the form, which converts it.`,
    );
  }
  if (handling.kind !== 'accepted' || !isStrippable(format)) {
    throw refuse('IMAGE_NOT_SUPPORTED', FORMAT_NAMES[format]);
  }
  const size = readDimensions(format, bytes);
  if (!size.ok) throw refuse('IMAGE_DAMAGED', `${FORMAT_NAMES[format]} header ${size.problem}`);
  if (size.width * size.height > MAX_PHOTO_PIXELS) {
    throw refuse('IMAGE_TOO_MANY_PIXELS', `${size.width} x ${size.height}`);
  }
  // Every format is cleaned the same way as the form's: a location never leaves the machine.
  const cleaned = stripMetadata(format, bytes);
  if (!cleaned.ok && cleaned.problem === 'cannot-strip') {
    throw refuse('IMAGE_NOT_SUPPORTED', cleaned.detail, cleaned.message);
  }
  if (!cleaned.ok) throw refuse('IMAGE_DAMAGED', `${FORMAT_NAMES[format]} ${cleaned.problem}`);
  const sha256 = createHash('sha256').update(cleaned.bytes).digest('hex');
  const stored = await photos.save(cleaned.bytes, handling.contentType, sha256);
  return { sha256: stored.sha256, contentType: stored.contentType };
}

/**
 * One result per path, in order. The same path named on many rows (one logo for forty
 * stores) is read once. Only failures the app understands become a row's error; anything
 * else is a bug and fails the request.
 */
export async function checkImportImages(
  photos: PhotoStore,
  paths: readonly string[],
): Promise<ImportImageResult[]> {
  const unique = [...new Set(paths)];
  const outcomes = new Map<string, ImportImageResult>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < unique.length) {
      const path = unique[next++]!;
      try {
        outcomes.set(path, { path, ok: true, photo: await storeImage(photos, path) });
      } catch (error) {
        if (!(error instanceof AppFailure)) throw error;
        outcomes.set(path, { path, ok: false, error: error.appError });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
  return paths.map((path) => outcomes.get(path)!);
}
