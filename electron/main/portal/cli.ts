import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { hostAuditStores } from '../../../db/audit/host-audit-stores'
import { openAuditTrail } from '../../../db/audit/open-audit-trail'
import { openDatabase } from '../../../db/connection'
import { parsePortalCliOptions } from './portal-cli-options'
import { startPortalServer } from './server'

/**
 * `npm run portal -- --db PATH [--port N] [--host H] [--key FILE] [--tls-cert PATH --tls-key PATH]
 * [--trust-proxy ADDRESS] [--public-url URL]`: the client portal on its own, against any Portico
 * database: a file, or a postgres:// URL (on any machine next to the practice's server). It listens on 127.0.0.1:5181 unless told otherwise. The practice's audit key is
 * read from `portico.audit-key` beside a database file (for a server, from the per-user keys folder)
 * unless `--key` says where.
 */
const parsed = parsePortalCliOptions(process.argv.slice(2), new Date())
if (!parsed.ok) {
  console.error(parsed.error)
  process.exit(2)
}
const options = parsed.options

async function main() {
  const { db } = await openDatabase(options.dbPath)
  const stores = hostAuditStores(options.dbPath, options.auditKeyPath ? { keyPath: options.auditKeyPath } : {})
  const trail = await openAuditTrail(db, { dbPath: options.dbPath, stores, workstation: hostname() }).catch(async (error: unknown) => {
    await db.destroy()
    throw error
  })
  if (trail.warning) console.error(trail.warning)
  if (trail.writesRefused) {
    await trail.close()
    await db.destroy()
    console.error('The portal was not started: clients could not sign in to a database that refuses changes.')
    process.exit(2)
  }
  const portal = await startPortalServer({
    db,
    now: () => new Date(),
    rendererDir: resolve(__dirname, '../../../out/renderer'),
    host: options.host,
    port: options.port,
    tls: options.tls,
    trustProxy: options.trustProxy,
    publicUrl: options.publicUrl,
  })
  console.log(`Portico client portal ready at ${portal.url}`)
  if (options.publicUrl) console.log(`Also answering as ${options.publicUrl}/ (--public-url).`)
  if (options.trustProxy) console.log(`Trusting X-Forwarded-For and X-Forwarded-Proto from ${options.trustProxy} only.`)
  if (options.host !== '127.0.0.1' && options.host !== 'localhost') {
    console.log(`Listening on ${options.host}: other devices on the network can reach it.`)
    if (!options.tls && !options.trustProxy) {
      console.log('Traffic is not encrypted: anyone on the network can read it, passwords included. Give --tls-cert and --tls-key to serve HTTPS.')
    }
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
