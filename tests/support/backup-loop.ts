/**
 * Takes backups of a Portico database, one after another, until it is killed.
 *
 *   node --import tsx tests/support/backup-loop.ts <database> <backups folder>
 */
import { writeSync } from 'node:fs'
import { createBackup } from '../../db/backup'
import { openSqliteFile } from './database'

async function main(path: string, folder: string): Promise<void> {
  const { sqlite } = await openSqliteFile(path)
  writeSync(1, 'ready\n')
  for (;;) {
    const started = performance.now()
    const backup = await createBackup(sqlite, folder)
    writeSync(1, `backup ${backup.name} ${backup.sizeBytes} ${Math.round(performance.now() - started)}\n`)
  }
}

const [path, folder] = process.argv.slice(2)
if (!path || !folder) throw new Error('usage: backup-loop <database> <backups folder>')
main(path, folder).catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
