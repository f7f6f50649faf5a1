import { existsSync } from 'node:fs'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { createServerKysely, createServerPool } from './connection-postgres'
import { isServerUrl } from './dialect/target'
import type { Database } from './schema'

/** A staff account as seen from outside the app, without opening the database for writing. */
export interface PeekedStaff {
  usernameKey: string
  displayName: string
  role: string
}

/**
 * The staff accounts in a database file, read without migrating or writing anything (the file is
 * opened read-only). Empty when there is no file yet or it has no staff table (a new or very old
 * database). Lets a tool decide whether a file holds a real practice before it touches it.
 */
export async function peekStaffAccounts(path: string): Promise<PeekedStaff[]> {
  if (isServerUrl(path)) return peekServerStaff(path)
  if (!existsSync(path)) return []
  const sqlite = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'staff_accounts'").get()
    if (!table) return []
    const rows = await db.selectFrom('staff_accounts').select(['username_key', 'display_name', 'role']).execute()
    return rows.map((r) => ({ usernameKey: r.username_key, displayName: r.display_name, role: r.role }))
  } finally {
    await db.destroy()
  }
}

/** The same, on a server database: read in a read-only transaction; empty for an empty database. */
async function peekServerStaff(url: string): Promise<PeekedStaff[]> {
  const db = createServerKysely(createServerPool(url, { max: 1 }))
  try {
    const { rows } = await sql<{ found: string | null }>`select to_regclass('staff_accounts')::text as found`.execute(db)
    if (!rows[0]?.found) return []
    const staff = await db.selectFrom('staff_accounts').select(['username_key', 'display_name', 'role']).orderBy('id').execute()
    return staff.map((r) => ({ usernameKey: r.username_key, displayName: r.display_name, role: r.role }))
  } finally {
    await db.destroy()
  }
}
