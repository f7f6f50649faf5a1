import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: the server tells every listening desk (NOTIFY, sent when the change commits)
 * that staff accounts changed. A desk keeps the caller's account as it read it until told
 * otherwise, instead of asking again before every call.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function staff_accounts_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('portico_staff', '');
      return null;
    end $$`.execute(db)
  await sql`create trigger staff_accounts_changed after insert or update or delete or truncate on staff_accounts
    for each statement execute function staff_accounts_changed()`.execute(db)
}
