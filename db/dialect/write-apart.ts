import SqliteDatabase from 'better-sqlite3'
import type { Kysely } from 'kysely'
import { chainSealOf } from '../audit/chain-seal'
import { createKysely } from '../connection'
import type { Database } from '../schema'
import { BUSY_SLICE_MS } from './sqlite'
import { type DatabaseStore, SqliteFileStore } from './store'
import { writeTurnsOf } from './write-turns'

/** Runs a long write given the database to write with and its store (for what only a file can do). */
export type WriteApartWork<T> = (db: Kysely<Database>, store: DatabaseStore) => Promise<T>

/**
 * Runs one long write (an import of many clients) so that the desk's reads go on meanwhile.
 *
 * On a SQLite file the desk has one connection, and a transaction holds it until it commits: every
 * search would wait. So the write goes on a connection of its own, opened for it and closed after.
 * The file is in WAL mode, so the desk's connection still reads what is committed (never the
 * write's uncommitted rows), and its own writes wait for their turn (see `WriteTurns`) without
 * blocking the thread, then go in after. The audit chain is sealed exactly as on the desk's
 * connection (same key, same refusal), and once the write commits the desk's seal learns the new
 * head and tells its listeners (the head recorder).
 *
 * On a server the pool already reads on other connections: `work` runs on `db` itself, holding
 * the turn so that this desk's writes kept past the busy timeout by it wait instead of failing.
 */
export async function writeApart<T>(store: DatabaseStore, db: Kysely<Database>, work: WriteApartWork<T>): Promise<T> {
  const turns = writeTurnsOf(db)
  if (!turns) return work(db, store)
  const giveBack = await turns.take()
  // A server: the desk's other writes that time out on the lock wait for the turn instead (see the driver).
  if (!(store instanceof SqliteFileStore)) return work(db, store).finally(giveBack)
  try {
    // A write already under way on the desk's connection ends first; new ones now wait their turn.
    await db.connection().execute(async () => {})
    const sqlite = new SqliteDatabase(store.location, { fileMustExist: true, ...(store.nativeBinding ? { nativeBinding: store.nativeBinding } : {}) })
    const apart = createKysely(sqlite)
    try {
      sqlite.pragma(`busy_timeout = ${BUSY_SLICE_MS}`)
      sqlite.pragma('synchronous = FULL')
      sqlite.pragma('foreign_keys = ON')
      const seal = chainSealOf(db)
      const apartSeal = chainSealOf(apart)!
      if (seal) {
        Object.assign(apartSeal, { key: seal.key, head: seal.head })
        // Asked of the desk's seal at each statement: a hold begun meanwhile (the practice being
        // copied to a server) refuses the write's last event, and so rolls the whole write back.
        Object.defineProperties(apartSeal, { held: { get: () => seal.held }, refusal: { get: () => seal.refusal } })
      }
      const result = await work(apart, new SqliteFileStore(sqlite, store.location, store.nativeBinding))
      // Committed: the desk's connection chains its next event after the last one written apart.
      if (seal && apartSeal.head && apartSeal.head !== seal.head) {
        seal.head = apartSeal.head
        seal.appended()
      }
      return result
    } finally {
      await apart.destroy()
      if (sqlite.open) sqlite.close()
    }
  } finally {
    giveBack()
  }
}
