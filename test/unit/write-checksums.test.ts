// The checksums published with the installers: one line per installer, in the format
// sha256sum checks, written by the installers workflow and uploaded with what it builds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installerChecksums } from '../../build/write-checksums.ts';

let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'linq-checksums-'));
  await writeFile(join(dist, 'linq-contact-cards-setup-1.2.3.exe'), 'windows installer');
  await writeFile(join(dist, 'linq-contact-cards_1.2.3_amd64.deb'), 'debian package');
  await writeFile(join(dist, 'linq-contact-cards-1.2.3-x86_64.AppImage'), 'appimage');
  // What electron-builder leaves next to them, which is not an installer.
  await writeFile(join(dist, 'linq-contact-cards-setup-1.2.3.exe.blockmap'), 'blockmap');
  await writeFile(join(dist, 'builder-debug.yml'), 'debug');
  await mkdir(join(dist, 'linux-unpacked'));
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe('installerChecksums', () => {
  it('lists each installer’s SHA-256, sorted, and nothing else', async () => {
    const text = await installerChecksums(dist);
    const sha = (content: string) => createHash('sha256').update(content).digest('hex');
    expect(text).toBe(
      [
        `${sha('appimage')}  linq-contact-cards-1.2.3-x86_64.AppImage`,
        `${sha('windows installer')}  linq-contact-cards-setup-1.2.3.exe`,
        `${sha('debian package')}  linq-contact-cards_1.2.3_amd64.deb`,
        '',
      ].join('\n'),
    );
  });

  it('writes a file sha256sum -c accepts, and that catches an altered installer', async () => {
    await writeFile(join(dist, 'SHA256SUMS-linux.txt'), await installerChecksums(dist));
    const check = () =>
      execFileSync('sha256sum', ['-c', 'SHA256SUMS-linux.txt'], { cwd: dist, encoding: 'utf8' });
    expect(check()).toContain('linq-contact-cards_1.2.3_amd64.deb: OK');
    await writeFile(join(dist, 'linq-contact-cards_1.2.3_amd64.deb'), 'debian package, altered');
    expect(check).toThrow();
  });

  it('refuses a folder without installers instead of publishing an empty list', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'linq-checksums-empty-'));
    await expect(installerChecksums(empty)).rejects.toThrow('No installer');
    await rm(empty, { recursive: true });
  });
});

describe('the installers workflow', () => {
  it('writes the checksums after the build and uploads them with the installers', async () => {
    const workflow = await readFile(
      new URL('../../.github/workflows/installers.yml', import.meta.url),
      'utf8',
    );
    expect(workflow).toContain(
      'run: node build/write-checksums.ts dist SHA256SUMS-${{ matrix.dist }}.txt',
    );
    expect(workflow).toContain('dist/SHA256SUMS-${{ matrix.dist }}.txt');
    expect(workflow.indexOf('write-checksums.ts')).toBeLessThan(
      workflow.indexOf('actions/upload-artifact'),
    );
  });
});
