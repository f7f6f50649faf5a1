import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type OpenOptions, openDatabase } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { deskActor } from '../../electron/main/context'
import type { HandlerContext } from '../../electron/main/context'

/** A fresh folder of its own for one test. */
export function tempDir(prefix = 'portico-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A real SQLite file in its own folder, migrated, optionally with the demo practice. */
export async function tempDatabase(options: { demo?: boolean; open?: OpenOptions } = {}) {
  const { dir, cleanup } = tempDir()
  const path = join(dir, 'portico.sqlite3')
  const opened = await openDatabase(path, options.open)
  if (options.demo) await seedDemoPractice(opened.db)
  return {
    ...opened,
    path,
    dir,
    async close() {
      await opened.db.destroy()
      cleanup()
    },
  }
}

export function testContext(db: HandlerContext['db'], now: () => Date = () => new Date()): HandlerContext {
  return { db, actor: deskActor('test-desk'), now }
}
