import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: what the list's filters need (PostgreSQL). A count of the changes that move a
 * client in or out of a filter (a status, a portal account's username, switch, invite or lock),
 * kept by the server as 0007 keeps the list's. It is bumped once per statement, not per row: a
 * bulk change of ten thousand accounts leaves one new version of the row, not ten thousand. A
 * statement that names those columns but changes none bumps it too; that only costs a recount.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_state_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute()
  await db.insertInto('client_state_version').values({ id: 1, version: 0 }).execute()
  await sql`create function client_state_changed() returns trigger language plpgsql as $$
    begin
      update client_state_version set version = version + 1 where id = 1;
      return null;
    end $$`.execute(db)
  await sql`create trigger clients_state_status after update of status on clients
    for each statement execute function client_state_changed()`.execute(db)
  await sql`create trigger portal_accounts_state_changed
    after insert or delete or truncate or update of username, access_enabled, invited_at, locked_until on portal_accounts
    for each statement execute function client_state_changed()`.execute(db)
  await sql`create index clients_status_name_idx on clients (status, lower(last_name collate "C"), lower(first_name collate "C"), id)`.execute(db)
  await sql`create index portal_accounts_locked_until_idx on portal_accounts (locked_until)`.execute(db)
}
