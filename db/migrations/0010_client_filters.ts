import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: what the list's filters need. A count of the changes that move a client in or
 * out of a filter (a status, a portal account's username, switch, invite or lock), kept by the
 * database itself as 0007 keeps the list's, so every desk knows when its cached counts and
 * positions for a filter no longer hold. And indexes: the list by status in name order, and the
 * soonest lock to run out (a locked client stops counting as locked when it does).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_state_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute()
  await db.insertInto('client_state_version').values({ id: 1, version: 0 }).execute()
  const bump = 'update client_state_version set version = version + 1 where id = 1;'
  await sql
    .raw(`create trigger clients_state_status after update of status on clients
    when old.status is not new.status begin ${bump} end`)
    .execute(db)
  await sql.raw(`create trigger portal_accounts_state_insert after insert on portal_accounts begin ${bump} end`).execute(db)
  await sql.raw(`create trigger portal_accounts_state_delete after delete on portal_accounts begin ${bump} end`).execute(db)
  await sql
    .raw(`create trigger portal_accounts_state_update after update of username, access_enabled, invited_at, locked_until on portal_accounts
    when old.username is not new.username or old.access_enabled is not new.access_enabled
      or old.invited_at is not new.invited_at or old.locked_until is not new.locked_until
    begin ${bump} end`)
    .execute(db)
  await sql`create index clients_status_name_idx on clients (status, last_name collate nocase, first_name collate nocase, id)`.execute(db)
  await sql`create index portal_accounts_locked_until_idx on portal_accounts (locked_until)`.execute(db)
}
