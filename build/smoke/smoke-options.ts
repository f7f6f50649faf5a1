import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

/** What one run of the packaged-app smoke test does. */
export interface SmokeOptions {
  /** `packaged`: the unpacked app in `dist`; `web`: the same checks on the browser host in Chromium (proves the checks here). */
  mode: 'packaged' | 'web'
  dist: string
  /** The installers' build: it must refuse the debugging port and exit, with no page to connect to. */
  expectRefusal: boolean
  /** How long the app gets to open its debugging port and its page. */
  timeoutMs: number
}

export const SMOKE_USAGE =
  'Usage: tsx build/smoke/packaged-smoke.ts [--dist DIR] [--web] [--expect-refusal] [--timeout-ms N]\n' +
  '  (default) start the unpacked packaged app in DIR (dist) with a fresh data folder and check it over CDP\n' +
  '  --web              run the same checks against the browser host in Chromium (needs `npm run build`)\n' +
  '  --expect-refusal   the installers\' build: it must refuse --remote-debugging-port and exit'

/** Reads the command line; a usage error is thrown with the usage text. */
export function parseSmokeArgs(argv: string[]): SmokeOptions {
  let values
  try {
    values = parseArgs({
      args: argv,
      options: {
        dist: { type: 'string', default: 'dist' },
        web: { type: 'boolean', default: false },
        'expect-refusal': { type: 'boolean', default: false },
        'timeout-ms': { type: 'string', default: '60000' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${SMOKE_USAGE}`, { cause: error })
  }
  const timeoutMs = Number(values['timeout-ms'])
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000) throw new Error(`--timeout-ms must be a whole number of at least 1000 (got "${values['timeout-ms']}").\n${SMOKE_USAGE}`)
  if (values.web && values['expect-refusal']) throw new Error(`--web and --expect-refusal don't go together: the browser host has no debugging switch to refuse.\n${SMOKE_USAGE}`)
  return { mode: values.web ? 'web' : 'packaged', dist: resolve(values.dist), expectRefusal: values['expect-refusal'], timeoutMs }
}

/**
 * Where electron-builder leaves the unpacked app for this OS and CPU (`--dir` output and the
 * folder every target packs from): win-unpacked/Portico.exe, mac/Portico.app (mac-arm64 on Apple
 * silicon), linux-unpacked/portico (executableName in electron-builder.yml).
 */
export function executableCandidates(dist: string, platform: NodeJS.Platform, arch: string): string[] {
  const suffix = arch === 'x64' ? '' : `-${arch}`
  switch (platform) {
    case 'win32':
      return [join(dist, `win${suffix}-unpacked`, 'Portico.exe')]
    case 'darwin':
      return [join(dist, `mac${suffix}`, 'Portico.app', 'Contents', 'MacOS', 'Portico'), join(dist, 'mac-universal', 'Portico.app', 'Contents', 'MacOS', 'Portico')]
    case 'linux':
      return [join(dist, `linux${suffix}-unpacked`, 'portico')]
    default:
      return []
  }
}

/** The packaged app's executable, or an error naming where it was looked for. */
export function findPackagedExecutable(dist: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const candidates = executableCandidates(dist, platform, arch)
  const found = candidates.find((path) => existsSync(path))
  if (found) return found
  throw new Error(`No packaged Portico for ${platform}/${arch} in ${dist}: looked for ${candidates.join(', ') || 'nothing (unknown platform)'}. Run \`npm run dist\` (or electron-builder --dir) first.`)
}

/**
 * Points every per-user folder of the app at `dir`, so a packaged app (which ignores
 * PORTICO_DATA_DIR) starts on a fresh data folder: Electron's userData comes from APPDATA on
 * Windows, ~/Library/Application Support on macOS and XDG_CONFIG_HOME on Linux; --user-data-dir
 * is given too.
 */
export function freshDataEnv(dir: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, APPDATA: join(dir, 'AppData', 'Roaming'), LOCALAPPDATA: join(dir, 'AppData', 'Local'), XDG_CONFIG_HOME: join(dir, 'config'), HOME: dir }
  delete env['ELECTRON_RENDERER_URL']
  delete env['ELECTRON_RUN_AS_NODE']
  delete env['PORTICO_DATA_DIR']
  return env
}
