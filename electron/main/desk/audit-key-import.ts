import { AuditKeyFileError, ChainKey } from '../../../db/audit/chain-key'
import { peekServerPracticeId } from '../../../db/peek-practice'
import { AppError } from '../app-error'
import type { HandlerContext } from '../context'
import { dataOf } from './practice-server'

/**
 * Before a desk joins a server: the practice's audit key for the server's practice, kept here
 * already, or imported into this desk's key store from the key file the admin chose (exported at
 * the first desk). A wrong or missing file is told beside the Audit key file field.
 */
export async function ensureAuditKey(ctx: HandlerContext, url: string, keyFile: string | undefined): Promise<void> {
  const practiceId = await peekServerPracticeId(url)
  if (!practiceId) return
  const keys = dataOf(ctx).keysFor(url)
  const field = (message: string) => new AppError('INVALID_INPUT', message, [{ field: 'auditKey', message }])
  try {
    if (await keys.load(practiceId)) return
  } catch (error) {
    if (!(error instanceof AuditKeyFileError)) throw error
  }
  if (!keyFile) throw field('This computer doesn’t have this practice’s audit key yet. Choose the key file (portico.audit-key) saved at the first desk under Settings → Audit key.')
  let key: ChainKey
  try {
    key = ChainKey.fromKeyFile(keyFile)
  } catch (error) {
    throw field(error instanceof AuditKeyFileError ? error.message : 'This is not a Portico audit key file.')
  }
  if (key.practiceId !== practiceId) throw field('This key file belongs to another practice, not to the one on this server. Choose the key file saved at this practice’s first desk.')
  try {
    await keys.save(key)
  } catch (error) {
    if (!(error instanceof AuditKeyFileError)) throw error
    throw new AppError('INTERNAL', `${error.message} This desk was not switched.`)
  }
}
