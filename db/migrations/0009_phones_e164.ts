import { type Kysely, sql } from 'kysely'
import { normalisePhone } from '../../shared/phone'

/** One client's phone as it is, and as it will be stored. */
export interface PhoneChange {
  id: number
  phone: string
  digits: string | null
  tail: string | null
}

/** Writes one batch of changed phones; each engine says how (see `writeSqlite` and postgres/0009). */
export type PhoneWriter = (db: Kysely<any>, changes: PhoneChange[]) => Promise<void>

/** Rows read per batch: memory stays flat at a million clients, and each write is one statement. */
const BATCH = 2_000

/**
 * What a phone becomes: E.164 when it reads as a number for `country`, otherwise exactly as it was.
 * Imported statically: a dynamic import() of a TypeScript file is not transpiled in every place that
 * opens a database (Playwright's test processes load it as plain JavaScript and fail), and the phone
 * rules' metadata costs about 0.1 s to load.
 */
function storedPhone(phone: string, country: string): string {
  const reading = normalisePhone(phone, country)
  return reading.ok && reading.stored.startsWith('+') ? reading.stored : phone
}

/**
 * Every client's phone, in id order one batch at a time: each number that reads as one for the
 * practice's country becomes E.164, with its digits and last seven (phone_digits, phone_tail) made
 * again from it; only rows that change are written.
 */
export async function normalisePhones(db: Kysely<any>, write: PhoneWriter): Promise<void> {
  const setting = await sql<{ value: string }>`select value from settings where key = 'practice.country'`.execute(db)
  const country = setting.rows[0]?.value ?? ''
  let after = 0
  for (;;) {
    const { rows } = await sql<{ id: number; phone: string; phone_digits: string | null; phone_tail: string | null }>`
      select id, phone, phone_digits, phone_tail from clients where id > ${after} and phone is not null order by id limit ${BATCH}`.execute(db)
    const changes: PhoneChange[] = []
    for (const row of rows) {
      const phone = storedPhone(row.phone, country)
      const digits = phone.replace(/\D/g, '') || null
      const tail = digits === null ? null : digits.slice(-7)
      if (phone !== row.phone || digits !== row.phone_digits || tail !== row.phone_tail) changes.push({ id: Number(row.id), phone, digits, tail })
    }
    if (changes.length > 0) await write(db, changes)
    if (rows.length < BATCH) return
    after = Number(rows.at(-1)!.id)
  }
}

/** SQLite: one UPDATE … FROM (VALUES …) per batch, whose columns SQLite names column1, column2, … */
const writeSqlite: PhoneWriter = async (db, changes) => {
  const values = sql.join(changes.map((c) => sql`(${c.id}, ${c.phone}, ${c.digits}, ${c.tail})`))
  await sql`update clients set phone = v.column2, phone_digits = v.column3, phone_tail = v.column4
    from (values ${values}) as v where clients.id = v.column1`.execute(db)
}

/**
 * Phone numbers in one format (issue 13): each stored phone that reads as a number for the
 * practice's country (Settings → Practice; none chosen: only numbers written with +country code)
 * becomes E.164, and one that doesn't stays exactly as it was. Not quite frozen in time: it reads
 * numbers with shared/phone.ts, whose rules are the ones the desk stores new numbers by.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await normalisePhones(db, writeSqlite)
}
