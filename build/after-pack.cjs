// electron-builder afterPack hook: burns Portico's Electron fuses into the packaged binary.
// It runs before code signing, so the signature covers the flipped fuses. `npm run dist:check`
// packages with a stub in place of Electron (PORTICO_STUB_ELECTRON=1); a stub has no fuse wire,
// so the hook says so and leaves it alone, and the check asserts FUSES instead.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, as electron-builder loads hooks with require() */
const path = require('node:path')

/**
 * The fuses, by @electron/fuses' FuseV1Options name. Fuses not named keep Electron's default.
 * - RunAsNode, NODE_OPTIONS and --inspect off: the binary can't be used as a plain Node runtime
 *   or debugged into on a practice's desktop.
 * - Load only app.asar, and check it against the hash embedded at packaging time.
 * - Cookies are encrypted at rest with the OS keychain.
 * - file:// gets no extra privileges (the app is served from its own protocol).
 */
const FUSES = Object.freeze({
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  EnableCookieEncryption: true,
  GrantFileProtocolExtraPrivileges: false,
})

/** Written beside the stub binary in stub mode only, for dist:check. */
const AFTER_PACK_RECORD = 'portico-after-pack.json'

/** The file @electron/fuses must patch, per platform. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'MacOS', packager.appInfo.productFilename)
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`)
    case 'linux':
      return path.join(appOutDir, packager.executableName)
    default:
      throw new Error(`after-pack: no Electron binary location known for platform "${electronPlatformName}"`)
  }
}

/** Maps FUSES to the config flipFuses takes; a name @electron/fuses doesn't know is an error. */
function fuseConfig(FuseVersion, FuseV1Options, resetAdHocDarwinSignature) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature }
  for (const [name, enabled] of Object.entries(FUSES)) {
    const index = FuseV1Options[name]
    if (typeof index !== 'number') throw new Error(`after-pack: @electron/fuses has no fuse named ${name}`)
    config[index] = enabled
  }
  return config
}

async function afterPack(context) {
  const binary = electronBinaryPath(context)
  if (process.env.PORTICO_STUB_ELECTRON === '1') {
    // Proof for dist:check that electron-builder really runs this hook, with these fuses.
    require('node:fs').writeFileSync(path.join(context.appOutDir, AFTER_PACK_RECORD), `${JSON.stringify({ fuses: FUSES })}\n`)
    console.log(`  • after-pack: stub Electron (PORTICO_STUB_ELECTRON=1), fuses not flipped in ${path.basename(binary)}; dist:check asserts the fuse configuration instead`)
    return
  }
  // @electron/fuses is ESM-only.
  const { flipFuses, FuseVersion, FuseV1Options } = await import('@electron/fuses')
  const { Arch } = require('electron-builder')
  // Flipping a fuse invalidates an arm64 Mac binary's ad-hoc signature; an unsigned build would
  // not start without a fresh one. Real signing happens after this hook either way.
  const resetAdHoc = context.electronPlatformName === 'darwin' && context.arch === Arch.arm64
  await flipFuses(binary, fuseConfig(FuseVersion, FuseV1Options, resetAdHoc))
  console.log(`  • after-pack: fuses set in ${path.basename(binary)}: ${Object.entries(FUSES).map(([k, v]) => `${k}=${v ? 'on' : 'off'}`).join(', ')}`)
}

module.exports = afterPack
module.exports.default = afterPack
module.exports.FUSES = FUSES
module.exports.AFTER_PACK_RECORD = AFTER_PACK_RECORD
module.exports.electronBinaryPath = electronBinaryPath
module.exports.fuseConfig = fuseConfig
