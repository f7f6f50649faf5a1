import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: a count of the changes that move clients in the list (added, removed, renamed),
 * kept by the server itself (PostgreSQL). Every desk writes to the same database, so a desk that
 * reads it knows whether its cached total and positions still hold.
 *
 * Adding and removing bump it once per statement, not per row: a per-row update of one row in a
 * bulk insert of a million clients would leave a million dead versions of that row to wade
 * through. A rename is rare and one row at a time, and only a changed name counts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_list_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute()
  await db.insertInto('client_list_version').values({ id: 1, version: 0 }).execute()
  await sql`create function client_list_changed() returns trigger language plpgsql as $$
    begin
      update client_list_version set version = version + 1 where id = 1;
      return null;
    end $$`.execute(db)
  await sql`create trigger clients_list_changed after insert or delete or truncate on clients
    for each statement execute function client_list_changed()`.execute(db)
  await sql`create trigger clients_list_rename after update of first_name, last_name on clients
    for each row when (old.first_name is distinct from new.first_name or old.last_name is distinct from new.last_name)
    execute function client_list_changed()`.execute(db)
}
