import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { verifyAuditChain } from './audit-chain'

/**
 * `npm run audit:verify -- --db PATH`: checks the audit trail's hash chain, read-only, and names
 * the first event that is broken. Exit code 0 when intact, 1 when broken, 2 when it can't check.
 */
const { values } = parseArgs({ options: { db: { type: 'string' } } })
if (!values.db) {
  console.error('Say which database to check: npm run audit:verify -- --db /path/to/portico.sqlite3')
  process.exit(2)
}
const path = resolve(values.db)
if (!existsSync(path)) {
  console.error(`There is no database at ${path}.`)
  process.exit(2)
}
const sqlite = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
try {
  const report = verifyAuditChain(sqlite)
  if (report.ok) {
    console.log(`Audit trail intact: ${report.rows} events, every link checked.`)
  } else {
    console.log(`Audit trail BROKEN at event #${report.firstBroken!.id}: ${report.firstBroken!.reason}.`)
    process.exitCode = 1
  }
} catch {
  console.error('The audit trail could not be read. Is this a Portico database?')
  process.exitCode = 2
} finally {
  sqlite.close()
}
