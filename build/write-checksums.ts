// Writes the SHA-256 of every installer in electron-builder's output folder to one file, in
// the format `sha256sum -c` and `shasum -a 256 -c` read. The installers workflow runs it after
// each build and uploads the file with the installers, so IT can check that the file they are
// about to roll out is the one the build made (README, "Checking an installer").
// Usage: node build/write-checksums.ts <dist folder> <file name, e.g. SHA256SUMS-linux.txt>
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the workflow uploads: the installers, never the unpacked folders or blockmaps. */
export const INSTALLER_EXTENSIONS = ['.AppImage', '.deb', '.exe', '.dmg'] as const;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  // Streamed: a .dmg is a few hundred megabytes.
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The checksum lines for the installers in `distDir`, sorted by name. Two spaces between hash
 * and name is the text-mode format every sha256sum accepts.
 */
export async function installerChecksums(distDir: string): Promise<string> {
  const names = (await readdir(distDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .filter((name) => INSTALLER_EXTENSIONS.some((extension) => name.endsWith(extension)))
    .sort();
  if (names.length === 0) throw new Error(`No installer in ${distDir}: run npm run dist:<os>`);
  const lines = [];
  for (const name of names) lines.push(`${await sha256Of(join(distDir, name))}  ${name}\n`);
  return lines.join('');
}

async function main(): Promise<void> {
  const [distDir, fileName] = process.argv.slice(2);
  if (!distDir || !fileName) {
    throw new Error('Usage: node build/write-checksums.ts <dist folder> <file name>');
  }
  const text = await installerChecksums(distDir);
  await writeFile(join(distDir, fileName), text);
  process.stdout.write(text);
}

if (import.meta.main) await main();
