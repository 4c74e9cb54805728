// electron-builder's afterPack hook: flips the fuses (build/fuses.ts) in the packaged Electron
// binary. It runs after the app is copied in and before code signing, as it must: a signature
// made before the flip would no longer match.
//
// Why a hook and not electron-builder's own `electronFuses` option: that option (and the
// @electron/fuses 1.8 it uses) knows eight fuses, while Electron's wire has nine since
// WasmTrapHandlers was added. With @electron/fuses 2 every fuse is named, and strictlyRequireAllFuses
// makes a longer wire in a future Electron fail the build rather than keep a default.
import { flipFuses } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { fuseConfig, type BuildKind } from './fuses.ts';
import { asElectronPlatform, packagedBinary } from './packaged-binary.ts';

/** The part of electron-builder's AfterPackContext the hook reads. */
export interface FusePackContext {
  readonly appOutDir: string;
  readonly electronPlatformName: string;
  readonly arch: Arch;
  readonly packager: {
    readonly appInfo: { readonly productFilename: string };
    /** Only Linux's packager has it. */
    readonly executableName?: string;
  };
}

export function createFuseHook(kind: BuildKind): (context: FusePackContext) => Promise<void> {
  return async function flipPackagedFuses(context) {
    const platform = asElectronPlatform(context.electronPlatformName);
    const linuxExecutable = context.packager.executableName;
    if (platform === 'linux' && !linuxExecutable) {
      throw new Error('electron-builder did not say what the Linux executable is called');
    }
    const binary = packagedBinary(context.appOutDir, platform, {
      productFilename: context.packager.appInfo.productFilename,
      linuxExecutable: linuxExecutable ?? '',
    });
    const armMac =
      (platform === 'darwin' || platform === 'mas') &&
      (context.arch === Arch.arm64 || context.arch === Arch.universal);
    await flipFuses(binary, fuseConfig(platform, { testBuild: kind.testBuild, armMac }));
    console.log(`  • fuses set for a ${kind.testBuild ? 'TEST' : 'release'} build in ${binary}`);
  };
}
