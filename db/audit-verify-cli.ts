import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { verifyDatabaseFile } from './audit/verify-database-file'
import { isServerUrl } from './dialect/target'

/**
 * `npm run audit:verify -- --db PATH|postgres://… [--key FILE] [--anchor FILE|FOLDER]`: checks the audit trail,
 * read-only, against the practice's key and the head recorded outside the database, and says
 * what it found. Exit code 0 when intact, 1 when broken or rewritten, 2 when it can't check.
 */
const { values } = parseArgs({ options: { db: { type: 'string' }, key: { type: 'string' }, anchor: { type: 'string' } } })
if (!values.db) {
  console.error('Say which database to check: npm run audit:verify -- --db /path/to/portico.sqlite3 (or --db postgres://USER:PASSWORD@HOST:PORT/DATABASE)')
  process.exit(2)
}

verifyDatabaseFile({
  dbPath: isServerUrl(values.db) ? values.db : resolve(values.db),
  ...(values.key ? { keyPath: resolve(values.key) } : {}),
  ...(values.anchor ? { anchorPath: resolve(values.anchor) } : {}),
})
  .then(({ exitCode, lines }) => {
    for (const line of lines) (exitCode === 2 ? console.error : console.log)(line)
    process.exitCode = exitCode
  })
  .catch(() => {
    console.error('The audit trail could not be read. Is this a Portico database?')
    process.exitCode = 2
  })
