import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { DatabaseNotWritableError, openDatabase } from '../../db/connection'
import { tempDir } from '../support/temp-db'

/**
 * Issue 12: a practice file in a read-only folder was refused as "not a Portico database" (SQLite
 * could not make its shared-memory file); one in a folder it could use but read-only itself would
 * open and fail at the first Save. Both are said at start, naming the place. Made for real: a
 * read-only bind mount of the folder, and an immutable file (`chattr +i`), which need root.
 */
const root = process.getuid?.() === 0
const run = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe.skipIf(!root)(`a practice that can't be written${root ? '' : ' (skipped: making a folder read-only for root needs a bind mount, which needs root)'}`, () => {
  let dir: ReturnType<typeof tempDir>
  const undo: (() => void)[] = []
  afterEach(() => {
    for (const step of undo.splice(0).reverse()) step()
    dir.cleanup()
  })

  async function practice(): Promise<string> {
    dir = tempDir()
    const path = join(dir.dir, 'portico.sqlite3')
    const opened = await openDatabase(path)
    await opened.db.destroy()
    return path
  }

  test('in a read-only folder: "Portico can’t save to FOLDER", and the file is left as it was', async () => {
    const path = await practice()
    const before = readFileSync(path)
    if (!run('mount', ['--bind', dir.dir, dir.dir])) return expect.fail('could not bind-mount the folder')
    undo.push(() => run('umount', [dir.dir]))
    expect(run('mount', ['-o', 'remount,ro,bind', dir.dir])).toBe(true)
    const refused = await openDatabase(path).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(DatabaseNotWritableError)
    expect((refused as Error).message).toBe(
      `Portico can't save to ${dir.dir}: the folder is read-only, or this computer's user may not change it. Nothing was opened or changed. Ask your IT support to allow changes there, or move the database to a folder you can change.`,
    )
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  test('a read-only (immutable) file in a folder that can be written: said at start, naming the file', async (ctx) => {
    const path = await practice()
    if (!run('chattr', ['+i', path])) ctx.skip(`chattr +i is refused on this file system (${tmpdir()} may be tmpfs or overlayfs); the read-only folder case above covers the message`)
    undo.push(() => run('chattr', ['-i', path]))
    const refused = await openDatabase(path).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(DatabaseNotWritableError)
    expect((refused as Error).message).toMatch(new RegExp(`^Portico can't save to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the file is read-only`))
  })
})
