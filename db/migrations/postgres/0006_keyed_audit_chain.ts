import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: the audit chain becomes keyed (PostgreSQL). Each event records which practice
 * key its hash was made with, and the table refuses an insert that would replace an event or go
 * before the last one (an upsert would otherwise update it). A trigger's WHEN can't hold a
 * subquery here, so the check is in the function.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('key_id', 'text').execute()
  await sql`create function audit_events_in_order() returns trigger language plpgsql as $$
    begin
      if new.id <= (select coalesce(max(id), 0) from audit_events) then
        raise exception 'audit events are append-only';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger audit_events_no_overwrite before insert on audit_events
    for each row execute function audit_events_in_order()`.execute(db)
}
