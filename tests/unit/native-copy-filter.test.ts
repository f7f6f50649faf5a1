import { posix, win32 } from 'node:path'
import { describe, expect, test } from 'vitest'
import { insideNodeBuild } from '../../build/native-copy-filter.mjs'

/** Issue 15: `npm start`'s copy of better-sqlite3 for Electron left out the Node build only on POSIX paths. */
describe('the copy of better-sqlite3 made for Electron leaves out its Node build', () => {
  test('on Windows paths', () => {
    const dir = 'C:\\Users\\desk\\portico\\node_modules\\better-sqlite3'
    expect(insideNodeBuild(dir, `${dir}\\build`, win32)).toBe(true)
    expect(insideNodeBuild(dir, `${dir}\\build\\Release\\better_sqlite3.node`, win32)).toBe(true)
    expect(insideNodeBuild(dir, `${dir}\\src\\better_sqlite3.cpp`, win32)).toBe(false)
    expect(insideNodeBuild(dir, `${dir}\\deps\\sqlite3\\build.gyp`, win32)).toBe(false)
    expect(insideNodeBuild(dir, `${dir}\\binding.gyp`, win32)).toBe(false)
  })
  test('on macOS and Linux paths', () => {
    const dir = '/home/desk/portico/node_modules/better-sqlite3'
    expect(insideNodeBuild(dir, `${dir}/build/Release/better_sqlite3.node`, posix)).toBe(true)
    expect(insideNodeBuild(dir, `${dir}/lib/index.js`, posix)).toBe(false)
    expect(insideNodeBuild(dir, `${dir}/buildinfo.txt`, posix)).toBe(false)
  })
})
