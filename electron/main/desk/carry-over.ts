import type { Kysely } from 'kysely'
import { isServerUrl } from '../../../db/dialect/target'
import { getSetting } from '../../../db/repositories/settings.repository'
import type { Database } from '../../../db/schema'
import type { DeskConfigStore } from './desk-config'

const PORT = { min: 1024, max: 65535, fallback: 5181 }

/**
 * Once per desk: the portal switch, its port and the backup folder an older Portico kept in the
 * database's settings table become this desk's own. Only from a file, which was one desk's: a
 * server's rows belong to no desk in particular (every desk would otherwise start the portal one
 * of them once served). The rows stay where they are; they are no longer read.
 */
export async function carryOverDeskSettings(db: Kysely<Database>, dbPath: string, config: DeskConfigStore, log: (line: string) => void): Promise<void> {
  try {
    if (isServerUrl(dbPath)) {
      config.carryOver({})
      return
    }
    const port = Number(await getSetting(db, 'portal.port'))
    config.carryOver({
      portal: { serve: (await getSetting(db, 'portal.serve')) === 'on', port: Number.isInteger(port) && port >= PORT.min && port <= PORT.max ? port : PORT.fallback },
      backupFolder: await getSetting(db, 'backup.folder'),
    })
  } catch {
    // Tried again at the next start; meanwhile the desk runs on its defaults.
    log('[desk] this desk’s settings could not be carried over into its own settings file')
  }
}
