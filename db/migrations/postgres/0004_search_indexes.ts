import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: indexes for prefix search and keyset paging at a million clients (PostgreSQL).
 * SQLite's `collate nocase` becomes lower() under the "C" collation, which PostgreSQL can use for
 * a prefix LIKE and which sorts as NOCASE does; the phone's digits use "C" for the same reason.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('phone_digits', 'text').execute()
  await db.schema.alterTable('clients').addColumn('phone_tail', 'text').execute()
  const digits = sql`replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')`
  await sql`update clients set phone_digits = ${digits} where phone is not null`.execute(db)
  await sql`update clients set phone_tail = right(phone_digits, 7) where phone_digits is not null`.execute(db)

  const caseless = (column: string) => `lower(${column} collate "C")`
  await sql.raw(`create index clients_last_name_idx on clients (${caseless('last_name')}, ${caseless('first_name')}, id)`).execute(db)
  await sql.raw(`create index clients_first_name_idx on clients (${caseless('first_name')}, ${caseless('last_name')}, id)`).execute(db)
  // SQLite keeps the rowid at the end of every index, so its single-column indexes also hold the
  // (value, id) order a search reads; here the id is named, or clients sharing a value (a thousand
  // called Sam) would all be read and sorted to find the first few.
  await sql.raw(`create index clients_preferred_name_idx on clients (${caseless('preferred_name')}, id)`).execute(db)
  await sql.raw(`create index clients_email_idx on clients (${caseless('email')}, id)`).execute(db)
  await sql`create index clients_phone_digits_idx on clients ((phone_digits collate "C"), id)`.execute(db)
  await sql`create index clients_phone_tail_idx on clients ((phone_tail collate "C"), id)`.execute(db)
  await sql`create index portal_accounts_username_key_c_idx on portal_accounts ((username_key collate "C"))`.execute(db)
}
