import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: the filter row's counts, kept by the database itself. Counting them afresh after
 * every change read a million clients and half a million accounts (1.2 s at 1M clients, on main's
 * thread); the triggers below add and subtract each row's part as it changes, so a count is one
 * read of one row. What depends on the clock (a lock still running) is not kept here: the few
 * accounts locked now are counted from the lock index when asked.
 *
 * - active, inactive: clients by status;
 * - accounts_on: accounts with a username and access switched on (locked or not);
 * - invited: accounts with no username yet and an invite;
 * - inactive_on: accounts switched on whose client is inactive (the bulk turn-off's number).
 *
 * A client is never deleted while it has an account (the foreign key restricts it), and an
 * account's client never changes, so these are every way a row's part can change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_counts')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('inactive', 'integer', (c) => c.notNull())
    .addColumn('accounts_on', 'integer', (c) => c.notNull())
    .addColumn('invited', 'integer', (c) => c.notNull())
    .addColumn('inactive_on', 'integer', (c) => c.notNull())
    .execute()
  await sql`insert into client_counts (id, active, inactive, accounts_on, invited, inactive_on) select 1,
      (select count(*) from clients where status = 'active'),
      (select count(*) from clients where status = 'inactive'),
      (select count(*) from portal_accounts where username is not null and access_enabled = 1),
      (select count(*) from portal_accounts where username is null and invited_at is not null),
      (select count(*) from portal_accounts p join clients c on c.id = p.client_id where p.access_enabled = 1 and c.status = 'inactive')`.execute(db)

  // A row's part in each count, as SQL over the row `r` (new or old); sign +1 adds it, -1 takes it away.
  const client = (r: string, sign: string) =>
    `update client_counts set active = active ${sign} (${r}.status = 'active'), inactive = inactive ${sign} (${r}.status = 'inactive') where id = 1;`
  const account = (r: string, sign: string) =>
    `update client_counts set
      accounts_on = accounts_on ${sign} (${r}.username is not null and ${r}.access_enabled = 1),
      invited = invited ${sign} (${r}.username is null and ${r}.invited_at is not null),
      inactive_on = inactive_on ${sign} (${r}.access_enabled = 1 and coalesce((select status from clients where id = ${r}.client_id) = 'inactive', 0))
    where id = 1;`
  await sql.raw(`create trigger clients_counts_insert after insert on clients begin ${client('new', '+')} end`).execute(db)
  await sql.raw(`create trigger clients_counts_delete after delete on clients begin ${client('old', '-')} end`).execute(db)
  await sql
    .raw(`create trigger clients_counts_status after update of status on clients when old.status is not new.status begin
      ${client('old', '-')} ${client('new', '+')}
      update client_counts set inactive_on = inactive_on
        + ((new.status = 'inactive') - (old.status = 'inactive')) * (select count(*) from portal_accounts where client_id = new.id and access_enabled = 1)
      where id = 1;
    end`)
    .execute(db)
  await sql.raw(`create trigger portal_accounts_counts_insert after insert on portal_accounts begin ${account('new', '+')} end`).execute(db)
  await sql.raw(`create trigger portal_accounts_counts_delete after delete on portal_accounts begin ${account('old', '-')} end`).execute(db)
  await sql
    .raw(`create trigger portal_accounts_counts_update after update of username, access_enabled, invited_at on portal_accounts
      when old.username is not new.username or old.access_enabled is not new.access_enabled or old.invited_at is not new.invited_at
      begin ${account('old', '-')} ${account('new', '+')} end`)
    .execute(db)
}
