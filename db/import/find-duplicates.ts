import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import type { ClientImportRow } from './check-client-row'

/** A row that is likely a client already here, or a row earlier in the same file. */
export interface LikelyDuplicate {
  /** Its position in the checked rows. */
  row: number
  /** The client already in the database with the same name and date of birth, if any. */
  existingClientId: number | null
  /** The earlier row of the file with the same name and date of birth, if any. */
  sameAsRow: number | null
}

/** Same name and date of birth, whatever the case or the way an accent was typed. */
const keyOf = (first: string, last: string, dateOfBirth: string) =>
  `${first.normalize('NFC').toLocaleLowerCase()}\u0000${last.normalize('NFC').toLocaleLowerCase()}\u0000${dateOfBirth}`

/**
 * The rows of `rows` that are likely duplicates: the same first name, last name and date of birth as a
 * client already in the database, or as an earlier row of the file. Staff then skip them or import them.
 */
export async function findLikelyDuplicates(db: Kysely<Database>, rows: readonly ClientImportRow[]): Promise<LikelyDuplicate[]> {
  const existing = new Map<string, number>()
  const clients = await db.selectFrom('clients').select(['id', 'first_name', 'last_name', 'date_of_birth']).execute()
  for (const c of clients) existing.set(keyOf(c.first_name, c.last_name, c.date_of_birth), Number(c.id))
  const seen = new Map<string, number>()
  const duplicates: LikelyDuplicate[] = []
  rows.forEach((r, row) => {
    const key = keyOf(r.firstName, r.lastName, r.dateOfBirth)
    const existingClientId = existing.get(key) ?? null
    const sameAsRow = seen.get(key) ?? null
    if (existingClientId !== null || sameAsRow !== null) duplicates.push({ row, existingClientId, sameAsRow })
    if (sameAsRow === null) seen.set(key, row)
  })
  return duplicates
}

/** `rows` without the likely duplicates, for an admin who chose to skip them. */
export function withoutDuplicates<T>(rows: readonly T[], duplicates: readonly LikelyDuplicate[]): T[] {
  const skip = new Set(duplicates.map((d) => d.row))
  return rows.filter((_, i) => !skip.has(i))
}
