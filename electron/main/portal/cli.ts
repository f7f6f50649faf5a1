import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { hostAuditStores } from '../../../db/audit/host-audit-stores'
import { openAuditTrail } from '../../../db/audit/open-audit-trail'
import { openDatabase } from '../../../db/connection'
import { startPortalServer } from './server'

/**
 * `npm run portal -- --db PATH [--port N] [--host H] [--key FILE]`: the client portal on its own,
 * against any Portico database file. It listens on 127.0.0.1:5181 unless told otherwise. The
 * practice's audit key is read from `portico.audit-key` beside the database unless `--key` says where.
 */
const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '5181' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string' },
  },
})

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535 (got "${values.port}").`)
if (!values.db) fail('Say which Portico database to serve: npm run portal -- --db /path/to/portico.sqlite3')
const dbPath = resolve(values.db)
if (!existsSync(dbPath)) fail(`There is no database at ${dbPath}. Start the desk (or npm run web) once to create one.`)

async function main() {
  const { db } = await openDatabase(dbPath)
  const stores = hostAuditStores(dbPath, values.key ? { keyPath: resolve(values.key) } : {})
  const trail = await openAuditTrail(db, { dbPath, stores, workstation: hostname() }).catch(async (error: unknown) => {
    await db.destroy()
    throw error
  })
  if (trail.warning) console.error(trail.warning)
  if (trail.writesRefused) {
    await trail.close()
    await db.destroy()
    fail('The portal was not started: clients could not sign in to a database that refuses changes.')
  }
  const portal = await startPortalServer({
    db,
    now: () => new Date(),
    rendererDir: resolve(__dirname, '../../../out/renderer'),
    host: values.host,
    port,
  })
  console.log(`Portico client portal ready at http://${values.host}:${portal.port}/`)
  if (values.host !== '127.0.0.1' && values.host !== 'localhost') {
    console.log(`Listening on ${values.host}: other devices on the network can reach it.`)
  }
  const stop = () =>
    void portal
      .close()
      .then(() => trail.close())
      .then(() => db.destroy())
      .then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
