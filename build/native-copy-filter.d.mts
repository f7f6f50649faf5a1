import type { posix, win32 } from 'node:path'

/** See native-copy-filter.mjs: whether `src` is inside better-sqlite3's Node build folder. */
export function insideNodeBuild(packageDir: string, src: string, paths?: typeof posix | typeof win32): boolean
