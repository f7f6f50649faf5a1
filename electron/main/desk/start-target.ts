import { serverUrl } from '../../../db/server-settings'
import type { DeskConfigStore } from './desk-config'

/**
 * Which database the desk opens at start: the server it was connected to (with the password
 * opened from this computer's secure storage), the file it was told, or its built-in database.
 * When the saved password can't be read, the built-in database is opened and `notice` says why
 * (admins see it under Settings → Practice database and can connect again).
 */
export function deskStartTarget(config: DeskConfigStore, builtInPath: string): { dbPath: string; notice: string | null } {
  const choice = config.get().database
  if (!choice) return { dbPath: builtInPath, notice: null }
  if (choice.engine === 'sqlite') return { dbPath: choice.file, notice: null }
  const server = config.server()!
  if (server.passwordProblem) {
    return {
      dbPath: builtInPath,
      notice: `${server.passwordProblem} So this desk opened the database built into this computer instead of the practice server ${choice.host}. An admin can connect to the server again here, under Settings → Practice database.`,
    }
  }
  return { dbPath: serverUrl(server.settings), notice: null }
}
