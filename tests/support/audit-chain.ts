import SqliteDatabase from 'better-sqlite3'
import { FileKeyStore, keyFileBeside } from '../../db/audit/key-store'
import { type ChainReport, verifyAuditChain } from '../../db/audit/verify-chain'
import { createKysely } from '../../db/connection'

/**
 * Checks a database file's audit chain through its own read-only connection, with the practice's
 * key from the key file beside it when there is one (test databases opened without a host are
 * never keyed).
 */
export async function verifyChainAt(path: string): Promise<ChainReport> {
  const key = new FileKeyStore(keyFileBeside(path)).read()
  const db = createKysely(new SqliteDatabase(path, { readonly: true, fileMustExist: true }))
  try {
    return await verifyAuditChain(db, { key })
  } finally {
    await db.destroy()
  }
}
