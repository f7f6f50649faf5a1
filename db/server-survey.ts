import pg from 'pg'
import { MIN_SERVER_VERSION } from './connection-postgres'
import { migrationsFor } from './migrations'

/** The tables a Portico practice keeps its data in (the migration tables hold none of it). */
export const PRACTICE_TABLES = [
  'clients',
  'staff_accounts',
  'portal_accounts',
  'portal_invites',
  'portal_password_resets',
  'portal_sessions',
  'sign_in_throttles',
  'settings',
  'audit_events',
] as const
/**
 * Tables of a Portico database that hold none of the practice's data, so a move leaves them to the
 * server's own migrations: the record of migrations itself, the list's change counters and the
 * filter counts (the server's migrations make their rows and its triggers keep them as rows are copied in). A new table goes either in
 * PRACTICE_TABLES (and the move copies it) or here; a test holds the migrations to that.
 */
export const TABLES_NOT_MOVED: readonly string[] = ['kysely_migration', 'kysely_migration_lock', 'client_list_version', 'client_state_version', 'client_counts']

/** What a server database holds, as seen through one read-only connection. */
export interface ServerSurvey {
  /** e.g. 170004 for 17.4, 90624 for 9.6.24 */
  versionNum: number
  version: string
  /** Tables, views and the like in the schema Portico would use. */
  tables: string[]
  /** Portico's migrations recorded there, in name order. */
  applied: string[]
  /** Whether any practice table holds a row. */
  practiceRows: boolean
  /** Clients there, when it has a clients table. */
  clients: number | null
  /** Whether this user may create tables in that schema (a move creates Portico's). */
  canCreate: boolean
}

/**
 * What the database is, for the purposes of joining or moving a practice there:
 * - `empty`: no tables, or Portico's with no practice in them (a move may have been tried and undone);
 * - `practice`: Portico's tables holding a practice;
 * - `newer-portico`: set up by a newer Portico than this one;
 * - `not-portico`: tables, but no record of Portico's migrations.
 * Once Portico's migrations are recorded, only rows in the practice's tables count: a table a later
 * migration adds is Portico's, not someone else's.
 */
export type SurveyVerdict = 'empty' | 'practice' | 'newer-portico' | 'not-portico'

/** Whether a server of this version (server_version_num) is new enough for Portico. */
export function isSupportedServerVersion(versionNum: number): boolean {
  return Number.isFinite(versionNum) && Math.floor(versionNum / 10000) >= MIN_SERVER_VERSION
}

export function verdictOf(survey: ServerSurvey): SurveyVerdict {
  const known = migrationsFor('postgres')
  if (survey.applied.some((name) => !(name in known))) return 'newer-portico'
  if (survey.applied.length === 0) return survey.tables.some((t) => !TABLES_NOT_MOVED.includes(t)) ? 'not-portico' : 'empty'
  return survey.practiceRows ? 'practice' : 'empty'
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Looks at the database through `client` without changing anything. */
export async function surveyServer(client: pg.ClientBase): Promise<ServerSurvey> {
  const head = await client.query<{ num: string; version: string; create: boolean | null }>(
    `select current_setting('server_version_num') as num, current_setting('server_version') as version,
       has_schema_privilege(current_schema(), 'CREATE') as create`,
  )
  const { num, version, create } = head.rows[0]!
  const tables = (
    await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'f') order by c.relname`,
    )
  ).rows.map((r) => r.name)
  const applied = tables.includes('kysely_migration') ? (await client.query<{ name: string }>('select name from kysely_migration order by name')).rows.map((r) => r.name) : []
  const present = PRACTICE_TABLES.filter((t) => tables.includes(t))
  let practiceRows = false
  let clients: number | null = null
  if (applied.length > 0 && present.length > 0) {
    const any = present.map((t) => `exists (select 1 from ${quoted(t)})`).join(' or ')
    const counted = present.includes('clients') ? '(select count(*) from clients)' : 'null'
    const { rows } = await client.query<{ any: boolean; clients: string | null }>(`select ${any} as any, ${counted} as clients`)
    practiceRows = rows[0]!.any
    clients = rows[0]!.clients === null ? null : Number(rows[0]!.clients)
  }
  return { versionNum: Number(num), version, tables, applied, practiceRows, clients, canCreate: create === true }
}

/** A short-lived read-only connection: every statement read-only and time-limited. */
export function surveyClient(url: string, timeoutMs: number): pg.Client {
  return new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'Portico (connection check)',
    options: `-c default_transaction_read_only=on -c statement_timeout=${Math.max(1000, timeoutMs * 2)}`,
  })
}

/** Connects to `url`, surveys it and disconnects. Connection errors are the driver's (see `explainServerError`). */
export async function surveyServerAt(url: string, timeoutMs = 5000): Promise<ServerSurvey> {
  const client = surveyClient(url, timeoutMs)
  // A dropped connection is reported by the query that meets it; an 'error' event with no listener would end the process.
  client.on('error', () => {})
  await client.connect()
  try {
    return await surveyServer(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}
