// The Electron fuses of every packaged build, each one chosen on purpose. Fuses are bits in the
// Electron binary, flipped at packaging time (before code signing, so the OS then guards them):
// they switch off ways to make the shipped app run code that is not ours.
//
// The map is typed Record<FuseV1Options, boolean>, so a new fuse in @electron/fuses fails the
// typecheck until it is chosen here, and the build sets strictlyRequireAllFuses, so an Electron
// whose fuse wire is longer than this map fails the build instead of shipping a default.
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/** Electron's platform names, as electron-builder passes them to its hooks. */
export type ElectronPlatform = 'darwin' | 'mas' | 'win32' | 'linux';

export interface BuildKind {
  /** A build for the end-to-end tests: the one difference is that --inspect works. */
  testBuild: boolean;
}

/** LINQ_TEST_BUILD=1 marks a test build; anything else is a release build. */
export function isTestBuild(env: Record<string, string | undefined>): boolean {
  return env.LINQ_TEST_BUILD === '1';
}

// Electron validates the ASAR archive against a hash embedded at packaging time only on macOS
// and Windows (electron-builder embeds it there); on Linux the fuse would do nothing, so it is
// off there rather than claiming a protection the platform does not give.
function asarIntegritySupported(platform: ElectronPlatform): boolean {
  return platform === 'darwin' || platform === 'mas' || platform === 'win32';
}

export function fuseChoices(
  platform: ElectronPlatform,
  { testBuild }: BuildKind,
): Record<FuseV1Options, boolean> {
  return {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node.js runtime for anyone.
    // The app never needs it (it forks no Electron child; tests use their own Node).
    [FuseV1Options.RunAsNode]: false,
    // Chromium's cookie store is encrypted with a key from the OS keychain, as Chrome does.
    [FuseV1Options.EnableCookieEncryption]: true,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS could preload code or trust another CA.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect would let anything on the machine drive the main process (and read the API key
    // it holds for a moment). Playwright's Electron launcher needs it, so a test build has it.
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: asarIntegritySupported(platform),
    // Load the app only from the (integrity-checked) app.asar, never from a resources/app folder
    // that someone dropped beside it.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // On, Electron would load a browser-process V8 snapshot, which this package does not ship.
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The renderer is served from app://, so file:// pages need no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Electron's default: V8 traps out-of-bounds WebAssembly memory with signal handlers (the
    // alternative is slower explicit bounds checks and buys no safety).
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}

/** What @electron/fuses' flipFuses takes for one packaged app. */
export function fuseConfig(
  platform: ElectronPlatform,
  options: { testBuild: boolean; armMac: boolean },
): FuseV1Config {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Flipping a fuse breaks the ad-hoc signature an arm64 Mac insists on; re-sign ad hoc so an
    // unsigned build still starts (a real signature, when configured, replaces it afterwards).
    resetAdHocDarwinSignature: options.armMac,
    ...fuseChoices(platform, options),
  };
}
