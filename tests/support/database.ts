import { type OpenOptions, openDatabase } from '../../db/connection'
import { sqliteHandle } from '../../db/dialect/store'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'

/** Reads the test's own database file directly, to check what really was saved. */
export function readDatabase<T>(path: string, read: (db: SqliteDatabase.Database) => T): T {
  const db = new SqliteDatabase(path, { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

/** Another desk holding the write lock: every write from the app must wait, then fail. */
export function holdWriteLock(path: string): () => void {
  const db = new SqliteDatabase(path)
  db.prepare('begin immediate').run()
  return () => {
    db.prepare('rollback').run()
    db.close()
  }
}

/** Opens a SQLite file as the app does, with its connection at hand for checks only a file has. */
export async function openSqliteFile(path: string, options?: OpenOptions) {
  const opened = await openDatabase(path, options)
  return { ...opened, sqlite: sqliteHandle(opened.store) }
}

/**
 * Another desk holding the write lock, on either engine: a second connection (as another desk
 * opens it) in an open write transaction until the returned function is called.
 */
export async function anotherDeskWriting(target: string): Promise<() => Promise<void>> {
  const other = await openDatabase(target)
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let begun!: () => void
  const started = new Promise<void>((resolve) => (begun = resolve))
  const done = other.db.transaction().execute(async () => {
    begun()
    await held
  })
  await Promise.race([started, done])
  return async () => {
    release()
    await done
    await other.db.destroy()
  }
}

/**
 * Someone with their own client on the database (the sqlite3 shell on the file, psql as the
 * database's owner) running `statements` outside Portico.
 */
export async function asIntruder(target: string, statements: string[]): Promise<void> {
  if (!/^postgres(ql)?:\/\//i.test(target)) {
    const db = new SqliteDatabase(target)
    try {
      for (const statement of statements) db.exec(statement)
    } finally {
      db.close()
    }
    return
  }
  const client = new pg.Client({ connectionString: target })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}
