import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: the audit chain becomes keyed. Each event records which practice key its hash
 * was made with (null for events recorded before), and the table refuses an insert that would
 * replace an event or go before the last one: SQLite's INSERT OR REPLACE deletes the old row
 * without firing delete triggers, and an upsert would update it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('key_id', 'text').execute()
  await sql`create trigger audit_events_no_overwrite before insert on audit_events
    when new.id <= (select coalesce(max(id), 0) from audit_events)
    begin select raise(abort, 'audit events are append-only'); end`.execute(db)
}
