import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parseDatabaseTarget } from '../../db/dialect/target'
import { startWebHost } from './server'

/**
 * `npm run web [-- --port N] [--db PATH|postgres://…] [--desk-dir DIR] [--empty] [--allow-real-data] [--portal-host 0.0.0.0]`:
 * the desk in a browser, for development and tests only.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    db: { type: 'string', default: resolve('.cache/web/portico.sqlite3') },
    'desk-dir': { type: 'string' },
    empty: { type: 'boolean', default: false },
    'allow-real-data': { type: 'boolean', default: false },
    // The portal on every interface, as the desk app serves it (Settings → Client portal's address choice and firewall step).
    'portal-host': { type: 'string', default: '127.0.0.1' },
  },
})

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535 (got "${values.port}").`)
  process.exit(2)
}

let target: ReturnType<typeof parseDatabaseTarget>
try {
  target = parseDatabaseTarget(values.db)
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(2)
}
// A server database has no folder here: the desk's own things (certificate, audit key) go in --desk-dir.
const deskDir = resolve(values['desk-dir'] ?? (target.engine === 'sqlite' ? dirname(target.path) : '.cache/web/desk'))
mkdirSync(deskDir, { recursive: true })
if (target.engine === 'sqlite') mkdirSync(dirname(target.path), { recursive: true })

startWebHost({ dbPath: target.engine === 'sqlite' ? target.path : target.url, deskDir, port, empty: values.empty, allowRealData: values['allow-real-data'], portalHost: values['portal-host'] })
  .then(async (host) => {
    const stop = () => void host.close().then(() => process.exit(0))
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    console.log(
      'This is a development and test tool, not a way to run a practice: any program on this computer that opens its address gets full access to the desk. Use it only with demo or test data.',
    )
    const ready = () => console.log(`Portico desk (browser host) ready at ${host.url}`)
    // Waiting for the server (the desk has said so): the page is served now, with its message; the sign-in once it answers.
    if (host.waitingFor) ready()
    const demoSignIn = await host.started
    console.log(
      demoSignIn
        ? `Demo sign-in: username ${demoSignIn.username} password ${demoSignIn.password}`
        : 'No demo sign-in: open the desk to set up the practice.',
    )
    if (demoSignIn?.admin) console.log(`Demo admin sign-in: username ${demoSignIn.admin.username} password ${demoSignIn.admin.password}`)
    if (!host.waitingFor) ready()
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    // What the start-up check found (a damaged file, or one that looks new beside its backups).
    const problems = (error as { problems?: unknown }).problems
    if (Array.isArray(problems)) for (const problem of problems.slice(0, 20)) console.error(`  found: ${String(problem)}`)
    process.exit(1)
  })
