import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema'

/**
 * The triggers that make the audit table append-only, as Portico's migrations install them
 * (0001, 0003 and 0006), and what each stops. Frozen like the migrations: if a migration ever
 * changes one, this list changes with it.
 *
 * SQLite's form. A PostgreSQL engine will keep its own list of the same guards here.
 */
export const AUDIT_GUARDS: readonly { name: string; stops: string; sql: string }[] = [
  {
    name: 'audit_events_no_update',
    stops: 'stops events being changed',
    sql: `create trigger audit_events_no_update before update on audit_events
    begin select raise(abort, 'audit events are append-only'); end`,
  },
  {
    name: 'audit_events_no_delete',
    stops: 'stops events being deleted',
    sql: `create trigger audit_events_no_delete before delete on audit_events
    begin select raise(abort, 'audit events are append-only'); end`,
  },
  {
    name: 'audit_events_no_overwrite',
    stops: 'stops events being replaced or inserted out of order',
    sql: `create trigger audit_events_no_overwrite before insert on audit_events
    when new.id <= (select coalesce(max(id), 0) from audit_events)
    begin select raise(abort, 'audit events are append-only'); end`,
  },
]

/** SQLite keeps the text as written, except that it may capitalise the leading keywords. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase()

/**
 * What is wrong with the audit table's guards, in plain words naming each trigger: missing,
 * altered, or an extra trigger on the table that Portico did not install (one could silently drop
 * events). Empty when all is as installed.
 */
export async function auditGuardProblems(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_events'`.execute(db)
  const found = new Map(rows.map((r) => [r.name, r.sql ?? '']))
  const problems: string[] = []
  for (const guard of AUDIT_GUARDS) {
    const actual = found.get(guard.name)
    if (actual === undefined) problems.push(`the trigger ${guard.name} (it ${guard.stops}) is missing`)
    else if (normalise(actual) !== normalise(guard.sql)) problems.push(`the trigger ${guard.name} (it ${guard.stops}) was altered`)
  }
  for (const name of found.keys()) {
    if (!AUDIT_GUARDS.some((g) => g.name === name)) problems.push(`an unknown trigger ${name} was added to the audit table`)
  }
  return problems
}
