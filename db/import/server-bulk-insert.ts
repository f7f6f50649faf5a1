import { type Kysely, sql } from 'kysely'
import type { Database } from '../schema'

/** A column of a server bulk insert: its name and its PostgreSQL type (the array parameter is cast to it). */
export interface BulkColumn {
  name: string
  type: 'text' | 'integer'
}

/** Rows per statement: the statement's size no longer grows with the rows, so this only bounds one array's size. */
const ROWS_PER_STATEMENT = 5_000

/**
 * Inserts rows into `table` on a PostgreSQL server as `insert … select * from unnest(…)`, one array
 * parameter per column: a multi-row VALUES of 2,000 rows was 26,000 parameters for the server to
 * parse and bind and for Kysely to compile. Gives back the new rows' ids in the order given (the
 * rows are inserted, and returned, in the arrays' order).
 */
export function serverBulkInsert(db: Kysely<Database>, table: keyof Database & string, columns: readonly BulkColumn[]): (rows: readonly unknown[][]) => Promise<number[]> {
  const names = sql.join(columns.map((c) => sql.ref(c.name)))
  return async (rows) => {
    const ids: number[] = []
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT)
      const arrays = columns.map((c, k) => sql`${chunk.map((row) => row[k] ?? null)}::${sql.raw(c.type)}[]`)
      const { rows: returned } = await sql<{ id: number | string }>`insert into ${sql.table(table)} (${names}) select * from unnest(${sql.join(arrays)}) returning id`.execute(db)
      ids.push(...returned.map((r) => Number(r.id)))
    }
    return ids
  }
}
