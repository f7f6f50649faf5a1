import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import pg from 'pg'
import type { TestDialect } from './dialects'

const ROOT = resolve(__dirname, '../..')

/** Another program that holds the practice database's write lock until released. */
export interface WriteLockHolder {
  release(): Promise<void>
}

/**
 * On SQLite, a second process with the file open in BEGIN IMMEDIATE (as another program or a
 * second computer on a shared folder would hold it). On PostgreSQL, a second session holding
 * the audit table in EXCLUSIVE mode: reads go on, every append waits for it (until lock_timeout).
 */
export async function holdWriteLock(dialect: TestDialect, target: string): Promise<WriteLockHolder> {
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: target })
    await client.connect()
    await client.query('begin')
    await client.query('lock table audit_events in exclusive mode')
    return {
      release: async () => {
        await client.query('rollback')
        await client.end()
      },
    }
  }
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1])
    db.exec('begin immediate')
    console.log('held')
    process.stdin.on('end', () => { db.exec('rollback'); db.close(); console.log('released') }).resume()`
  const child = spawn(process.execPath, ['-e', script, target], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.value !== 'held') throw new Error('The second process could not take the write lock.')
  return {
    release: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((done) => child.once('exit', done))
      child.stdin.end()
      await exited
    },
  }
}
