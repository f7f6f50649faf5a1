import { posix, win32 } from 'node:path'

/**
 * Whether `src`, a path inside better-sqlite3's folder `packageDir`, is part of its Node build
 * (`build/`), which the copy made for Electron must leave out. Paths are compared relative to the
 * package, with the platform's own separator, so Windows' back slashes match too.
 * @param {string} packageDir
 * @param {string} src
 * @param {typeof posix | typeof win32} [paths] the platform's path functions (a test passes win32)
 */
export function insideNodeBuild(packageDir, src, paths = process.platform === 'win32' ? win32 : posix) {
  const path = paths.relative(packageDir, src)
  return path === 'build' || path.startsWith(`build${paths.sep}`)
}
