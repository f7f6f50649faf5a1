import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: the filter row's counts, kept by the server itself (PostgreSQL); see the SQLite
 * step of the same name for what each count holds. The triggers run once per statement over its
 * transition tables, not once per row: an import of 2,000 clients in one insert changes the count
 * row once, and a statement that changes no count (a sign-in's bookkeeping) leaves it alone.
 * PostgreSQL takes transition tables only on a trigger for one event, so each event has its own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_counts')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('active', 'bigint', (c) => c.notNull())
    .addColumn('inactive', 'bigint', (c) => c.notNull())
    .addColumn('accounts_on', 'bigint', (c) => c.notNull())
    .addColumn('invited', 'bigint', (c) => c.notNull())
    .addColumn('inactive_on', 'bigint', (c) => c.notNull())
    .execute()
  await sql`insert into client_counts (id, active, inactive, accounts_on, invited, inactive_on) select 1,
      (select count(*) from clients where status = 'active'),
      (select count(*) from clients where status = 'inactive'),
      (select count(*) from portal_accounts where username is not null and access_enabled = 1),
      (select count(*) from portal_accounts where username is null and invited_at is not null),
      (select count(*) from portal_accounts p join clients c on c.id = p.client_id where p.access_enabled = 1 and c.status = 'inactive')`.execute(db)

  await sql`create function client_counts_clients() returns trigger language plpgsql as $$
    declare
      d_active bigint := 0;
      d_inactive bigint := 0;
      d_inactive_on bigint := 0;
    begin
      if TG_OP in ('INSERT', 'UPDATE') then
        select count(*) filter (where status = 'active'), count(*) filter (where status = 'inactive')
          into d_active, d_inactive from new_rows;
      end if;
      if TG_OP in ('DELETE', 'UPDATE') then
        select d_active - count(*) filter (where status = 'active'), d_inactive - count(*) filter (where status = 'inactive')
          into d_active, d_inactive from old_rows;
      end if;
      if TG_OP = 'UPDATE' then
        select coalesce(sum((n.status = 'inactive')::int - (o.status = 'inactive')::int), 0) into d_inactive_on
          from new_rows n join old_rows o on o.id = n.id
          join portal_accounts p on p.client_id = n.id and p.access_enabled = 1
          where n.status is distinct from o.status;
      end if;
      if d_active <> 0 or d_inactive <> 0 or d_inactive_on <> 0 then
        update client_counts set active = active + d_active, inactive = inactive + d_inactive, inactive_on = inactive_on + d_inactive_on where id = 1;
      end if;
      return null;
    end $$`.execute(db)
  await sql`create function client_counts_accounts() returns trigger language plpgsql as $$
    declare
      d_on bigint := 0;
      d_invited bigint := 0;
      d_inactive_on bigint := 0;
    begin
      if TG_OP in ('INSERT', 'UPDATE') then
        select count(*) filter (where n.username is not null and n.access_enabled = 1),
            count(*) filter (where n.username is null and n.invited_at is not null),
            count(*) filter (where n.access_enabled = 1 and c.status = 'inactive')
          into d_on, d_invited, d_inactive_on
          from new_rows n left join clients c on c.id = n.client_id;
      end if;
      if TG_OP in ('DELETE', 'UPDATE') then
        select d_on - count(*) filter (where o.username is not null and o.access_enabled = 1),
            d_invited - count(*) filter (where o.username is null and o.invited_at is not null),
            d_inactive_on - count(*) filter (where o.access_enabled = 1 and c.status = 'inactive')
          into d_on, d_invited, d_inactive_on
          from old_rows o left join clients c on c.id = o.client_id;
      end if;
      if d_on <> 0 or d_invited <> 0 or d_inactive_on <> 0 then
        update client_counts set accounts_on = accounts_on + d_on, invited = invited + d_invited, inactive_on = inactive_on + d_inactive_on where id = 1;
      end if;
      return null;
    end $$`.execute(db)
  await sql`create function client_counts_emptied() returns trigger language plpgsql as $$
    begin
      if TG_TABLE_NAME = 'clients' then
        update client_counts set active = 0, inactive = 0, inactive_on = 0 where id = 1;
      else
        update client_counts set accounts_on = 0, invited = 0, inactive_on = 0 where id = 1;
      end if;
      return null;
    end $$`.execute(db)
  for (const [table, fn] of [
    ['clients', 'client_counts_clients'],
    ['portal_accounts', 'client_counts_accounts'],
  ] as const) {
    await sql.raw(`create trigger ${table}_counts_insert after insert on ${table} referencing new table as new_rows for each statement execute function ${fn}()`).execute(db)
    await sql.raw(`create trigger ${table}_counts_delete after delete on ${table} referencing old table as old_rows for each statement execute function ${fn}()`).execute(db)
    await sql
      .raw(`create trigger ${table}_counts_update after update on ${table} referencing old table as old_rows new table as new_rows for each statement execute function ${fn}()`)
      .execute(db)
    await sql.raw(`create trigger ${table}_counts_truncate after truncate on ${table} for each statement execute function client_counts_emptied()`).execute(db)
  }
}
