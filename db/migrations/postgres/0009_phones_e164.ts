import { type Kysely, sql } from 'kysely'
import { type PhoneWriter, normalisePhones } from '../0009_phones_e164'

/**
 * PostgreSQL: one UPDATE … FROM (VALUES …) per batch, one round trip for thousands of clients.
 * Parameters inside VALUES arrive as text, so the id is cast to compare with the clients' ids.
 */
const writePostgres: PhoneWriter = async (db, changes) => {
  const values = sql.join(changes.map((c) => sql`(${c.id}::bigint, ${c.phone}::text, ${c.digits}::text, ${c.tail}::text)`))
  await sql`update clients set phone = v.phone, phone_digits = v.digits, phone_tail = v.tail
    from (values ${values}) as v (id, phone, digits, tail) where clients.id = v.id`.execute(db)
}

/** Phone numbers in one format: as db/migrations/0009_phones_e164.ts, written as the server takes it fastest. */
export async function up(db: Kysely<any>): Promise<void> {
  await normalisePhones(db, writePostgres)
}
