import pg from 'pg'
import { migrateTo, openDatabase } from '../../db/connection'
import { createServerKysely, createServerPool } from '../../db/connection-postgres'
import { postgresMigrations } from '../../db/migrations'
import { type BuildPhases, GENERATOR_SCHEMA, migrationsFingerprint } from './practice-cache'
import { GENERATOR_VERSION, PRACTICE_COLUMNS, type PracticeCounts, type PracticeRow, type PracticeTable, practiceRows } from './practice-generator'

/** The practice of one size on a PostgreSQL server: a database the runs copy, never change. */
export interface ServerPractice {
  size: number
  /** The cached database's name on the server. */
  database: string
  cached: boolean
  buildMs: number | null
  buildPhases: BuildPhases | null
  bytes: number
  counts: PracticeCounts
}

interface CacheMeta {
  key: string
  counts: PracticeCounts
  buildMs: number
  buildPhases: BuildPhases
}

/** The server's URL with another database in it. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`
/** Rows per multi-row insert: one statement of a few column arrays each, unnested by the server. */
const BATCH = 5000
const pgType = (column: string) => (column === 'id' || column === 'client_id' || column === 'access_enabled' ? 'int' : 'text')

/**
 * Writes the generated rows in batches of multi-row inserts (one array per column, unnested by the
 * server), in one transaction. Tables are flushed in their declared order, so every account's
 * client is in before it.
 */
async function insertRows(client: pg.Client, rows: Generator<[PracticeTable, PracticeRow], PracticeCounts>): Promise<PracticeCounts> {
  const tables = Object.keys(PRACTICE_COLUMNS) as PracticeTable[]
  const buffers = Object.fromEntries(tables.map((t) => [t, [] as PracticeRow[]])) as Record<PracticeTable, PracticeRow[]>
  const flush = async () => {
    for (const table of tables) {
      const batch = buffers[table]
      if (batch.length === 0) continue
      const columns = PRACTICE_COLUMNS[table]
      const arrays = columns.map((column, i) => `$${i + 1}::${pgType(column)}[]`)
      await client.query(`insert into ${table} (${columns.join(', ')}) select * from unnest(${arrays.join(', ')})`, columns.map((_, i) => batch.map((row) => row[i])))
      buffers[table] = []
    }
  }
  for (let next = rows.next(); ; next = rows.next()) {
    if (next.done) {
      await flush()
      return next.value
    }
    buffers[next.value[0]].push(next.value[1])
    if (buffers.clients.length >= BATCH) await flush()
  }
}

async function build(serverUrl: string, database: string, size: number, seed: number): Promise<Omit<CacheMeta, 'key'>> {
  const started = performance.now()
  await withClient(serverUrl, async (c) => {
    await c.query(`drop database if exists ${quoted(database)} with (force)`)
    await c.query(`create database ${quoted(database)}`)
  })
  const url = databaseUrl(serverUrl, database)
  const schema = createServerKysely(createServerPool(url, { max: 1 }))
  try {
    await migrateTo(schema, GENERATOR_SCHEMA, postgresMigrations)
  } finally {
    await schema.destroy()
  }
  const counts = await withClient(url, async (c) => {
    await c.query('begin')
    const written = await insertRows(c, practiceRows(size, seed))
    // Ids were given, so the identity columns start after them, as they would after real inserts.
    for (const table of ['staff_accounts', 'clients', 'portal_invites']) {
      await c.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 1) from ${table}))`)
    }
    await c.query('commit')
    return written
  })
  const inserted = performance.now()
  // The later migrations run over the filled database through openDatabase, as over a real practice.
  const opened = await openDatabase(url)
  await opened.db.destroy()
  const migrated = performance.now()
  // A migration's backfill leaves a dead copy of every row it updated: compact, as a settled server's would be.
  await withClient(url, (c) => c.query('vacuum (full, analyze)'))
  const done = performance.now()
  return { counts, buildMs: done - started, buildPhases: { insertMs: inserted - started, migrateMs: migrated - inserted, analyzeMs: done - migrated } }
}

/**
 * The practice of `size` clients on the server at `serverUrl`, from its cached database
 * `portico_bench_<size>` when that was built by this generator, seed and migration list (recorded
 * in the database's comment), else built afresh under another name first. The role needs CREATEDB.
 */
export async function cachedServerPractice(options: { serverUrl: string; size: number; seed: number; rebuild?: boolean }): Promise<ServerPractice> {
  const { serverUrl, size, seed } = options
  const database = `portico_bench_${size}`
  const key = JSON.stringify({ generator: GENERATOR_VERSION, seed, size, migrations: migrationsFingerprint(postgresMigrations) })
  const describe = async (c: pg.Client) =>
    (await c.query<{ comment: string | null; bytes: string }>(`select shobj_description(oid, 'pg_database') as comment, pg_database_size(oid) as bytes from pg_database where datname = $1`, [database])).rows[0]
  const found = await withClient(serverUrl, describe)
  const meta = found?.comment && !options.rebuild ? (JSON.parse(found.comment) as CacheMeta) : null
  if (found && meta?.key === key) return { size, database, cached: true, buildMs: null, buildPhases: null, bytes: Number(found.bytes), counts: meta.counts }

  const building = `${database}_building`
  const built = await build(serverUrl, building, size, seed)
  const bytes = await withClient(serverUrl, async (c) => {
    await c.query(`drop database if exists ${quoted(database)} with (force)`)
    await c.query(`alter database ${quoted(building)} rename to ${quoted(database)}`)
    await c.query(`comment on database ${quoted(database)} is ${pg.escapeLiteral(JSON.stringify({ key, ...built } satisfies CacheMeta))}`)
    return Number((await describe(c))!.bytes)
  })
  return { size, database, cached: false, buildMs: built.buildMs, buildPhases: built.buildPhases, bytes, counts: built.counts }
}

/**
 * A working copy of the cached practice (the benchmark writes: audit events, portal toggles), made
 * by the server as a copy of the cached database's files. Returns its URL and how to drop it.
 */
export async function serverWorkingCopy(serverUrl: string, practice: ServerPractice): Promise<{ url: string; remove: () => Promise<void> }> {
  const copy = `portico_bench_run_${practice.size}`
  await withClient(serverUrl, async (c) => {
    const { rows } = await c.query<{ num: string }>(`select current_setting('server_version_num') as num`)
    // PostgreSQL 15 and later copy through the WAL by default; copying the files is much faster for a big database.
    const strategy = Number(rows[0]!.num) >= 150000 ? ' strategy file_copy' : ''
    await c.query(`drop database if exists ${quoted(copy)} with (force)`)
    await c.query(`create database ${quoted(copy)} template ${quoted(practice.database)}${strategy}`)
  })
  return { url: databaseUrl(serverUrl, copy), remove: () => withClient(serverUrl, async (c) => void (await c.query(`drop database if exists ${quoted(copy)} with (force)`))) }
}

/** The server's version and the settings that shape the figures, for the method. */
export async function describeServer(serverUrl: string): Promise<string> {
  return withClient(serverUrl, async (c) => {
    const { rows } = await c.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings where name in ('server_version', 'shared_buffers', 'fsync', 'synchronous_commit', 'effective_cache_size', 'work_mem') order by name`,
    )
    const value = (r: { setting: string; unit: string | null }) => (r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024} MB` : r.unit === 'kB' ? `${Number(r.setting) / 1024} MB` : r.setting)
    return rows.map((r) => `${r.name} ${value(r)}`).join(', ')
  })
}
