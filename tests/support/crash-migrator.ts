/**
 * Opens a Portico database with one extra, deliberately slow migration (test-only list) and prints
 * `ready` as that migration starts, so the parent can kill the process in the middle of it. The
 * migration rewrites clients and fills a new table with enough rows to spill into the WAL.
 *
 *   node --import tsx tests/support/crash-migrator.ts <database>
 */
import { writeSync } from 'node:fs'
import { type Migration, sql } from 'kysely'
import { openDatabase } from '../../db/connection'
import { migrations } from '../../db/migrations'

const SLOW_MIGRATION = '9999_slow_rebuild_for_crash_test'

const slowRebuild: Migration['up'] = async (db) => {
  writeSync(1, 'ready\n')
  await sql`update clients set first_name = 'REWRITTEN'`.execute(db)
  await db.schema.createTable('slow_copy').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('payload', 'text').execute()
  for (let i = 0; i < 200_000; i++) {
    await db.insertInto('slow_copy').values({ id: i, payload: `${i}`.padEnd(500, '#') }).execute()
  }
}

async function main(path: string): Promise<void> {
  await openDatabase(path, { migrations: { ...migrations, [SLOW_MIGRATION]: { up: slowRebuild } } })
  writeSync(1, 'migrated\n')
  await new Promise(() => undefined)
}

const [path] = process.argv.slice(2)
if (!path) throw new Error('usage: crash-migrator <database>')
main(path).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
