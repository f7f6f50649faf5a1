import type { KeyStore } from './key-store'
import type { AuditTrailStores } from './open-audit-trail'

/**
 * After a practice was moved to a server: this computer records the server database as the same
 * practice (so a server database emptied later can't pass as a new one) and keeps the practice's
 * key where it looks for that server's key (so `audit:verify`, the portal and the desk here can
 * check and extend the same chain). The head recorded for the practice stays as it is: the moved
 * trail ends at the same event. Nothing to do for a trail that was never keyed (no practice id).
 *
 * @throws AuditKeyFileError when the file's key can't be read, or a different key is kept for the server.
 */
export async function recordMovedPractice(params: { practiceId: string | null; toUrl: string; fileKeys: KeyStore; serverStores: AuditTrailStores }): Promise<void> {
  const { practiceId, toUrl, fileKeys, serverStores } = params
  if (!practiceId) return
  const key = await fileKeys.load(practiceId)
  if (key) await serverStores.keys.save(key)
  serverStores.anchors.rememberDatabase(toUrl, practiceId)
}
