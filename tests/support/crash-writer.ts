/**
 * Writes to a Portico database through the real repositories until it is killed. Each loop is one
 * transaction that touches four tables; its rows all carry one marker, printed after the commit.
 *
 *   node --import tsx tests/support/crash-writer.ts <database> <marker prefix>
 */
import { writeSync } from 'node:fs'
import { openDatabase } from '../../db/connection'
import { appendAudit } from '../../db/repositories/audit.repository'
import { insertClient } from '../../db/repositories/clients.repository'
import { createInvite, setAccessEnabled } from '../../db/repositories/portal-access.repository'

async function main(path: string, prefix: string): Promise<void> {
  const { db } = await openDatabase(path)
  // Synchronous writes to fd 1: a line is out before the next statement, whatever stdout is.
  writeSync(1, 'ready\n')
  for (let n = 0; ; n++) {
    const marker = `${prefix}-${n}`
    await db.transaction().execute(async (trx) => {
      const now = new Date().toISOString()
      const clientId = await insertClient(
        trx,
        { firstName: 'Crash', lastName: marker, preferredName: null, dateOfBirth: '1980-01-01', email: `${marker}@example.test`, phone: null },
        now,
      )
      await setAccessEnabled(trx, clientId, true, now)
      await createInvite(trx, { clientId, tokenHash: `token-${marker}`, now, expiresAt: '2099-01-01T00:00:00.000Z' })
      await appendAudit(trx, {
        actor: { type: 'system', name: 'crash-writer', workstation: null },
        action: 'crash-test.write',
        clientId,
        outcome: 'success',
        detail: { marker },
        at: now,
      })
    })
    writeSync(1, `committed ${marker}\n`)
  }
}

const [path, prefix] = process.argv.slice(2)
if (!path || !prefix) throw new Error('usage: crash-writer <database> <marker prefix>')
main(path, prefix).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
