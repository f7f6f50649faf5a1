import { createHash } from 'node:crypto'
import SqliteDatabase from 'better-sqlite3'

/**
 * What someone holding the database file can do to its audit trail, with their own SQLite
 * connection and what Portico's source makes public: the table's SQL and the public chain formula.
 * Written independently of Portico's code, as an attacker would copy it.
 */
export interface EventRow {
  id: number
  occurred_at: string
  actor_type: string
  actor_name: string
  actor_staff_id: number | null
  workstation: string | null
  action: string
  client_id: number | null
  outcome: string
  detail: string | null
  prev_hash: string | null
  hash: string | null
  key_id?: string | null
}

/** sha-256 over the previous hash and the fields: the formula in Portico's source since 0003. */
export function publicHash(prev: string, row: EventRow): string {
  const fields = [prev, row.occurred_at, row.actor_type, row.actor_name, row.actor_staff_id ?? null, row.workstation, row.action, row.client_id, row.outcome, row.detail]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

/** Opens the file as any SQLite client would, runs `attack`, and closes it. */
export function withFile<T>(path: string, attack: (sqlite: SqliteDatabase.Database) => T): T {
  const sqlite = new SqliteDatabase(path)
  try {
    return attack(sqlite)
  } finally {
    sqlite.close()
  }
}

export const events = (sqlite: SqliteDatabase.Database) => sqlite.prepare('select * from audit_events order by id').all() as EventRow[]

/** The audit table's triggers as the file holds them, to put back exactly afterwards. */
const triggersOf = (sqlite: SqliteDatabase.Database) =>
  sqlite.prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_events'`).all() as { name: string; sql: string }[]

/**
 * Runs `change` with the audit table's triggers dropped, then puts every trigger back exactly as it
 * was, so the file looks untouched to anyone who only checks that the triggers are there.
 */
export function withoutTriggers(sqlite: SqliteDatabase.Database, change: () => void): void {
  const triggers = triggersOf(sqlite)
  sqlite.transaction(() => {
    for (const t of triggers) sqlite.exec(`drop trigger ${t.name}`)
    change()
    for (const t of triggers) sqlite.exec(t.sql)
  })()
}

/**
 * Recomputes every link and hash from the event with id `fromId` on with the public formula, so
 * each event again carries its predecessor's hash. `unkey`: also clears the key id Portico marks
 * keyed events with, so a verifier would check them with the public formula.
 */
export function rechain(sqlite: SqliteDatabase.Database, fromId: number, options: { unkey: boolean }): void {
  const unkey = options.unkey && hasKeyColumn(sqlite)
  const update = sqlite.prepare(`update audit_events set prev_hash = ?, hash = ?${unkey ? ', key_id = null' : ''} where id = ?`)
  let prev = ''
  for (const row of events(sqlite)) {
    if (row.id >= fromId) {
      const hash = publicHash(prev, row)
      update.run(prev, hash, row.id)
      prev = hash
    } else {
      prev = row.hash ?? ''
    }
  }
}

/** Whether the file's audit table has a key_id column (a keyed Portico's) */
export const hasKeyColumn = (sqlite: SqliteDatabase.Database) => (sqlite.pragma('table_info(audit_events)') as { name: string }[]).some((c) => c.name === 'key_id')
