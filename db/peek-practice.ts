import { sql } from 'kysely'
import { createServerKysely, createServerPool } from './connection-postgres'

/**
 * The practice id a server database records (settings 'practice.id'), read in a read-only
 * transaction without migrating anything: which practice's audit key a desk joining it needs.
 * Null when the database holds no practice yet, or one whose trail was never keyed.
 */
export async function peekServerPracticeId(url: string): Promise<string | null> {
  const db = createServerKysely(createServerPool(url, { max: 1, readOnly: true }))
  try {
    const { rows } = await sql<{ found: string | null }>`select to_regclass('settings')::text as found`.execute(db)
    if (!rows[0]?.found) return null
    const row = await db.selectFrom('settings').select('value').where('key', '=', 'practice.id').executeTakeFirst()
    return row?.value || null
  } finally {
    await db.destroy()
  }
}
