import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol'

/**
 * Set by electron-vite's `define` from PORTICO_SMOKE_BUILD=1 at build time, and only for the
 * release workflow's smoke-test build (never the installers it keeps). Absent under vitest and tsx.
 */
declare const __PORTICO_ALLOW_DEBUG_SWITCHES__: boolean | undefined

/** Whether this build was made to be driven over a debugging port (the workflow's smoke test). */
export const DEBUG_SWITCHES_ALLOWED: boolean = typeof __PORTICO_ALLOW_DEBUG_SWITCHES__ !== 'undefined' && __PORTICO_ALLOW_DEBUG_SWITCHES__ === true

/** Where the desk may come from: a packaged build ignores the dev server electron-vite names. */
export interface RendererSource {
  packaged: boolean
  env: NodeJS.ProcessEnv
}

/**
 * The renderer's address: the dev server in development, app://portico otherwise. A packaged
 * build never obeys ELECTRON_RENDERER_URL: whoever launched it with one would choose the page
 * that gets the whole `window.api`.
 */
export function rendererUrlFor({ packaged, env }: RendererSource): string {
  return (!packaged && env['ELECTRON_RENDERER_URL']) || APP_INDEX_URL
}

/** The origin allowed to call main: the dev server's in development, app://portico in a packaged build. */
export function rendererOriginFor({ packaged, env }: RendererSource): string {
  const devUrl = packaged ? undefined : env['ELECTRON_RENDERER_URL']
  return devUrl ? new URL(devUrl).origin : APP_ORIGIN
}

/** Chromium and Node switches that let another program drive the desk's window or its main process. */
const DEBUG_SWITCHES = ['--remote-debugging-port', '--remote-debugging-pipe', '--remote-debugging-address', '--inspect', '--inspect-brk', '--inspect-port', '--inspect-publish-uid', '--debug', '--debug-brk']

/** The debugging switches on a command line, by name (`--inspect=0` → `--inspect`). */
export function debugSwitchesIn(argv: readonly string[]): string[] {
  return argv.map((arg) => arg.split('=')[0]!.toLowerCase()).filter((name) => DEBUG_SWITCHES.includes(name))
}

/**
 * Why a packaged desk refuses to start with these arguments, or null when it may. Whoever can
 * attach to a debugging port reads and drives the practice's data as the signed-in staff member,
 * so an installed Portico never opens one; only the workflow's smoke-test build may.
 */
export function launchRefusal(argv: readonly string[], packaged: boolean, allowed = DEBUG_SWITCHES_ALLOWED): string | null {
  if (!packaged || allowed) return null
  const found = debugSwitchesIn(argv)
  if (found.length === 0) return null
  return `Portico will not start with ${[...new Set(found)].join(', ')}: an installed Portico does not allow debugging. Start it from its shortcut, without extra options.`
}
