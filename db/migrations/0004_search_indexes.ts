import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: indexes for prefix search and keyset paging at a million clients, and the phone
 * number's digits (whole, and the last seven, for numbers typed without an area code).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('phone_digits', 'text').execute()
  await db.schema.alterTable('clients').addColumn('phone_tail', 'text').execute()
  const digits = sql`replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')`
  await sql`update clients set phone_digits = ${digits} where phone is not null`.execute(db)
  await sql`update clients set phone_tail = substr(phone_digits, -7) where phone_digits is not null`.execute(db)

  await sql`drop index clients_name_idx`.execute(db)
  await sql`create index clients_last_name_idx on clients (last_name collate nocase, first_name collate nocase, id)`.execute(db)
  await sql`create index clients_first_name_idx on clients (first_name collate nocase, last_name collate nocase, id)`.execute(db)
  await sql`create index clients_preferred_name_idx on clients (preferred_name collate nocase)`.execute(db)
  await sql`create index clients_email_idx on clients (email collate nocase)`.execute(db)
  await sql`create index clients_phone_digits_idx on clients (phone_digits)`.execute(db)
  await sql`create index clients_phone_tail_idx on clients (phone_tail)`.execute(db)
}
