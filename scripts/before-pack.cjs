// electron-builder's beforePack hook (electron-builder.yml: beforePack, npmRebuild: false).
//
// better-sqlite3-multiple-ciphers is compiled for Node's ABI by `npm install`; Electron has its
// own ABI, so before the app's files are copied into the package we rebuild that one module
// against the Electron version being packaged. electron-builder then copies node_modules from
// the project (unpacking the module from the asar, see asarUnpack).
//
// This needs the Electron headers (downloaded from electronjs.org) and a C++ toolchain, so it
// runs on a packaging machine that has both. It leaves the project's node_modules with the
// Electron build of the module: run `npm rebuild better-sqlite3-multiple-ciphers` before
// running the tests under Node again.
'use strict';

const { Arch } = require('electron-builder');

/** @param {import('app-builder-lib').BeforePackContext} context */
exports.default = async function beforePack(context) {
  const electronVersion = context.packager.info.framework.version || context.packager.config.electronVersion;
  if (!electronVersion) throw new Error('before-pack: electron-builder did not say which Electron version it packages');
  const arch = Arch[context.arch];
  const buildPath = context.packager.projectDir;

  // @electron/rebuild 4 is an ES module; a .cjs hook loads it with import().
  const { rebuild } = await import('@electron/rebuild');
  console.log(`  • rebuilding better-sqlite3-multiple-ciphers for Electron ${electronVersion} (${context.electronPlatformName}-${arch})`);
  await rebuild({
    buildPath,
    electronVersion,
    arch,
    // Native modules cannot be cross-compiled; for another platform only a prebuilt binary can work.
    platform: context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName,
    force: true,
    onlyModules: ['better-sqlite3-multiple-ciphers'],
  });
};
