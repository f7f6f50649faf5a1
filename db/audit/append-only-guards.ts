import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../dialect/dialect'
import type { Database } from '../schema'

/**
 * The triggers that make the audit table append-only, as Portico's migrations install them
 * (0001, 0003 and 0006), and what each stops. Frozen like the migrations: if a migration ever
 * changes one, this list changes with it.
 *
 * SQLite's form; `POSTGRES_AUDIT_GUARDS` is PostgreSQL's.
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

const APPEND_ONLY = "begin raise exception 'audit events are append-only'; end"
const IN_ORDER = `begin
      if new.id <= (select coalesce(max(id), 0) from audit_events) then
        raise exception 'audit events are append-only';
      end if;
      return new;
    end`

/**
 * The same guards as PostgreSQL's migrations (0001, 0006) install them: each trigger as the server
 * describes it, and the source of the function it runs. Truncation, which skips row triggers, has a
 * guard of its own.
 */
export const POSTGRES_AUDIT_GUARDS: readonly { name: string; stops: string; sql: string; source: string }[] = [
  { name: 'audit_events_no_update', stops: 'stops events being changed', sql: 'CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()', source: APPEND_ONLY },
  { name: 'audit_events_no_delete', stops: 'stops events being deleted', sql: 'CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()', source: APPEND_ONLY },
  { name: 'audit_events_no_truncate', stops: 'stops the whole trail being emptied', sql: 'CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()', source: APPEND_ONLY },
  { name: 'audit_events_no_overwrite', stops: 'stops events being replaced or inserted out of order', sql: 'CREATE TRIGGER audit_events_no_overwrite BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_in_order()', source: IN_ORDER },
]

/** The triggers on the audit table as the engine reports them: name, definition, and (PostgreSQL) the function's source and whether it is on. */
async function installedTriggers(db: Kysely<Database>): Promise<{ name: string; sql: string; source: string | null; enabled: boolean }[]> {
  if (dialectOf(db).engine === 'sqlite') {
    const { rows } = await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'audit_events'`.execute(db)
    return rows.map((r) => ({ name: r.name, sql: r.sql ?? '', source: null, enabled: true }))
  }
  const { rows } = await sql<{ name: string; def: string; src: string; enabled: string }>`select t.tgname as name, pg_get_triggerdef(t.oid) as def, p.prosrc as src, t.tgenabled as enabled
    from pg_trigger t join pg_proc p on p.oid = t.tgfoid
    where t.tgrelid = to_regclass('audit_events') and not t.tgisinternal`.execute(db)
  // The server names the table with its schema when that isn't on the search path.
  return rows.map((r) => ({ name: r.name, sql: r.def.replace(/ ON (?:"?[\w$]+"?\.)?audit_events /, ' ON audit_events '), source: r.src, enabled: r.enabled !== 'D' }))
}

/** SQLite keeps the text as written, except that it may capitalise the leading keywords. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase()

/**
 * What is wrong with the audit table's guards, in plain words naming each trigger: missing,
 * altered, or an extra trigger on the table that Portico did not install (one could silently drop
 * events). Empty when all is as installed.
 */
export async function auditGuardProblems(db: Kysely<Database>): Promise<string[]> {
  const guards: readonly { name: string; stops: string; sql: string; source?: string }[] = dialectOf(db).engine === 'sqlite' ? AUDIT_GUARDS : POSTGRES_AUDIT_GUARDS
  const found = new Map((await installedTriggers(db)).map((t) => [t.name, t]))
  const problems: string[] = []
  for (const guard of guards) {
    const actual = found.get(guard.name)
    if (actual === undefined) problems.push(`the trigger ${guard.name} (it ${guard.stops}) is missing`)
    else if (normalise(actual.sql) !== normalise(guard.sql) || (guard.source !== undefined && normalise(actual.source ?? '') !== normalise(guard.source))) {
      problems.push(`the trigger ${guard.name} (it ${guard.stops}) was altered`)
    } else if (!actual.enabled) problems.push(`the trigger ${guard.name} (it ${guard.stops}) was switched off`)
  }
  for (const name of found.keys()) {
    if (!guards.some((g) => g.name === name)) problems.push(`an unknown trigger ${name} was added to the audit table`)
  }
  return problems
}
