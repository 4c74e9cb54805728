// Paths in a spreadsheet's image column that must not even be opened: a network share (on
// Windows, opening \\server\share\x.jpg hands the user's NTLM hash to that server) and a device
// (opening a serial port or a tape can itself do something). `open` is watched to prove it.
import type * as FsPromises from 'node:fs/promises';
import { mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkImportImages } from '../../electron/services/import/import-images.ts';
import { createPhotoStore, type PhotoStore } from '../../electron/services/photos/photo-store.ts';
import { readFixture } from '../support/image-bytes.ts';

const opened = vi.hoisted(() => [] as string[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  return {
    ...actual,
    open: (path: string, ...rest: unknown[]) => {
      opened.push(String(path));
      return (actual.open as (...args: unknown[]) => unknown)(path, ...rest);
    },
  };
});

let dir: string;
let photos: PhotoStore;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'linq-import-paths-')));
  photos = createPhotoStore(join(dir, 'data'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  opened.length = 0;
});

describe('paths never opened', () => {
  it('refuses a network path, even one that leads to a readable image here', async () => {
    const image = join(dir, 'logo.jpg');
    await writeFile(image, readFixture('photo.jpg'));
    expect((await checkImportImages(photos, dir, [image]))[0]).toMatchObject({ ok: true });
    expect(opened).toContain(image); // the watch works
    opened.length = 0;
    // On Linux "//tmp/…/logo.jpg" is that same file; on Windows it is a server called "tmp".
    const paths = [`/${image}`, '\\\\server\\share\\logo.jpg', '\\\\?\\C:\\logo.jpg'];
    const results = await checkImportImages(photos, dir, paths);
    for (const result of results) {
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: 'IMAGE_PATH_NOT_ABSOLUTE',
          message: expect.stringMatching(/network shares are not read/),
        },
      });
    }
    expect(opened).toEqual([]);
  });

  it('does not open a device, outside the chosen folder or linked into it', async () => {
    const link = join(dir, 'zero.jpg');
    await symlink('/dev/zero', link);
    const results = await checkImportImages(photos, dir, ['/dev/zero', link]);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, error: { code: 'IMAGE_NOT_IN_FOLDER' } });
    }
    expect(opened).toEqual([]);
  });

  it('does not open a file outside the chosen folder', async () => {
    const image = join(dir, 'logo.jpg');
    const [result] = await checkImportImages(photos, join(dir, 'data'), [image]);
    expect(result).toMatchObject({ ok: false, error: { code: 'IMAGE_NOT_IN_FOLDER' } });
    expect(opened).toEqual([]);
  });
});
