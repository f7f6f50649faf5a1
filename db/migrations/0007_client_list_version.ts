import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: a count of the changes that move clients in the list (added, removed, renamed),
 * kept by the database itself. Every desk, the portal and imports write through the same file, so
 * a desk that reads it knows whether its cached total and positions still hold.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_list_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await db.insertInto('client_list_version').values({ id: 1, version: 0 }).execute()
  const bump = 'update client_list_version set version = version + 1 where id = 1;'
  await sql.raw(`create trigger clients_list_insert after insert on clients begin ${bump} end`).execute(db)
  await sql.raw(`create trigger clients_list_delete after delete on clients begin ${bump} end`).execute(db)
  // Only a changed name moves a client in the list: a new phone or status leaves it where it was.
  await sql
    .raw(`create trigger clients_list_rename after update of first_name, last_name on clients
    when old.first_name is not new.first_name or old.last_name is not new.last_name
    begin ${bump} end`)
    .execute(db)
}
