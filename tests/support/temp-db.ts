import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type OpenOptions, openDatabase } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { insertStaff } from '../../db/repositories/staff.repository'
import { PendingAudits } from '../../electron/main/audit/pending-audits'
import { type HandlerContext, deskActor, newDeskSession } from '../../electron/main/context'
import { DeskConfigStore } from '../../electron/main/desk/desk-config'
import { createPortalServerControl } from '../../electron/main/portal/portal-server-control'
import type { StaffIdentity } from '../../shared/dto'
import type { TestDialect } from './dialects'
import { databasesOn } from './postgres-server'

/** A fresh folder of its own for one test. */
export function tempDir(prefix = 'portico-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The staff member most tests act as: the first account in a test database. */
export const TEST_ADMIN: StaffIdentity = { id: 1, username: 'test.admin', displayName: 'Tess Admin', role: 'admin' }

/**
 * Where a test's database goes: a new SQLite file in `dir`, or a new empty database on the suite's
 * PostgreSQL server (see postgres.global-setup.ts). `drop` removes the server database.
 */
export async function newDatabaseTarget(dialect: TestDialect, dir: string, server: { icuLocale?: string } = {}): Promise<{ target: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') return { target: join(dir, 'portico.sqlite3'), drop: async () => {} }
  const { inject } = await import('vitest')
  const adminUrl = inject('postgresAdminUrl')
  if (!adminUrl) throw new Error('This test run has no PostgreSQL server (PORTICO_TEST_DIALECTS leaves it out).')
  const databases = databasesOn(adminUrl)
  const target = await databases.create(server)
  return { target, drop: () => databases.drop(target) }
}

/**
 * A real database of the test's own, migrated, optionally with the demo practice: a SQLite file in
 * its own folder, or (with `dialect: 'postgres'`) a new database on the suite's PostgreSQL server
 * (with `icuLocale`, one whose default collation is that language's, as on an office server).
 * It has one staff account (TEST_ADMIN, with no usable password) unless `staff: false`. `path` is
 * the file's path or the server database's URL: whatever `--db` would take.
 */
export async function tempDatabase(options: { demo?: boolean; open?: OpenOptions; staff?: boolean; dialect?: TestDialect; icuLocale?: string } = {}) {
  const { dir, cleanup } = tempDir()
  const { target: path, drop } = await newDatabaseTarget(options.dialect ?? 'sqlite', dir, options.icuLocale ? { icuLocale: options.icuLocale } : {})
  const opened = await openDatabase(path, options.open)
  if (options.staff !== false) {
    await insertStaff(opened.db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'not-a-usable-hash', now: new Date().toISOString() })
  }
  if (options.demo) await seedDemoPractice(opened.db)
  return {
    ...opened,
    path,
    dir,
    async close() {
      await opened.db.destroy()
      await drop()
      cleanup()
    },
  }
}

/**
 * The handlers' context on a test database, signed in as TEST_ADMIN unless told otherwise. Its
 * portal server (if turned on) stays on loopback; a certificate would go to a folder of this test
 * process's own (tests of certificates give the control a folder of their own).
 */
export function testContext(db: HandlerContext['db'], now: () => Date = () => new Date(), staff: StaffIdentity | null = TEST_ADMIN): HandlerContext {
  const deskDir = join(tmpdir(), `portico-test-desk-${process.pid}`)
  // A desk config of this context's own (written only if a test changes it), as each desk has.
  const deskConfig = new DeskConfigStore(join(deskDir, `portico-desk-${(contexts += 1)}.json`))
  const portalServer = createPortalServerControl({ db, now, rendererDir: resolve(__dirname, '../../out/renderer'), host: '127.0.0.1', deskDir, deskConfig })
  const session = { ...newDeskSession(), staff }
  const pendingAudits = new PendingAudits({ current: () => ({ db, database: 'test-database' }), log: () => {} })
  return { db, actor: deskActor('test-desk', staff), now, portalServer, session, workstation: 'test-desk', data: null, deskConfig, pendingAudits }
}
let contexts = 0
