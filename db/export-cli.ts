import { createWriteStream } from 'node:fs'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { once } from 'node:events'
import { parseArgs } from 'node:util'
import { hostAuditStores } from './audit/host-audit-stores'
import { openAuditTrail } from './audit/open-audit-trail'
import { openDatabase } from './connection'
import { describeTarget, isServerUrl, parseDatabaseTarget } from './dialect/target'
import { exportClients } from './export/export-clients'

/**
 * `npm run export -- --db PATH|postgres://… [--key FILE] [--out clients.csv]`: every client as CSV,
 * in the format `npm run import` reads, to a file (or standard output). Works on a practice's
 * file and on its server; records one audit event with the count. Exit code 0 when written, 2
 * when it can't run. The file holds personal data: keep it as safe as the database.
 */
const USAGE = 'Usage: npm run export -- --db /path/to/portico.sqlite3|postgres://USER:PASSWORD@HOST:PORT/DATABASE [--key FILE] [--out clients.csv]'

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: 'string' }, key: { type: 'string' }, out: { type: 'string' } } })
  if (!values.db) fail(USAGE)
  let target: ReturnType<typeof parseDatabaseTarget>
  try {
    target = parseDatabaseTarget(values.db)
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error))
  }
  const dbPath = isServerUrl(values.db) ? values.db : resolve(values.db)
  const opened = await openDatabase(dbPath).catch((error: unknown) => fail(`${describeTarget(target)}: ${error instanceof Error ? error.message : String(error)}`))
  const trail = await openAuditTrail(opened.db, { dbPath, stores: hostAuditStores(dbPath, values.key ? { keyPath: resolve(values.key) } : {}), workstation: hostname() }).catch(async (error: unknown) => {
    await opened.db.destroy()
    return fail(error instanceof Error ? error.message : String(error))
  })
  const out = values.out ? createWriteStream(resolve(values.out), { mode: 0o600 }) : process.stdout
  try {
    const { rows } = await exportClients(opened.db, async (chunk) => {
      if (!out.write(chunk)) await once(out, 'drain')
    }, { actor: { type: 'system', name: 'export', workstation: hostname() } })
    if (values.out) {
      out.end()
      await once(out, 'finish')
      console.error(`Exported ${new Intl.NumberFormat('en-US').format(rows)} clients to ${resolve(values.out)}.`)
    }
  } finally {
    await trail.close()
    await opened.db.destroy()
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)))
