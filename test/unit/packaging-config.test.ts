// The installer configuration, checked without building anything (the Electron runtime cannot
// be downloaded here; .github/workflows/installers.yml builds the installers on hosted runners):
// electron-builder loads it and its own schema accepts it, the fuses are all chosen and are
// written into a packaged binary, and every icon it names is a real image of the right sizes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { Arch, type Configuration } from 'electron-builder';
import { afterAll, describe, expect, it } from 'vitest';
import releaseConfig, { createBuilderConfig } from '../../electron-builder.config.ts';
import type { FusePackContext } from '../../build/after-pack.ts';
import { fuseChoices, fuseConfig, isTestBuild, type ElectronPlatform } from '../../build/fuses.ts';
import { fuseMismatches, packagedApps } from '../../build/verify-fuses.ts';
import { isTestBuildManifest, launchSettings } from '../../electron/main/launch-policy.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG_FILE = 'electron-builder.config.ts';
const testBuildConfig = createBuilderConfig({ testBuild: true });

// electron-builder's own loader and validator, resolved from electron-builder itself.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { getConfig, validateConfiguration } = builderRequire(
  'app-builder-lib/out/util/config/config.js',
) as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
};
const { DebugLogger } = builderRequire('builder-util') as {
  DebugLogger: new (on: boolean) => unknown;
};
const validate = (config: Configuration) => validateConfiguration(config, new DebugLogger(false));

function targetsOf(target: unknown): string[] {
  const list = Array.isArray(target) ? target : [target];
  return list.map((entry) =>
    typeof entry === 'string' ? entry : (entry as { target: string }).target,
  );
}

describe('the electron-builder configuration', () => {
  it('loads through electron-builder itself and passes its schema, as a release and a test build', async () => {
    const loaded = await getConfig(ROOT, CONFIG_FILE, null);
    expect(loaded.appId).toBe(releaseConfig.appId);
    expect(loaded.directories?.output).toBe('dist');
    await expect(validate(loaded)).resolves.toBeUndefined();
    await expect(validate(testBuildConfig)).resolves.toBeUndefined();
  });

  it('is checked by a validator that refuses what electron-builder would refuse', async () => {
    await expect(validate({ ...releaseConfig, appID: 'x' } as Configuration)).rejects.toThrow(
      /unknown property 'appID'/,
    );
    const misspelt = { ...releaseConfig, nsis: { ...releaseConfig.nsis, perMachinee: false } };
    await expect(validate(misspelt as Configuration)).rejects.toThrow(/configuration\.nsis/);
  });

  it('sets the app id and the product name', () => {
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      productName: string;
    };
    expect(releaseConfig.appId).toBe('com.linqapp.contactcards');
    expect(releaseConfig.productName).toBe('Linq Contact Cards');
    expect(packageJson.productName).toBe(releaseConfig.productName);
  });

  it('builds AppImage and .deb for Linux, NSIS for Windows and a .dmg for macOS', () => {
    expect(targetsOf(releaseConfig.linux?.target).sort()).toEqual(['AppImage', 'deb']);
    expect(targetsOf(releaseConfig.win?.target)).toEqual(['nsis']);
    expect(targetsOf(releaseConfig.mac?.target)).toEqual(['dmg']);
  });

  it('makes the .deb depend on libsecret (for keytar) and files the app under Office', () => {
    expect(releaseConfig.deb?.depends).toContain('libsecret-1-0');
    // Replacing the defaults must not drop Electron's own libraries.
    expect(releaseConfig.deb?.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3']));
    expect(releaseConfig.linux?.category).toBe('Office');
  });

  it('installs per user on Windows, so no administrator is needed', () => {
    expect(releaseConfig.nsis?.perMachine).toBe(false);
    expect(releaseConfig.nsis?.oneClick).toBe(true);
    expect(releaseConfig.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('uses the hardened runtime on macOS with an entitlements file that allows only the JIT', () => {
    expect(releaseConfig.mac?.hardenedRuntime).toBe(true);
    const entitlements = readFileSync(join(ROOT, releaseConfig.mac?.entitlements ?? ''), 'utf8');
    const granted = [...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it("packs out/ into the ASAR and unpacks keytar's native module", () => {
    expect(releaseConfig.asar).toBe(true);
    const files = releaseConfig.files as string[];
    expect(files.some((pattern) => matchesGlob('out/main/index.js', pattern))).toBe(true);
    // The icon Linux sets on the window is read from inside the app.
    expect(files.some((pattern) => matchesGlob('resources/icons/512x512.png', pattern))).toBe(true);
    const keytarDir = dirname(createRequire(import.meta.url).resolve('keytar/package.json'));
    const nativeModule = relative(ROOT, join(keytarDir, 'build', 'Release', 'keytar.node'));
    const unpack = releaseConfig.asarUnpack as string[];
    expect(unpack.some((pattern) => matchesGlob(nativeModule, pattern))).toBe(true);
    expect(unpack.some((pattern) => matchesGlob('out/main/index.js', pattern))).toBe(false);
  });

  it('writes a test build to its own folder and publishes nothing', () => {
    expect(testBuildConfig.directories?.output).not.toBe(releaseConfig.directories?.output);
    expect(releaseConfig.publish).toBeNull();
  });

  it('marks only the test build, in the package.json main reads to decide what it takes from its environment', () => {
    const ownManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as object;
    // What electron-builder writes into the packaged app: package.json with extraMetadata.
    const packaged = (config: Configuration) =>
      JSON.stringify({ ...ownManifest, ...config.extraMetadata });
    expect(isTestBuildManifest(packaged(releaseConfig))).toBe(false);
    expect(isTestBuildManifest(packaged(testBuildConfig))).toBe(true);
    // And so a packaged release ignores LINQ_API_BASE_URL, while the test build, which the
    // Electron end-to-end job drives, still points at the fake Linq API.
    const env = { LINQ_API_BASE_URL: 'http://127.0.0.1:4010' };
    for (const [config, expected] of [
      [releaseConfig, undefined],
      [testBuildConfig, 'http://127.0.0.1:4010'],
    ] as const) {
      const testBuild = isTestBuildManifest(packaged(config));
      expect(launchSettings(env, { isPackaged: true, testBuild }).apiBaseUrl).toBe(expected);
    }
  });

  it('is what the dist scripts build with', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const os of ['linux', 'win', 'mac']) {
      expect(scripts[`dist:${os}`]).toContain(`--config ${CONFIG_FILE}`);
      expect(scripts[`dist:${os}`]).toContain(`--${os}`);
    }
  });
});

const EVERY_FUSE = Object.values(FuseV1Options).filter(
  (value): value is FuseV1Options => typeof value === 'number',
);
const PLATFORMS: ElectronPlatform[] = ['linux', 'win32', 'darwin'];

// Release values, written out by hand from the issue rather than derived from build/fuses.ts.
function releaseFuses(platform: ElectronPlatform): Record<FuseV1Options, boolean> {
  return {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: platform !== 'linux',
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}

describe('the fuses', () => {
  it('sets every fuse of the fuse wire explicitly, and makes the build insist on it', () => {
    expect(EVERY_FUSE.length).toBeGreaterThanOrEqual(9);
    for (const platform of PLATFORMS) {
      for (const testBuild of [false, true]) {
        const config = fuseConfig(platform, { testBuild, armMac: false }) as Record<
          string,
          unknown
        >;
        expect(config.strictlyRequireAllFuses).toBe(true);
        for (const fuse of EVERY_FUSE) {
          expect(typeof config[fuse], FuseV1Options[fuse]).toBe('boolean');
        }
      }
    }
  });

  it('makes release builds as the issue says', () => {
    for (const platform of PLATFORMS) {
      expect(fuseChoices(platform, { testBuild: false })).toEqual(releaseFuses(platform));
    }
  });

  it('turns the inspect arguments on in a test build and changes nothing else', () => {
    for (const platform of PLATFORMS) {
      expect(fuseChoices(platform, { testBuild: true })).toEqual({
        ...releaseFuses(platform),
        [FuseV1Options.EnableNodeCliInspectArguments]: true,
      });
    }
  });

  it('treats LINQ_TEST_BUILD=1, and nothing else, as a test build', () => {
    expect(isTestBuild({ LINQ_TEST_BUILD: '1' })).toBe(true);
    for (const value of [undefined, '', '0', 'true', 'yes']) {
      expect(isTestBuild({ LINQ_TEST_BUILD: value })).toBe(false);
    }
  });

  it('flips them in an afterPack hook, and nowhere else', () => {
    expect(typeof releaseConfig.afterPack).toBe('function');
    expect(releaseConfig.electronFuses ?? null).toBeNull();
  });
});

// A stand-in for a packaged Electron binary: its fuse wire after the sentinel, as Electron
// ships it (Electron's defaults, one character per fuse), inside filler bytes.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULT_WIRE = '101100011';
function fakeBinary(path: string, wire = ELECTRON_DEFAULT_WIRE): void {
  mkdirSync(dirname(path), { recursive: true });
  const header = Buffer.from([1, wire.length]); // fuse wire version 1, then its length
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.alloc(4096, 7),
      Buffer.from(SENTINEL),
      header,
      Buffer.from(wire),
      Buffer.alloc(512, 7),
    ]),
  );
}
function wireOf(path: string): string {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return bytes.subarray(at + 2, at + 2 + (bytes[at + 1] ?? 0)).toString('latin1');
}

const workDir = mkdtempSync(join(tmpdir(), 'linq-packaging-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function packContext(appOutDir: string, platform: ElectronPlatform): FusePackContext {
  return {
    appOutDir,
    electronPlatformName: platform,
    arch: Arch.x64,
    packager: {
      appInfo: { productFilename: 'Linq Contact Cards' },
      ...(platform === 'linux' ? { executableName: 'linq-contact-cards' } : {}),
    },
  };
}
const runHook = (config: Configuration, context: FusePackContext) =>
  (config.afterPack as (context: FusePackContext) => Promise<void>)(context);

describe('the fuse hook on a packaged binary', () => {
  // '0' off, '1' on, in wire order: RunAsNode, cookies, NODE_OPTIONS, inspect, ASAR integrity,
  // ASAR only, V8 snapshot, file:// privileges, WebAssembly trap handlers.
  const cases = [
    { platform: 'linux', config: releaseConfig, file: 'linq-contact-cards', wire: '010001001' },
    { platform: 'win32', config: releaseConfig, file: 'Linq Contact Cards.exe', wire: '010011001' },
    {
      platform: 'darwin',
      config: releaseConfig,
      file: 'Linq Contact Cards.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
      wire: '010011001',
    },
    { platform: 'linux', config: testBuildConfig, file: 'linq-contact-cards', wire: '010101001' },
  ] as const;

  for (const { platform, config, file, wire } of cases) {
    const kind = config === testBuildConfig ? 'test' : 'release';
    it(`writes the ${kind} choices into a ${platform} app`, async () => {
      const appOutDir = join(workDir, `${platform}-${kind}`);
      fakeBinary(join(appOutDir, file));
      await runHook(config, packContext(appOutDir, platform));
      expect(wireOf(join(appOutDir, file))).toBe(wire);
      const binary = join(appOutDir, file.split('/Contents/')[0] ?? file);
      await expect(
        fuseMismatches(binary, platform, { testBuild: kind === 'test' }),
      ).resolves.toEqual([]);
    });
  }

  it('fails the build when Electron has a fuse nobody chose', async () => {
    const appOutDir = join(workDir, 'future-electron');
    fakeBinary(join(appOutDir, 'linq-contact-cards'), `${ELECTRON_DEFAULT_WIRE}1`);
    await expect(runHook(releaseConfig, packContext(appOutDir, 'linux'))).rejects.toThrow(
      /strictlyRequireAllFuses/,
    );
  });

  it("lets build/verify-fuses.ts find every app in electron-builder's output folder", () => {
    const dist = join(workDir, 'dist');
    for (const dir of [
      'linux-unpacked',
      'win-unpacked',
      'mac',
      'mac-arm64',
      'test-build',
      '.icon-set',
    ]) {
      mkdirSync(join(dist, dir), { recursive: true });
    }
    const found = packagedApps(dist).map((app) => [relative(dist, app.binary), app.platform]);
    expect(found.sort()).toEqual([
      ['linux-unpacked/linq-contact-cards', 'linux'],
      ['mac-arm64/Linq Contact Cards.app', 'darwin'],
      ['mac/Linq Contact Cards.app', 'darwin'],
      ['win-unpacked/Linq Contact Cards.exe', 'win32'],
    ]);
  });

  it('lets build/verify-fuses.ts catch a binary whose fuses were never flipped', async () => {
    const binary = join(workDir, 'unflipped', 'linq-contact-cards');
    fakeBinary(binary);
    const problems = await fuseMismatches(binary, 'linux', { testBuild: false });
    expect(problems).toContain('RunAsNode: on, expected off');
    expect(problems).toContain('EnableNodeCliInspectArguments: on, expected off');
  });
});

// Image headers, read here independently of scripts/generate-icons.ts, which wrote them.
function pngSize(bytes: Buffer, what: string): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(0, 8).equals(signature), `${what} is a PNG`).toBe(true);
  expect(bytes.toString('latin1', 12, 16), `${what} starts with IHDR`).toBe('IHDR');
  expect(bytes[25], `${what} has an alpha channel (RGBA)`).toBe(6);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function icoEntries(bytes: Buffer): Array<{ size: number; png: Buffer }> {
  expect([bytes.readUInt16LE(0), bytes.readUInt16LE(2)]).toEqual([0, 1]); // reserved, type icon
  return Array.from({ length: bytes.readUInt16LE(4) }, (_, index) => {
    const entry = 6 + index * 16;
    const width = bytes[entry] || 256;
    expect(bytes[entry + 1] || 256, 'square').toBe(width);
    expect(bytes.readUInt16LE(entry + 6), 'bits per pixel').toBe(32);
    const length = bytes.readUInt32LE(entry + 8);
    const offset = bytes.readUInt32LE(entry + 12);
    expect(offset + length).toBeLessThanOrEqual(bytes.length);
    return { size: width, png: bytes.subarray(offset, offset + length) };
  });
}

function icnsEntries(bytes: Buffer): Map<string, Buffer> {
  expect(bytes.toString('latin1', 0, 4)).toBe('icns');
  expect(bytes.readUInt32BE(4), 'the header gives the file length').toBe(bytes.length);
  const entries = new Map<string, Buffer>();
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    entries.set(bytes.toString('latin1', at, at + 4), bytes.subarray(at + 8, at + length));
    at += length;
  }
  return entries;
}

describe('the icons the configuration names', () => {
  const resource = (path: string | null | undefined) => join(ROOT, path ?? 'missing');

  it('has the Linux icon set in every size, named NxN.png', () => {
    const dir = resource(releaseConfig.linux?.icon);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const png = readFileSync(join(dir, `${size}x${size}.png`));
      expect(pngSize(png, `${size}x${size}.png`)).toEqual({ width: size, height: size });
    }
  });

  it('has a Windows .ico with PNG images from 16 to 256 pixels', () => {
    const entries = icoEntries(readFileSync(resource(releaseConfig.win?.icon)));
    expect(entries.map((entry) => entry.size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, png } of entries) {
      expect(pngSize(png, `the ${size}px entry`)).toEqual({ width: size, height: size });
    }
  });

  it('has a macOS .icns with every size from 16 to 1024 pixels, retina included', () => {
    const entries = icnsEntries(readFileSync(resource(releaseConfig.mac?.icon)));
    const pixels: Record<string, number> = {
      ic04: 16,
      ic05: 32,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    expect([...entries.keys()].sort()).toEqual(Object.keys(pixels).sort());
    for (const [type, png] of entries) {
      const size = pixels[type];
      expect(pngSize(png, type)).toEqual({ width: size, height: size });
    }
  });

  it("is taken as it is by electron-builder's icon resolver, without falling back to Electron's", async () => {
    const { convertIcon } = builderRequire('app-builder-lib/out/util/iconConverter.js') as {
      convertIcon(
        options: object,
      ): Promise<{ isFallback: boolean; icons: Array<{ file: string }> }>;
    };
    const formats = [
      [releaseConfig.linux?.icon, 'set'],
      [releaseConfig.win?.icon, 'ico'],
      [releaseConfig.mac?.icon, 'icns'],
    ] as const;
    for (const [source, format] of formats) {
      const result = await convertIcon({
        sources: [source],
        fallbackSources: [],
        roots: [ROOT],
        format,
        outDir: join(workDir, `icon-${format}`),
      });
      expect(result.isFallback, format).toBe(false);
      for (const icon of result.icons) expect(icon.file.startsWith(resource(source))).toBe(true);
    }
  });

  it('comes from one SVG source', () => {
    const svg = readFileSync(join(ROOT, 'resources', 'icon.svg'), 'utf8');
    expect(svg).toContain('viewBox="0 0 1024 1024"');
  });
});
