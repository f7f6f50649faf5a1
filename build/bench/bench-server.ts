import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { loadEmbeddedPostgres } from '../embedded-postgres'

/** A private PostgreSQL server for `npm run bench -- --db postgres`, kept between runs with its cached practices. */
export interface BenchServer {
  /** postgres://… for the server's own `postgres` database (the bench makes its databases beside it). */
  url: string
  /** How the server runs, for the method printed before the figures. */
  describe: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * Starts (initialising it the first time) a PostgreSQL server from the pinned `embedded-postgres`
 * binaries, its data in `<cacheDir>/postgres`, on loopback. Unlike the tests' servers it keeps
 * PostgreSQL's own durability defaults (fsync, synchronous_commit, full_page_writes on): a commit
 * here waits for the disk as a practice's server would. Memory settings are PostgreSQL's defaults.
 */
export async function startBenchServer(cacheDir: string, log: (line: string) => void): Promise<BenchServer> {
  const home = join(cacheDir, 'postgres')
  const dataDir = join(home, 'data')
  const passwordFile = join(home, 'password')
  mkdirSync(home, { recursive: true })
  // As root the server runs as a `postgres` user the package creates, which must reach its data folder.
  chmodSync(home, 0o777)
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'))
  if (fresh) writeFileSync(passwordFile, randomBytes(12).toString('hex'), { mode: 0o600 })
  const password = readFileSync(passwordFile, 'utf8').trim()
  const port = await freePort()
  const user = 'portico_bench'
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50'],
    onLog: () => {},
    onError: () => {},
  })
  if (fresh) {
    log(`Initialising a PostgreSQL server for the benchmark in ${dataDir}…`)
    await server.initialise()
  }
  await server.start()
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    describe: `private server from embedded-postgres in ${dataDir}, on 127.0.0.1 (PostgreSQL's default settings: fsync and synchronous_commit on, shared_buffers 128 MB)`,
    stop: () => server.stop(),
  }
}
