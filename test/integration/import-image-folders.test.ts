// The window names an import's image paths, but main reads only from a folder the user chose
// in main's own dialog: the folder of the spreadsheet opened there, or a folder picked there.
// Through the real services (the contract, the dispatcher, the photo store on disk) with real
// files in temporary folders: what is granted is stored and comes back through readPhoto;
// a link out of the folder, a FIFO, a folder, a file over 20 MB are each refused with the same
// neutral sentence; anything outside is "not in the chosen folder", exists or not.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  mkdir,
  mkdtemp,
  readdir,
  realpath,
  rm,
  symlink,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appError } from '../../shared/error-catalogue.ts';
import type { ImageFolder, ImportFile, ImportImageResult } from '../../shared/import.schema.ts';
import { MAX_IMAGE_PATHS_PER_REQUEST } from '../../shared/import.rules.ts';
import { MAX_STORED_PHOTO_BYTES } from '../../shared/photo.ts';
import { readFixture } from '../support/image-bytes.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

let root: string;
let chosen: string;
let elsewhere: string;
let h: Harness;
/** What the user picks in main's open dialog next; null: they cancel. */
let picked: string | null;
const dialogsAsked: string[] = [];

const NEUTRAL = { ok: false, error: appError('IMAGE_UNREADABLE') };
const NOT_IN_FOLDER = { ok: false, error: appError('IMAGE_NOT_IN_FOLDER') };

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'linq-import-folders-')));
  chosen = join(root, 'spreadsheets');
  elsewhere = join(root, 'private');
  await mkdir(chosen);
  await mkdir(elsewhere);
  await writeFile(join(chosen, 'stores.csv'), 'Phone,First name,Image\n+14155550132,A,x.jpg\n');
  await writeFile(join(chosen, 'logo.jpg'), readFixture('photo.jpg'));
  await writeFile(join(elsewhere, 'secret.jpg'), readFixture('photo.jpg'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  picked = null;
  dialogsAsked.length = 0;
  h = await startHarness({
    chooseImportSource: async (kind) => {
      dialogsAsked.push(kind);
      return picked;
    },
  });
});

afterEach(async () => {
  await h.close();
});

async function check(grant: string | null, paths: string[]): Promise<ImportImageResult[]> {
  return (await h.value<{ results: ImportImageResult[] }>('checkImportImages', { grant, paths }))
    .results;
}

async function storedPhotos(): Promise<string[]> {
  return readdir(join(h.dataDir, 'photos')).catch(() => []);
}

async function openSpreadsheet(): Promise<ImportFile> {
  picked = join(chosen, 'stores.csv');
  return h.value<ImportFile>('openImportFile');
}

describe('without a folder from main’s dialog', () => {
  it('reads no path at all, with no grant or a token main never gave', async () => {
    const paths = [join(chosen, 'logo.jpg'), join(elsewhere, 'secret.jpg'), '/etc/hostname'];
    for (const grant of [null, randomUUID()]) {
      const results = await check(grant, paths);
      expect(results).toEqual(paths.map((path) => ({ path, ...NOT_IN_FOLDER })));
    }
    expect(await storedPhotos()).toEqual([]);
  });

  it('answers null when the user cancels either dialog, granting nothing', async () => {
    expect(await h.value('openImportFile')).toBeNull();
    expect(await h.value('chooseImageFolder')).toBeNull();
    expect(dialogsAsked).toEqual(['spreadsheet', 'image-folder']);
  });
});

describe('the folder of a spreadsheet opened in main’s dialog', () => {
  it('gives the window the file, and its images come back through readPhoto', async () => {
    const file = await openSpreadsheet();
    expect(file.name).toBe('stores.csv');
    expect(Buffer.from(file.base64, 'base64').toString()).toMatch(/^Phone,First name,Image/);
    const [result] = await check(file.grant, [join(chosen, 'logo.jpg')]);
    expect(result).toMatchObject({ ok: true, photo: { contentType: 'image/jpeg' } });
    const sha256 = result!.ok ? result!.photo.sha256 : '';
    const read = await h.value<{ base64: string }>('readPhoto', { sha256 });
    expect(Buffer.from(read.base64, 'base64')).toEqual(Buffer.from(readFixture('photo.jpg')));
  });

  it('refuses a link out of it, a FIFO, a folder and a file over 20 MB with one neutral sentence', async () => {
    const file = await openSpreadsheet();
    const link = join(chosen, 'link-out.jpg');
    await symlink(join(elsewhere, 'secret.jpg'), link);
    const fifo = join(chosen, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    const folder = join(chosen, 'folder.jpg');
    await mkdir(folder);
    const huge = join(chosen, 'huge.jpg');
    await writeFile(huge, readFixture('photo.jpg'));
    await truncate(huge, MAX_STORED_PHOTO_BYTES + 1);
    const results = await check(file.grant, [link, fifo, folder, huge]);
    expect(results[0]).toEqual({ path: link, ...NOT_IN_FOLDER });
    for (const result of results.slice(1))
      expect(result).toEqual({ path: result.path, ...NEUTRAL });
    // Nothing crossed but the catalogue's sentences: no errno, no size, no kind of file.
    expect(JSON.stringify(results.map((result) => !result.ok && result.error))).not.toMatch(
      /ENOENT|EISDIR|EACCES|pipe|a device|\d{8}/,
    );
    expect(await storedPhotos()).toEqual([]);
  });

  it('says only "not in the chosen folder" of a path outside it, whether it exists or not', async () => {
    const file = await openSpreadsheet();
    const paths = [
      join(elsewhere, 'secret.jpg'),
      join(elsewhere, 'missing.jpg'),
      elsewhere,
      join(chosen, '..', 'private', 'secret.jpg'),
      '/dev/zero',
    ];
    const results = await check(file.grant, paths);
    expect(results).toEqual(paths.map((path) => ({ path, ...NOT_IN_FOLDER })));
  });
});

describe('a folder picked in main’s dialog', () => {
  it('grants that folder (and what is below it), not the one next to it', async () => {
    picked = elsewhere;
    const folder = await h.value<ImageFolder>('chooseImageFolder');
    expect(folder.name).toBe('private');
    const results = await check(folder.grant, [
      join(elsewhere, 'secret.jpg'),
      join(chosen, 'logo.jpg'),
    ]);
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toEqual({ path: join(chosen, 'logo.jpg'), ...NOT_IN_FOLDER });
  });
});

it('takes at most a bounded number of paths per request, never 50,000', async () => {
  const file = await openSpreadsheet();
  const path = join(chosen, 'logo.jpg');
  const most = Array.from({ length: MAX_IMAGE_PATHS_PER_REQUEST }, () => path);
  expect(await check(file.grant, most)).toHaveLength(MAX_IMAGE_PATHS_PER_REQUEST);
  for (const count of [MAX_IMAGE_PATHS_PER_REQUEST + 1, 50_000]) {
    const answer = await h.call('checkImportImages', {
      grant: file.grant,
      paths: Array.from({ length: count }, () => path),
    });
    expect(answer).toMatchObject({ ok: false });
    expect(['INVALID_INPUT', 'PAYLOAD_TOO_LARGE']).toContain(!answer.ok && answer.error.code);
  }
});
