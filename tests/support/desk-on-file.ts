import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '../../db/connection'
import { insertStaff } from '../../db/repositories/staff.repository'
import { TEST_ADMIN } from './temp-db'

/**
 * What a desk runtime needs to start on a practice file in `dir`: the file, holding TEST_ADMIN, and
 * a stand-in portal page (these tests are about the desk, not the portal's UI).
 */
export async function practiceFileForDesk(dir: string): Promise<{ path: string; rendererDir: string }> {
  const path = join(dir, 'portico.sqlite3')
  const rendererDir = join(dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  const { db } = await openDatabase(path)
  await insertStaff(db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
  await db.destroy()
  return { path, rendererDir }
}
