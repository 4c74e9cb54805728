// How the installers are built: AppImage and .deb for Linux, a per-user NSIS installer for
// Windows, a .dmg per processor for macOS. electron-builder 26 loads this TypeScript file itself
// (npm run dist:linux|win|mac pass it with --config); test/unit/packaging-config.test.ts checks
// it against electron-builder's own schema without building anything.
//
// A test build (LINQ_TEST_BUILD=1) differs from a release in its inspect fuse (see
// build/fuses.ts) and in a mark in its package.json, which lets main take its data folder, API
// address and keychain entry from the environment and accept debugging switches, as Playwright
// needs (electron/main/launch-policy.ts); a release ignores all of that. It is written to its
// own folder, so it cannot be mistaken for a release.
import type { Configuration } from 'electron-builder';
import { createFuseHook } from './build/after-pack.ts';
import { APP_ID, LINUX_EXECUTABLE, PRODUCT_NAME } from './build/app-identity.ts';
import { isTestBuild, type BuildKind } from './build/fuses.ts';
import { TEST_BUILD_FIELD } from './electron/main/launch-policy.ts';

// What electron-builder's .deb depends on by default (Electron's own libraries), plus
// libsecret-1-0, which keytar needs to reach the Secret Service. Listed in full because setting
// `depends` replaces the defaults rather than adding to them.
const DEB_DEPENDS = [
  'libgtk-3-0',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0',
  'libuuid1',
  'libsecret-1-0',
];

export function createBuilderConfig(kind: BuildKind): Configuration {
  return {
    appId: APP_ID,
    productName: PRODUCT_NAME,
    directories: { output: kind.testBuild ? 'dist/test-build' : 'dist', buildResources: 'build' },
    // The app is what electron-vite built into out/, plus the window icon Linux sets on the
    // window (electron/main/window-icon.ts); electron-builder adds the production dependencies
    // (the main process loads keytar, @linqapp/sdk, zod and libphonenumber-js from node_modules).
    files: ['out/**/*', 'package.json', 'resources/icons/512x512.png'],
    asar: true,
    // keytar's native module is loaded with dlopen, which cannot read inside an archive.
    asarUnpack: ['node_modules/keytar/**/*.node'],
    // No auto-update yet: nothing is published and no update feed is baked into the app.
    publish: null,
    afterPack: createFuseHook(kind),
    // The .deb format wants a homepage; until the project has its own page, it is the service
    // this app is for. (package.json has no "homepage" or "author" yet.)
    extraMetadata: {
      homepage: 'https://linqapp.com',
      ...(kind.testBuild ? { [TEST_BUILD_FIELD]: true } : {}),
    },

    linux: {
      target: ['AppImage', 'deb'],
      category: 'Office',
      executableName: LINUX_EXECUTABLE,
      icon: 'resources/icons',
      synopsis: 'Set up the iMessage contact cards of your Linq phone lines',
      maintainer: `${PRODUCT_NAME} maintainers`,
    },
    deb: { depends: DEB_DEPENDS },
    appImage: { artifactName: '${name}-${version}-${arch}.${ext}' },

    win: {
      target: [{ target: 'nsis', arch: ['x64'] }],
      icon: 'resources/icon.ico',
    },
    nsis: {
      // One click, for the current user, into %LOCALAPPDATA%\Programs: staff can install and
      // update it without an administrator, and IT can push it silently with /S.
      oneClick: true,
      perMachine: false,
      shortcutName: PRODUCT_NAME,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      // Uninstalling keeps the data folder: the outbox may still hold cards not yet sent.
      deleteAppDataOnUninstall: false,
      artifactName: '${name}-setup-${version}.${ext}',
    },

    mac: {
      // One disk image per processor (Apple silicon and Intel): keytar's native module is
      // built for one architecture.
      target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
      icon: 'resources/icon.icns',
      category: 'public.app-category.business',
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    },
    dmg: { artifactName: '${name}-${version}-${arch}.${ext}' },
  };
}

export default createBuilderConfig({ testBuild: isTestBuild(process.env) });
