// Reads the fuse wire of the apps electron-builder packaged and compares it with
// build/fuses.ts. The installers workflow runs it after every build, so a hook that did not run,
// or an Electron whose wire has a fuse nobody chose, is caught on the real binaries.
// Usage: node build/verify-fuses.ts [dist folder]   (with LINQ_TEST_BUILD=1 for a test build)
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { createBuilderConfig } from '../electron-builder.config.ts';
import { LINUX_EXECUTABLE, PRODUCT_NAME } from './app-identity.ts';
import { fuseChoices, isTestBuild, type BuildKind, type ElectronPlatform } from './fuses.ts';
import { packagedBinary } from './packaged-binary.ts';

function describe(state: number | undefined): string {
  if (state === FuseState.ENABLE) return 'on';
  if (state === FuseState.DISABLE) return 'off';
  if (state === FuseState.REMOVED) return 'removed';
  return `unknown state ${String(state)}`;
}

function fuseName(index: number): string {
  return (FuseV1Options as unknown as Record<number, string | undefined>)[index] ?? `fuse ${index}`;
}

/** How the binary's fuse wire differs from the choices for its platform; empty when it matches. */
export async function fuseMismatches(
  binary: string,
  platform: ElectronPlatform,
  kind: BuildKind,
): Promise<string[]> {
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<string, number>;
  const expected: Record<number, boolean> = fuseChoices(platform, kind);
  const onWire = Object.keys(wire)
    .filter((key) => /^\d+$/.test(key))
    .map(Number);
  const problems: string[] = [];
  for (const index of onWire) {
    const state = wire[index];
    if (state === FuseState.REMOVED) continue; // Electron retired it: nothing left to set
    const wanted = expected[index];
    if (wanted === undefined) {
      problems.push(`${fuseName(index)}: on this Electron's wire but not chosen in build/fuses.ts`);
    } else if (state !== (wanted ? FuseState.ENABLE : FuseState.DISABLE)) {
      problems.push(`${fuseName(index)}: ${describe(state)}, expected ${wanted ? 'on' : 'off'}`);
    }
  }
  for (const index of Object.keys(expected).map(Number)) {
    if (!onWire.includes(index)) problems.push(`${fuseName(index)}: missing from the fuse wire`);
  }
  return problems;
}

/** electron-builder's output folders: linux-unpacked, win-unpacked, mac, mac-arm64, ... */
export function packagedApps(
  distDir: string,
): Array<{ binary: string; platform: ElectronPlatform }> {
  const names = { productFilename: PRODUCT_NAME, linuxExecutable: LINUX_EXECUTABLE };
  const apps: Array<{ binary: string; platform: ElectronPlatform }> = [];
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const platform: ElectronPlatform | null = /^linux(-\w+)?-unpacked$/.test(entry.name)
      ? 'linux'
      : /^win(-\w+)?-unpacked$/.test(entry.name)
        ? 'win32'
        : /^mac(-\w+)?$/.test(entry.name)
          ? 'darwin'
          : null;
    if (platform) {
      apps.push({ platform, binary: packagedBinary(join(distDir, entry.name), platform, names) });
    }
  }
  return apps;
}

async function main(): Promise<void> {
  const kind = { testBuild: isTestBuild(process.env) };
  const distDir = process.argv[2] ?? createBuilderConfig(kind).directories?.output ?? 'dist';
  const apps = existsSync(distDir) ? packagedApps(distDir) : [];
  if (apps.length === 0) throw new Error(`No packaged app in ${distDir}: run npm run dist:<os>`);
  let failed = false;
  for (const { binary, platform } of apps) {
    const problems = await fuseMismatches(binary, platform, kind);
    failed ||= problems.length > 0;
    console.log(
      `${problems.length ? 'FAIL' : 'ok  '} ${binary} (${kind.testBuild ? 'test' : 'release'} build)`,
    );
    for (const problem of problems) console.log(`     ${problem}`);
  }
  process.exitCode = failed ? 1 : 0;
}

if (import.meta.main) await main();
