// The photos staff chose, kept in the data directory under their SHA-256 so that a card sent
// from the outbox after a restart still has its photo, the history can show it offline, and
// the same photo is stored once. Writes are atomic (temporary file, fsync, rename): a crash
// leaves either the whole photo or none. Names come from the renderer, so only 64 lowercase
// hex characters are ever used as one: no path can be smuggled in.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MAX_PHOTO_INPUT_BYTES,
  PHOTO_EXTENSIONS,
  isPhotoContentType,
  type PhotoContentType,
} from '../../../shared/photo.ts';
import { AppFailure } from '../failure.ts';
import { fsyncDirectory } from '../fsync-directory.ts';

export const PHOTOS_DIR = 'photos';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredPhoto {
  sha256: string;
  contentType: PhotoContentType;
  sizeBytes: number;
  /** Absolute path of the file. */
  path: string;
}

export interface PhotoStore {
  readonly dir: string;
  /**
   * Stores the bytes, once (saving the same photo again only checks the stored copy).
   * `sha256` is the hash the renderer computed; bytes that do not match it are refused.
   */
  save(bytes: Uint8Array, contentType: string, sha256: string): Promise<StoredPhoto>;
  /** The stored photo with its bytes, or null when missing or no longer matching its hash. */
  read(sha256: string): Promise<(StoredPhoto & { bytes: Buffer }) | null>;
  /** The stored photo without reading it (for a thumbnail path), or null. */
  find(sha256: string): Promise<StoredPhoto | null>;
}

function invalid(detail: string): AppFailure {
  return AppFailure.of('INVALID_INPUT', { detail });
}

/** Throws unless `value` can be a stored photo's name. */
export function assertSha256(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !SHA256_HEX.test(value)) {
    throw invalid('A photo is named by its SHA-256: 64 lowercase hexadecimal characters.');
  }
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function writeAtomically(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, join(dir, name));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDirectory(dir);
}

function storageFailure(error: unknown): AppFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';
  return AppFailure.of('INTERNAL', { detail: `Could not store the photo (${code}).` }, error);
}

export function createPhotoStore(dataDir: string): PhotoStore {
  const dir = join(dataDir, PHOTOS_DIR);

  function locate(sha256: string, contentType: PhotoContentType, sizeBytes: number) {
    return {
      sha256,
      contentType,
      sizeBytes,
      path: join(dir, `${sha256}.${PHOTO_EXTENSIONS[contentType]}`),
    };
  }

  async function find(sha256: string): Promise<StoredPhoto | null> {
    assertSha256(sha256);
    for (const contentType of Object.keys(PHOTO_EXTENSIONS) as PhotoContentType[]) {
      const candidate = locate(sha256, contentType, 0);
      try {
        const info = await stat(candidate.path);
        if (info.isFile()) return { ...candidate, sizeBytes: info.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storageFailure(error);
      }
    }
    return null;
  }

  async function read(sha256: string) {
    const photo = await find(sha256);
    if (!photo) return null;
    let bytes: Buffer;
    try {
      bytes = await readFile(photo.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw storageFailure(error);
    }
    // A copy damaged on disk is as good as missing; saving the photo again repairs it.
    return sha256Of(bytes) === sha256 ? { ...photo, sizeBytes: bytes.length, bytes } : null;
  }

  async function save(bytes: Uint8Array, contentType: string, sha256: string) {
    assertSha256(sha256);
    if (!isPhotoContentType(contentType)) {
      throw invalid(`Linq does not take ${contentType.slice(0, 100)} photos.`);
    }
    if (bytes.length === 0) throw invalid('The photo is empty.');
    if (bytes.length > MAX_PHOTO_INPUT_BYTES) {
      throw AppFailure.of('PAYLOAD_TOO_LARGE', { detail: `The photo is ${bytes.length} bytes.` });
    }
    if (sha256Of(bytes) !== sha256) throw invalid('The photo does not match its SHA-256.');
    const existing = await read(sha256);
    if (existing) {
      if (existing.contentType !== contentType) {
        throw invalid(`This photo is already stored as ${existing.contentType}.`);
      }
      const { bytes: _bytes, ...photo } = existing;
      return photo;
    }
    const photo = locate(sha256, contentType, bytes.length);
    try {
      await mkdir(dir, { recursive: true });
      await writeAtomically(dir, `${sha256}.${PHOTO_EXTENSIONS[contentType]}`, bytes);
    } catch (error) {
      throw storageFailure(error);
    }
    return photo;
  }

  return { dir, save, read, find };
}
