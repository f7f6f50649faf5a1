import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type OpenOptions, openDatabase } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { deskActor } from '../../electron/main/context'
import type { HandlerContext } from '../../electron/main/context'
import { createPortalServerControl } from '../../electron/main/portal/portal-server-control'

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

/** The handlers' context on a test database; its portal server (if turned on) stays on loopback. */
export function testContext(db: HandlerContext['db'], now: () => Date = () => new Date()): HandlerContext {
  const portalServer = createPortalServerControl({ db, now, rendererDir: resolve(__dirname, '../../out/renderer'), host: '127.0.0.1' })
  return { db, actor: deskActor('test-desk'), now, portalServer }
}
