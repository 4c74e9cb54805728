// The photos staff chose, kept in the data directory under their SHA-256 so that a card sent
// from the outbox after a restart still has its photo, History can show it offline, and
// the same photo is stored once. Writes are atomic (temporary file, fsync, rename): a crash
// leaves either the whole photo or none. Names come from the renderer, so only 64 lowercase
// hex characters are ever used as one: no path can be smuggled in.
//
// The window decides what is stored, so the store is bounded: it holds at most a quota of
// bytes, and photos that no card or outbox item names are collected once they have not been
// stored again for a grace period (a photo chosen in the form or checked for an
// import waits there until it is submitted: its file's time is its last store).
import { createHash, randomBytes } from 'node:crypto';
import { statSync, unlinkSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import {
  MAX_PHOTO_INPUT_BYTES,
  PHOTO_EXTENSIONS,
  PHOTO_STORE_QUOTA_BYTES,
  isPhotoContentType,
  type PhotoContentType,
} from '../../../shared/photo.ts';
import { AppFailure } from '../failure.ts';
import { fsyncDirectory } from '../fsync-directory.ts';

export const PHOTOS_DIR = 'photos';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A stored photo's file name, and its hash. */
const PHOTO_FILE = /^([0-9a-f]{64})\.[a-z]+$/;
/** A temporary file of a write (writeAtomically); an old one is what a crash left behind. */
const TEMPORARY_FILE = /^\.[0-9a-f]{64}\.[0-9a-f]{12}\.tmp$/;

/**
 * How long a photo no one names is kept after it was last stored: a form left open over lunch
 * or an import previewed on Friday evening and confirmed the next day still has its photos.
 * (The catalogue's PHOTO_STORE_FULL says "two days".)
 */
export const PHOTO_GRACE_MS = 2 * 24 * 60 * 60 * 1000;

export interface PhotoStoreOptions {
  /** The most bytes the store holds (default PHOTO_STORE_QUOTA_BYTES). */
  quotaBytes?: number;
  /**
   * The photos something still names (photo-references.ts); none of them is ever collected.
   * Without it, collect() removes nothing.
   */
  referenced?: () => ReadonlySet<string>;
  graceMs?: number;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
}

export interface Collected {
  removed: number;
  freedBytes: number;
}

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
  /**
   * Whether the photo is stored, its grace period started anew: something is about to name it
   * (an import's rows), so collection must not take it in between.
   */
  keep(sha256: string): Promise<boolean>;
  /** Removes the photos nothing names that were last stored before the grace period. */
  collect(): Promise<Collected>;
  /** Bytes the stored photos take. */
  usedBytes(): Promise<number>;
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

function photoStoreFull(quotaBytes: number): AppFailure {
  return AppFailure.of('PHOTO_STORE_FULL', { detail: `Quota ${quotaBytes} bytes.` });
}

export function createPhotoStore(dataDir: string, options: PhotoStoreOptions = {}): PhotoStore {
  const dir = join(dataDir, PHOTOS_DIR);
  const quotaBytes = options.quotaBytes ?? PHOTO_STORE_QUOTA_BYTES;
  const graceMs = options.graceMs ?? PHOTO_GRACE_MS;
  const now = options.now ?? Date.now;

  // What the stored photos take, by file name: counted from the folder once, then kept up to
  // date by every write and removal. Bytes being written count too, so that saves under way
  // at once cannot together pass the quota.
  let sizes: Promise<Map<string, number>> | null = null;
  let usedTotal = 0;
  let reserved = 0;

  async function tally(): Promise<Map<string, number>> {
    sizes ??= (async () => {
      const found = new Map<string, number>();
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw storageFailure(error);
      });
      for (const name of names) {
        if (!PHOTO_FILE.test(name)) continue;
        const info = await stat(join(dir, name)).catch(() => null);
        if (info?.isFile()) found.set(name, info.size);
      }
      usedTotal = [...found.values()].reduce((sum, size) => sum + size, 0);
      return found;
    })();
    return sizes;
  }

  async function collect(): Promise<Collected> {
    const collected: Collected = { removed: 0, freedBytes: 0 };
    if (!options.referenced) return collected;
    const known = await tally();
    const names = await readdir(dir).catch(() => [] as string[]);
    const cutoff = now() - graceMs;
    // Looked at without blocking first; only files old enough are candidates.
    const candidates: string[] = [];
    for (const name of names) {
      if (!PHOTO_FILE.test(name) && !TEMPORARY_FILE.test(name)) continue;
      const info = await stat(join(dir, name)).catch(() => null);
      if (info?.isFile() && info.mtimeMs < cutoff) candidates.push(name);
    }
    if (candidates.length === 0) return collected;
    // Then decided and removed in one synchronous stretch: no request can store a card that
    // names a candidate, nor store the photo again, between reading what is named and the
    // removal. A photo stored again since it was listed is young again, and stays.
    const named = options.referenced();
    for (const name of candidates) {
      const hash = PHOTO_FILE.exec(name)?.[1];
      if (hash !== undefined && named.has(hash)) continue;
      try {
        const info = statSync(join(dir, name));
        if (info.mtimeMs >= cutoff) continue;
        unlinkSync(join(dir, name));
        collected.removed += 1;
        collected.freedBytes += info.size;
        if (known.delete(name)) usedTotal -= info.size;
      } catch {
        // Gone already, or not removable now: the next collection tries again.
      }
    }
    return collected;
  }

  /** Holds room for `bytes` (collecting first when full), or throws PHOTO_STORE_FULL. */
  async function reserve(bytes: number): Promise<void> {
    await tally();
    if (usedTotal + reserved + bytes > quotaBytes) await collect();
    if (usedTotal + reserved + bytes > quotaBytes) throw photoStoreFull(quotaBytes);
    reserved += bytes;
  }

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

  async function keep(sha256: string): Promise<boolean> {
    const photo = await find(sha256);
    if (!photo) return false;
    const at = new Date(now());
    return utimes(photo.path, at, at).then(
      () => true,
      () => false, // collected between the two
    );
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
      // Stored again: its grace period starts anew. Collected in the meantime: written again.
      const at = new Date(now());
      const touched = await utimes(photo.path, at, at).then(
        () => true,
        () => false,
      );
      if (touched) return photo;
    }
    const name = `${sha256}.${PHOTO_EXTENSIONS[contentType]}`;
    const photo = locate(sha256, contentType, bytes.length);
    await reserve(bytes.length);
    try {
      await mkdir(dir, { recursive: true });
      await writeAtomically(dir, name, bytes);
      const known = await tally();
      usedTotal += bytes.length - (known.get(name) ?? 0);
      known.set(name, bytes.length);
    } catch (error) {
      throw storageFailure(error);
    } finally {
      reserved -= bytes.length;
    }
    return photo;
  }

  async function usedBytes(): Promise<number> {
    await tally();
    return usedTotal;
  }

  return { dir, save, read, find, keep, collect, usedBytes };
}
